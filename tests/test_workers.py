"""The local executor: results in input order, items read lazily (bounded memory), failures in place,
workers that die or overrun their time limit cost their document only."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from poison_reader import poison

from pipeline.batch.extract_stage import Pending, extract_all
from pipeline.read import read_path
from pipeline.workers import TIME_LIMIT_ENV, ItemLost, executor_for
from pipeline.workers.base import IN_FLIGHT_PER_WORKER
from scrapers.archive import RawArchive


def _inverse(x: int) -> float:
    return 1 / x


def test_items_are_read_as_results_are_consumed():
    """An endless input: the first results come back, and only a window of items was read."""
    read = []

    def items():
        for i in itertools.count(1):
            read.append(i)
            yield i

    with executor_for(None, 2) as pool:
        first = list(itertools.islice(pool.map(_inverse, items(), chunksize=3), 10))
    assert first == [1 / i for i in range(1, 11)]
    assert len(read) <= 10 + IN_FLIGHT_PER_WORKER * 2 * 3 + 3


def test_a_failing_item_gives_its_on_error_result_in_place():
    with executor_for("local", 2) as pool:
        got = list(pool.map(_inverse, [1, 2, 0, 4, 5, 8], chunksize=2,
                            on_error=lambda item, exc: f"{item}: {type(exc).__name__}"))
    assert got == [1.0, 0.5, "0: ZeroDivisionError", 0.25, 0.2, 0.125]


def test_without_on_error_the_failure_propagates():
    with executor_for(None, 2) as pool, pytest.raises(ZeroDivisionError):
        list(pool.map(_inverse, [1, 2, 0, 4, 5, 8]))


def test_an_unknown_scheduler_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown scheduler 'redis://x': expected .*local.*tcp://HOST:PORT"):
        executor_for("redis://x")


# --- workers that die or hang (tests/poison_reader.py: a document kind that really does it) ---

TESTS = Path(__file__).resolve().parent
DEATHS = {"kill KILL": "SIGKILL", "kill SEGV": "SIGSEGV", "segfault": "SIGSEGV", "kill ABRT": "SIGABRT",
          "exit 3": "exit code 3", "kill BUS": "SIGBUS"}


@pytest.fixture
def poison_plugin(monkeypatch):
    """Worker processes (forked from this one) import the poison reader through XXGK_PLUGINS."""
    monkeypatch.setenv("XXGK_PLUGINS", "poison_reader")
    monkeypatch.syspath_prepend(str(TESTS))


def _text_file(folder: Path, i: int) -> Path:
    path = folder / f"plain-{i}.txt"
    path.write_text(f"第{i}份 " + "政府信息公开" * i, "utf-8")
    return path


def _kind_and_length(path: Path) -> tuple[str, int]:
    doc = read_path(path)
    return doc.file_type, sum(len(b.text) for b in doc.blocks)


def _failure(item: Path, exc: BaseException) -> str:
    return exc.describe(str(item)) if isinstance(exc, ItemLost) else f"{type(exc).__name__}"


@pytest.mark.parametrize("chunksize", [1, 3])
def test_each_way_a_worker_dies_fails_its_document_only(poison_plugin, tmp_path, chunksize):
    """Six ways of dying in one batch (signals, a real segfault, os._exit): each poisoned file is
    reported with its cause and name, every other file is read, in order, and the pool goes on."""
    items, want = [], []
    for i, (action, how) in enumerate(DEATHS.items()):
        plain = _text_file(tmp_path, i + 1)
        items.append(plain)
        want.append(_kind_and_length(plain))
        bad = tmp_path / f"poison-{i}.txt"
        bad.write_bytes(poison(action))
        items.append(bad)
        want.append(f"worker died ({how}) while reading {bad}")
    with executor_for(None, 2) as pool:
        got = list(pool.map(_kind_and_length, items, on_error=_failure, chunksize=chunksize))
    assert got == want
    assert want[0] == ("text", 10)


def test_a_document_over_its_time_is_stopped_and_named(poison_plugin, tmp_path):
    """A pure-Python endless loop (stopped by the exception the watchdog raises) and a call blocked
    in native code (its worker ended): both 'timed out', the others read."""
    loop, block = tmp_path / "loop.txt", tmp_path / "block.txt"
    loop.write_bytes(poison("loop"))
    block.write_bytes(poison("block"))
    plain = [_text_file(tmp_path, i) for i in (1, 2, 3)]
    started = time.monotonic()
    with executor_for("local", 2, time_limit=1) as pool:
        got = list(pool.map(_kind_and_length, [plain[0], loop, plain[1], block, plain[2]], on_error=_failure,
                            chunksize=2))
    assert got == [("text", 10), f"timed out after 1 s reading {loop}", ("text", 16),
                   f"timed out after 1 s reading {block}", ("text", 22)]
    assert time.monotonic() - started < 60


def test_in_this_process_a_loop_is_stopped_too(poison_plugin, tmp_path):
    """One job: the document runs in this process, whose watchdog raises but never ends it."""
    loop = tmp_path / "loop.txt"
    loop.write_bytes(poison("loop"))
    plain = _text_file(tmp_path, 2)
    with executor_for(None, 1, time_limit=0.5) as pool:
        got = list(pool.map(_kind_and_length, [loop, plain], on_error=_failure))
    assert got == [f"timed out after 0.5 s reading {loop}", ("text", 16)]


def test_the_time_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(TIME_LIMIT_ENV, "42")
    assert executor_for(None, 2).time_limit == 42
    monkeypatch.setenv(TIME_LIMIT_ENV, "0")
    assert executor_for(None, 2).time_limit == float("inf")
    monkeypatch.delenv(TIME_LIMIT_ENV)
    assert executor_for(None, 2).time_limit == 900
    monkeypatch.setenv(TIME_LIMIT_ENV, "soon")
    with pytest.raises(ValueError, match="XXGK_TIME_LIMIT='soon': expected a number of seconds"):
        executor_for(None, 2)


def test_a_batch_run_reports_the_dead_workers_report_and_extracts_the_others(poison_plugin, tmp_path):
    """``xxgk run``'s extraction stage over archived reports: a report whose reading kills its worker
    is failed by its URL and marked lost (not recorded as extracted: the next run tries again)."""
    archive = RawArchive(tmp_path / "raw")
    pending = []
    for i, data in enumerate([b"plain", poison("kill KILL"), b"plain", b"plain"]):
        body = data if data != b"plain" else f"第{i}份 政府信息公开".encode()
        sha, _ = archive.put(body)
        url = f"http://127.0.0.1/r{i}.txt"
        pending.append(Pending(f"key-{i}", "义马市信访局", 2024, sha, [(url, "report", sha, None)]))
    with executor_for(None, 2) as pool:
        got = list(extract_all(tmp_path / "raw", pending, pool))
    assert [item.pending.key for item in got] == [p.key for p in pending]
    assert [item.lost for item in got] == [False, True, False, False]
    assert [item.extraction.error for item in got if item.lost] == [
        "worker died (SIGKILL) while reading http://127.0.0.1/r1.txt"]
    assert {item.extraction.status for item in got} == {"failed"}  # plain text: no tables, but read
    assert [item.extraction.agency for item in got] == ["义马市信访局"] * 4
