"""`make bench`: memory and parallel speed of ``xxgk extract`` and ``xxgk load`` (issue 12).

Prints figures and writes data/bench_scale.json. Documents are generated HTML reports with a
real corpus document (../shared/corpus, or XXGK_CORPUS) every 50th; the real corpus is
required. On a shared machine wall time says little, so CPU time is measured too (getrusage
of each process, children included) and the driver's share of it: with a driver share d of
the total CPU on two cores, the speedup of two workers over one is at most 1 / (d + (1 - d) / 2).

Each parallel configuration runs ``REPEATS`` times and its fastest run is compared (as timeit
does): on a shared machine one run's wall time varies by a quarter. The steady speedup compares documents taken in per second between the first and the last
tenth of the documents: what a long load gains, without the start (processes, imports) and the
commit, which a bench of a few thousand documents weighs far more than a national run does.

The speedup of ``load --jobs 2`` over ``--jobs 1`` is also modelled from CPU time, which other
users of the machine barely change: the wall time on ``cores`` idle cores is the driver's start
(before the first document is taken in), then the CPU of the driver and the workers while
documents are taken in, spread over the cores, then the commit: the main thread's CPU (serial)
plus what the partition-writing threads spent, spread over the cores. Wall time is printed too,
with the load average, for when the machine is quiet.

    python tests/bench_scale.py [--quick]   # --quick: 200/2,000 documents instead of 1,000/10,000
    XXGK_BENCH_SCALE_ONLY=local,dask        # only these parts (memory, local, dask)
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CORPUS
from figures import publish

from pipeline.extract import iter_report_files
from pipeline.samples import make_report, render_html

REAL_EVERY = 50
REPEATS = 3  # runs of each parallel configuration; the fastest is compared

# Runs one xxgk command and prints its figures as JSON: wall, this process's CPU and peak RSS (VmHWM),
# and the same for its worker processes (RUSAGE_CHILDREN: the largest child's peak RSS).
# For ``load``, the driver's CPU is split where its documents have all been taken in
# (pipeline.load.loader._take_in returns): before, during, and after (the commit), the latter also
# for the main thread alone (the rest of the commit's CPU is the partition-writing threads').
_RUNNER = """
import json, resource, sys, time
from pipeline.cli import app
from pipeline.load import loader
t = time.perf_counter()
marks = {}
take_in = loader._take_in
stamps = []
def stamped(extractions):
    for item in extractions:
        stamps.append(time.perf_counter())
        yield item
def timed_take_in(extractions, *args, **kwargs):
    marks["start"] = time.process_time()
    try:
        return take_in(stamped(extractions), *args, **kwargs)
    finally:
        marks["end"], marks["end_main"] = time.process_time(), time.thread_time()
