"""Several processes opening one new crawl state file at once (crawlers sharing a frontier and a
data directory): every one gets it in WAL mode; none fails with 'database is locked'."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from scrapers.state import State


def _open(path: str, start, results) -> None:
    start.wait()
    try:
        with State(path) as state:
            results.put(state.db.execute("PRAGMA journal_mode").fetchone()[0])
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_one_new_state_file_at_once_all_get_it(tmp_path: Path):
    ctx = multiprocessing.get_context("fork")
    for round_ in range(5):
        path = str(tmp_path / f"state-{round_}.db")
        start, results = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_open, args=(path, start, results)) for _ in range(6)]
        for p in procs:
            p.start()
        start.set()
        got = sorted(results.get(timeout=120) for _ in procs)
        for p in procs:
            p.join(timeout=60)
        assert got == ["wal"] * 6
