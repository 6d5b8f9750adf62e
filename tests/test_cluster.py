"""Extraction on a real Dask cluster: a ``LocalCluster`` of two worker processes, and a
``dask scheduler`` + ``dask worker`` pair started from the command line, all on 127.0.0.1
with random ports. The datasets a cluster load writes must equal a local run's, cell for cell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import cloudpickle
import dask
import pandas as pd
import pytest
from conftest import CORPUS, corpus_path
from poison_reader import poison

from pipeline.extract import extract_path, iter_report_files, lost_extraction
from pipeline.load import DATASETS, read_table
from pipeline.workers import SCHEDULER_ENV, ClusterGone, executor_for

distributed = pytest.importorskip("distributed")

XXGK = [sys.executable, "-m", "pipeline.cli"]
DASK = str(Path(sys.executable).parent / "dask")
HUAIAN_2024 = "reports/huaian-city-gov-2024.pdf"
# One task at a time on a one-thread worker: one that dies takes no queued task down with it.
# A LocalCluster closes for good a worker not back within lost-worker-timeout (15 s): a busy CI
# machine restarting workers that documents killed can take longer (seen: the cluster lost both).
CLUSTER_CONFIG = {"distributed.scheduler.worker-saturation": 1.0, "distributed.deploy.lost-worker-timeout": "10m"}


def xxgk(*args, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*XXGK, *map(str, args)], capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def datasets(data: Path) -> dict[str, pd.DataFrame]:
    """Every dataset, rows sorted on every column, without the load's timestamp."""
    out = {}
    for name in DATASETS:
        df = read_table(data, name).to_pandas().drop(columns=["loaded_at"], errors="ignore")
        df = df.astype({c: "string" for c in df.columns if df[c].dtype == object})
        out[name] = df.sort_values(list(df.columns), na_position="first").reset_index(drop=True)
    return out


def assert_same_datasets(got: Path, want: dict[str, pd.DataFrame]) -> None:
    have = datasets(got)
    for name, frame in want.items():
        pd.testing.assert_frame_equal(have[name], frame, check_exact=True, obj=name)


@pytest.fixture(scope="module")
def files() -> list[Path]:
    corpus_path(HUAIAN_2024)
    return iter_report_files([CORPUS])


