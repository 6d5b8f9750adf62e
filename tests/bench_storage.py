"""`make bench`: memory of ``xxgk load`` as the number of documents grows (issue 12, part 5).

Generated HTML reports (several per agency-year: later ones supersede) are loaded by
``xxgk load`` with the default jobs, in a child process; its peak RSS and the
peak RSS of its largest extraction worker are read with ``resource.getrusage``
(RUSAGE_SELF and RUSAGE_CHILDREN). Targets: the driver's peak at 10,000
documents ≤ 1.1 × its peak at 1,000, and ≤ 300 MB. CPU seconds (driver and
workers), not wall time: the machine may be shared.

    python tests/bench_storage.py [N ...]     (default: 1000 10000)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.samples import make_report, render_html

CHILD = """
import resource, sys
from pipeline.cli import app
sys.argv = ['xxgk', 'load', sys.argv[1], '--data', sys.argv[2]]
try:
    app()
except SystemExit:
    pass
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print('RESULT', me.ru_maxrss, kids.ru_maxrss, me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime)
"""


def _documents(folder: Path, n: int) -> None:
    rng = random.Random(7)
    folder.mkdir(parents=True)
    for i in range(n):
        report = make_report(rng, "2021" if i % 3 else "2019")
        (folder / f"r{i:05d}.html").write_bytes(render_html(report, rng))


def load_memory(n: int) -> dict:
    """Peak RSS (MB) of ``xxgk load`` of n generated reports with default jobs: driver and largest worker."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        _documents(src, n)
        proc = subprocess.run([sys.executable, "-c", CHILD, str(src), str(Path(tmp) / "data")],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT")), None)
        if line is None:
            raise SystemExit(f"load of {n} reports failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        _, me, kids, me_cpu, kids_cpu = line.split()
        summary = next((x.strip() for x in proc.stdout.splitlines() if "files read" in x), "")
        return {"reports": n, "driver_peak_rss_mb": round(int(me) / 1024, 1),
                "worker_peak_rss_mb": round(int(kids) / 1024, 1), "driver_cpu_s": round(float(me_cpu), 1),
                "workers_cpu_s": round(float(kids_cpu), 1), "summary": summary}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000]
    runs = [load_memory(n) for n in sizes]
    results: dict = {"load_memory": runs}
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        ratio = large["driver_peak_rss_mb"] / small["driver_peak_rss_mb"]
        results["driver_ratio"] = round(ratio, 3)
        results["targets_met"] = ratio <= 1.1 and all(r["driver_peak_rss_mb"] <= 300 for r in runs)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    out = ROOT / "data" / "bench_storage.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