loader._take_in = timed_take_in
sys.argv = ["xxgk", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
def peak_kb():
    # VmHWM: this program's own peak. ru_maxrss survives exec, so it would be at least the RSS of
    # the process that started this one (the bench, holding a Dask scheduler: 500 MB).
    try:
        status = open("/proc/self/status").read()
        return int(status.split("VmHWM:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
cpu, main = time.process_time(), time.thread_time()
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
figures = {"wall_s": round(time.perf_counter() - t, 2),
      "driver_cpu_s": round(me.ru_utime + me.ru_stime, 2), "workers_cpu_s": round(kids.ru_utime + kids.ru_stime, 2),
      "driver_peak_rss_mb": round(peak_kb() / 1024, 1), "worker_peak_rss_mb": round(kids.ru_maxrss / 1024, 1)}
if "end" in marks:
    figures.update(start_cpu_s=round(marks["start"], 2), take_in_cpu_s=round(marks["end"] - marks["start"], 2),
                   commit_cpu_s=round(cpu - marks["end"], 2), commit_main_cpu_s=round(main - marks["end_main"], 2))
if len(stamps) >= 10:  # documents per second between the first and the last tenth taken in
    a, b = stamps[len(stamps) // 10], stamps[9 * len(stamps) // 10]
    figures["steady_docs_per_s"] = round((9 * len(stamps) // 10 - len(stamps) // 10) / (b - a), 1)
print("FIGURES " + json.dumps(figures), file=sys.stderr)
"""


def require_corpus() -> list[Path]:
    if not CORPUS.is_dir():
        sys.exit(f"bench_scale: the real-document corpus is missing at {CORPUS}: "
                 "set XXGK_CORPUS to its folder (the bench does not run without it)")
    return iter_report_files([CORPUS])


def make_documents(n: int, folder: Path, real: list[Path]) -> Path:
    """``n`` report files: generated HTML reports, every ``REAL_EVERY``-th a real corpus document."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for i in range(n):
        if i % REAL_EVERY == REAL_EVERY - 1:
            src = real[(i // REAL_EVERY) % len(real)]
            shutil.copyfile(src, folder / f"r{i:05d}{src.suffix}")
        else:
            report = make_report(rng, "2021" if i % 3 else "2019")
            (folder / f"r{i:05d}.html").write_bytes(render_html(report, rng))
    return folder


def xxgk(*args, env: dict | None = None) -> dict:
    """Run one command under ``nice`` and return its figures (stdout to /dev/null)."""
    proc = subprocess.run(["nice", "-n", "10", sys.executable, "-c", _RUNNER, *map(str, args)], cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
                          env={**os.environ, **(env or {})})
    line = next((x for x in proc.stderr.splitlines() if x.startswith("FIGURES ")), None)
    if line is None:
        raise RuntimeError(f"xxgk {' '.join(map(str, args))} failed:\n{proc.stderr[-3000:]}")
    figures = json.loads(line.removeprefix("FIGURES "))
    total = figures["driver_cpu_s"] + figures["workers_cpu_s"]
    figures["driver_share"] = round(figures["driver_cpu_s"] / total, 3) if total else None
    return figures


def memory(tmp: Path, small: int, large: int) -> dict:
    """Peak RSS of extract (default --jobs 1, JSON streamed) and load (default jobs: CPU count)."""
    out = {}
    for n in (small, large):
        docs = tmp / f"docs-{n}"
        out[f"extract_{n}"] = xxgk("extract", docs, "--json")
        out[f"load_{n}"] = xxgk("load", docs, "--data", tmp / f"data-mem-{n}")
    for cmd in ("extract", "load"):
        a, b = out[f"{cmd}_{small}"], out[f"{cmd}_{large}"]
        peak = {n: max(out[f"{cmd}_{n}"]["driver_peak_rss_mb"], out[f"{cmd}_{n}"]["worker_peak_rss_mb"])
                for n in (small, large)}
        out[f"{cmd}_rss_ratio"] = round(peak[large] / peak[small], 3)
        out[f"{cmd}_flat"] = peak[large] <= 1.1 * peak[small] and peak[large] <= 300
        out[f"{cmd}_driver_rss_ratio"] = round(b["driver_peak_rss_mb"] / a["driver_peak_rss_mb"], 3)
    return out


def speedup(one: dict, two: dict) -> dict:
    cpu_one = one["driver_cpu_s"] + one["workers_cpu_s"]
    d = two["driver_share"] or 0
    steady = (round(two["steady_docs_per_s"] / one["steady_docs_per_s"], 2)
              if "steady_docs_per_s" in one and "steady_docs_per_s" in two else None)
    return {"wall_speedup": round(one["wall_s"] / two["wall_s"], 2), "steady_speedup": steady,
            "cpu_one_s": round(cpu_one, 2), "cpu_two_s": round(two["driver_cpu_s"] + two["workers_cpu_s"], 2),
            "bound_from_driver_share": round(1 / (d + (1 - d) / 2), 2)}


def modelled_wall(figures: dict, jobs: int, cores: int) -> float:
    """The wall time of a load on ``cores`` idle cores, from its CPU times (see the module's docstring)."""
    taking_in, workers = figures["take_in_cpu_s"], figures["workers_cpu_s"]
    threads = figures["commit_cpu_s"] - figures["commit_main_cpu_s"]
    return (figures["start_cpu_s"] + max(taking_in, workers / jobs, (taking_in + workers) / cores)
            + figures["commit_main_cpu_s"] + threads / cores)


def fastest(runs: list[dict]) -> dict:
    """Of repeated runs, the one with the least wall time: what the machine does when others leave
    it alone (the runs are kept beside it)."""
    best = dict(min(runs, key=lambda f: f["wall_s"]))
    best["walls_s"] = [f["wall_s"] for f in runs]
    return best


def local_jobs(tmp: Path, n: int) -> dict:
    docs = tmp / f"docs-{n}"
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for r in range(REPEATS):  # alternated, so that a busy spell of the machine falls on both
        for jobs, done in runs.items():
            done.append(xxgk("load", docs, "--data", tmp / f"data-j{jobs}-{r}", "--jobs", jobs))
    one, two = fastest(runs[1]), fastest(runs[2])
    cores = os.cpu_count() or 1
    model = {jobs: round(modelled_wall(figures, jobs, cores), 2) for jobs, figures in ((1, one), (2, two))}
    return {"documents": n, "jobs_1": one, "jobs_2": two, **speedup(one, two),
            "modelled_wall_s": model, "modelled_speedup": round(model[1] / model[2], 2),
            "same_datasets": same_datasets(tmp / "data-j1-0", tmp / "data-j2-0")}


def same_datasets(a: Path, b: Path) -> bool:
    """Whether two loads wrote the same rows, cell for cell (``loaded_at`` aside: each load stamps its own)."""
    from test_cluster import datasets

    one, two = datasets(a), datasets(b)
    return all(one[name].equals(two[name]) for name in one)


def dask_workers(tmp: Path, n: int) -> dict:
    """``xxgk load --scheduler`` on a LocalCluster of 1, then 2 worker processes (one thread each).
    The scheduler runs in this process: its CPU is counted with the driver's."""
    import dask
    from distributed import Client, LocalCluster

    docs = tmp / f"docs-{n}"
    out: dict = {"documents": n}
    for workers in (1, 2):
        with dask.config.set({"distributed.admin.system-monitor.interval": "1s"}), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                             dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(_warm_up)  # imports and division tables, once per worker: not what is measured
            runs = []
            for r in range(REPEATS):
                before = _worker_cpu(client)
                me = time.process_time()
                figures = xxgk("load", docs, "--data", tmp / f"data-dask-{workers}-{r}", "--scheduler",
                               cluster.scheduler_address)
                figures["scheduler_cpu_s"] = round(time.process_time() - me, 2)
                figures["workers_cpu_s"] = round(_worker_cpu(client) - before, 2)
                total = figures["driver_cpu_s"] + figures["scheduler_cpu_s"] + figures["workers_cpu_s"]
                figures["driver_share"] = round((figures["driver_cpu_s"] + figures["scheduler_cpu_s"]) / total, 3)
                runs.append(figures)
            out[f"workers_{workers}"] = fastest(runs)
    out.update(speedup(out["workers_1"], out["workers_2"]))
    return out


def _warm_up() -> None:
    from pipeline.agencies.divisions import divisions
    from pipeline.extract import extract_path  # noqa: F401

    divisions()


def _worker_cpu(client) -> float:
    def cpu() -> float:
        me = resource.getrusage(resource.RUSAGE_SELF)
        return me.ru_utime + me.ru_stime
    return sum(client.run(cpu).values())


PARTS = ("memory", "local", "dask")


def main() -> None:
    quick = "--quick" in sys.argv
    small, large = (200, 2_000) if quick else (1_000, 10_000)
    parallel_n = 600 if quick else 3_000
    only = [p for p in os.environ.get("XXGK_BENCH_SCALE_ONLY", ",".join(PARTS)).split(",") if p]
    if unknown := set(only) - set(PARTS):
        sys.exit(f"bench_scale: XXGK_BENCH_SCALE_ONLY: unknown part(s) {sorted(unknown)}; the parts: {PARTS}")
    real = require_corpus()
    results: dict = {"cores": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-scale-") as name:
        tmp = Path(name)
        sizes = ({small, large} if "memory" in only else set()) | ({parallel_n} if {"local", "dask"} & set(only) else set())
        for n in sizes:
            make_documents(n, tmp / f"docs-{n}", real)
        if "memory" in only:
            results["memory"] = memory(tmp, small, large)
        if "local" in only:
            results["load_jobs_2_vs_1"] = local_jobs(tmp, parallel_n)
        if "dask" in only:
            results["dask_2_vs_1_workers"] = dask_workers(tmp, parallel_n)
    results["load_average_at_end"] = os.getloadavg()
    publish("bench_scale", results)


if __name__ == "__main__":
    main()