@pytest.fixture(scope="module")
def reference(files, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The whole corpus loaded in one local process (``--jobs 1``)."""
    data = tmp_path_factory.mktemp("local") / "data"
    proc = xxgk("load", *files, "--data", data, "--jobs", "1")
    assert proc.returncode == 1, proc.stderr  # the corpus' listing page has no tables
    frames = datasets(data)
    requests = frames["requests"]
    total = requests[(requests.agency_id == "320800-gov") & (requests.year == 2024)
                     & (requests.row == "new_received") & (requests.applicant == "total")]
    assert total.value.tolist() == [3119]
    assert len(frames["reports"]) == 11 and sorted(frames["reports"].status.unique()) == ["ok", "partial"]
    return frames


@pytest.fixture(scope="module")
def local_cluster():
    with dask.config.set({"distributed.scheduler.allowed-failures": 1, **CLUSTER_CONFIG}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_load_on_a_local_cluster_equals_a_local_run(files, reference, local_cluster, tmp_path):
    proc = xxgk("load", *files, "--data", tmp_path / "data", "--scheduler", local_cluster)
    assert proc.returncode == 1, proc.stderr
    assert "1 file(s) failed" in proc.stderr and "11 new" in proc.stdout
    assert_same_datasets(tmp_path / "data", reference)


def test_local_worker_processes_build_the_same_rows(files, reference, tmp_path):
    """--jobs 2: the workers make the rows (pipeline.load.prepare), not the driver."""
    proc = xxgk("load", *files, "--data", tmp_path / "data", "--jobs", "2")
    assert proc.returncode == 1, proc.stderr
    assert_same_datasets(tmp_path / "data", reference)


def _die_or_extract(path: Path) -> object:
    """Kills its worker on files named ``die-always*``, and on ``die-once*`` the first time."""
    if path.name.startswith("die-always"):
        os._exit(3)
    marker = path.with_suffix(".died")
    if path.name.startswith("die-once") and not marker.exists():
        marker.touch()
        os._exit(3)
    return extract_path(path)


def test_a_worker_that_dies_costs_one_retry_or_one_document(local_cluster, tmp_path):
    """The scheduler replaces a dead worker and re-runs its call; a call that kills every worker it
    lands on (twice: allowed-failures 1) is run again document by document, and the document at
    fault is reported failed by name; the rest goes on, in order."""
    pdf = corpus_path("reports/huaian-hongze-district-gov-2023.pdf")
    once, always = tmp_path / "die-once.pdf", tmp_path / "die-always.pdf"
    once.write_bytes(pdf.read_bytes())
    always.write_bytes(pdf.read_bytes())
    text = corpus_path("reports/yima-xinfang-2024.txt")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with executor_for(local_cluster) as pool:
            got = list(pool.map(_die_or_extract, [once, always, text, pdf], on_error=lost_extraction, chunksize=2))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert [ex.file for ex in got] == [str(once), str(always), str(text), str(pdf)]
    assert [ex.status for ex in got] == ["ok", "failed", "ok", "ok"]
    assert got[0].tables["table3"].value("new_received", "total") == 21  # retried on a new worker
    assert got[1].error == f"worker died (Dask workers lost 2 times) while reading {always}"


# Poisoned files (tests/poison_reader.py) really kill the worker reading them: a batch with several
# must fail those files by name, and load the same datasets as a batch without them.
TESTS = Path(__file__).resolve().parent
POISONED = {"XXGK_PLUGINS": "poison_reader", "PYTHONPATH": os.pathsep.join(filter(None, [
    str(TESTS), os.environ.get("PYTHONPATH")]))}


def with_poison(files: list[Path], folder: Path, deaths: dict[str, str]) -> tuple[list[Path], list[str]]:
    """``files`` with a poisoned file after every few, and the error each must give."""
    out, errors = list(files), []
    for i, (action, how) in enumerate(deaths.items()):
        bad = folder / f"poison-{i}.pdf"
        bad.write_bytes(poison(action))
        out.insert(3 * i + 1, bad)
        errors.append(f"worker died ({how}) while reading {bad}")
    return out, errors


@pytest.mark.parametrize("deaths", [{"kill KILL": "SIGKILL", "segfault": "SIGSEGV", "exit 3": "exit code 3"}],
                         ids=["kill-segfault-exit"])
def test_local_workers_that_die_cost_their_files_only(files, reference, tmp_path, deaths):
    batch, errors = with_poison(files, tmp_path, deaths)
    proc = xxgk("load", *batch, "--data", tmp_path / "data", "--jobs", "2", env=POISONED)
    assert proc.returncode == 1, proc.stderr
    assert f"{1 + len(deaths)} file(s) failed" in proc.stderr and "11 new" in proc.stdout
    for error in errors:
        assert f"failed: {error}" in " ".join(proc.stderr.split()), error
    assert_same_datasets(tmp_path / "data", reference)


def test_cluster_workers_that_die_cost_their_files_only(files, reference, local_cluster, tmp_path, monkeypatch):
    """The LocalCluster's workers import the poison reader too (they inherit this process's sys.path)."""
    monkeypatch.syspath_prepend(str(TESTS))
    batch, errors = with_poison(files, tmp_path, {"kill KILL": "Dask workers lost 2 times",
                                                   "segfault": "Dask workers lost 2 times"})
    proc = xxgk("load", *batch, "--data", tmp_path / "data", "--scheduler", local_cluster, env=POISONED)
    assert proc.returncode == 1, proc.stderr
    assert "3 file(s) failed" in proc.stderr and "11 new" in proc.stdout
    for error in errors:
        assert f"failed: {error}" in " ".join(proc.stderr.split()), error
    assert_same_datasets(tmp_path / "data", reference)


def test_a_file_over_the_time_limit_is_named_and_the_rest_extracted(tmp_path):
    """``--time-limit`` on the command line: an endless loop in a reader costs its file only."""
    text = corpus_path("reports/yima-xinfang-2024.txt")
    loop = tmp_path / "loop.txt"
    loop.write_bytes(poison("loop"))
    proc = xxgk("extract", text, loop, text, text, "--jobs", "2", "--json", "--time-limit", "5", env=POISONED)
    assert proc.returncode == 1
    got = json.loads(proc.stdout)
    assert [ex["status"] for ex in got] == ["ok", "failed", "ok", "ok"]
    assert got[1]["error"] == f"timed out after 5 s reading {loop}"
    assert f"{loop}: failed: timed out after 5 s reading {loop}" in " ".join(proc.stderr.split())


def test_a_file_over_the_time_limit_on_a_cluster_is_named_and_the_rest_extracted(local_cluster, tmp_path,
                                                                                  monkeypatch):
    """On a Dask worker the item runs in the worker's task thread: the worker's watchdog stops it
    there, and the worker goes on with the next files."""
    monkeypatch.syspath_prepend(str(TESTS))
    text = corpus_path("reports/yima-xinfang-2024.txt")
    loop = tmp_path / "loop.txt"
    loop.write_bytes(poison("loop"))
    proc = xxgk("extract", text, loop, text, loop, text, "--json", "--time-limit", "3", "--scheduler", local_cluster,
                env=POISONED)
    assert proc.returncode == 1, proc.stderr
    got = json.loads(proc.stdout)
    assert [ex["status"] for ex in got] == ["ok", "failed", "ok", "failed", "ok"]
    assert got[1]["error"] == got[3]["error"] == f"timed out after 3 s reading {loop}"
    assert got[4] == got[0] and (got[0]["agency"], got[0]["year"]) == ("义马市信访局", 2024)


@pytest.fixture(scope="module")
def command_line_cluster(tmp_path_factory):
    """``dask scheduler`` and ``dask worker --nworkers 2`` as a user starts them, stopped afterwards."""
    tmp = tmp_path_factory.mktemp("dask-cli")
    address_file = tmp / "scheduler.json"
    common = ["--no-dashboard"]
    scheduler = subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file",
                                  str(address_file), *common], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [scheduler]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline and scheduler.poll() is None:
            time.sleep(0.2)
        assert address_file.exists(), "dask scheduler did not start"
        address = json.loads(address_file.read_text())["address"]
        procs.append(subprocess.Popen([DASK, "worker", address, "--host", "127.0.0.1", "--nworkers", "2",
                                       "--nthreads", "1", *common],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_load_on_a_command_line_cluster_equals_a_local_run(files, reference, command_line_cluster, tmp_path):
    proc = xxgk("load", *files, "--data", tmp_path / "data", env={SCHEDULER_ENV: command_line_cluster})
    assert proc.returncode == 1, proc.stderr
    assert_same_datasets(tmp_path / "data", reference)


def test_extract_json_on_a_cluster_equals_a_local_run(files, command_line_cluster):
    """Relative paths too: they mean on the workers what they mean where xxgk runs."""
    names = [f.relative_to(CORPUS) for f in files]
    local = xxgk("extract", *names, "--json", cwd=CORPUS)
    remote = xxgk("extract", *names, "--json", "--scheduler", command_line_cluster, cwd=CORPUS)
    assert remote.returncode == local.returncode == 1
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout)[names.index(Path(HUAIAN_2024))]["table3"]["new_received"]["total"] == 3119


def test_a_bad_scheduler_address_is_one_line_and_exit_2(tmp_path):
    proc = xxgk("extract", corpus_path("reports/yima-xinfang-2024.txt"), "--scheduler", "http://nowhere")
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("--scheduler: unknown scheduler 'http://nowhere'")


def test_a_cluster_left_without_workers_stops_the_map_with_a_clear_error(tmp_path):
    """A worker without a nanny is not replaced: once it is gone, a wait for a result ends
    with ClusterGone after ``lost_workers_s`` instead of blocking for ever."""
    address_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(address_file)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        worker = subprocess.Popen([DASK, "worker", address, "--host", "127.0.0.1", "--no-nanny", "--nthreads", "1",
                                   "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with executor_for(address) as pool:
            pool.lost_workers_s = 2
            worker.kill()
            worker.wait()
            started = time.monotonic()
            with pytest.raises(ClusterGone, match=f"the Dask cluster at {address} has had no worker for 2 s"):
                list(pool.map(time.sleep, [0.1, 0.1]))
            assert time.monotonic() - started < 60
    finally:
        for proc in filter(None, [worker, scheduler]):
            proc.kill()
            proc.wait()
