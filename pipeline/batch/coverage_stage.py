"""After a crawl: the completeness ledger kept in the state and published as the ``coverage`` dataset."""

from __future__ import annotations

import os

import pandas as pd

from pipeline import coverage
from pipeline.storage import DataDir, Snapshot
from scrapers.coverage import ledger
from scrapers.sources import Source
from scrapers.state import State

Where = DataDir | str | os.PathLike


def record(data: Where, run_id: str, sources: list[Source], years: tuple[int, int] | None) -> pd.DataFrame:
    """Compute this run's ledger and keep it in the state; its rows (without agency ids: resolving
    them loads the division tables, which only publishing needs)."""
    with State(DataDir.of(data).state_db) as state:
        rows = [r.as_dict() for r in ledger(state, run_id, sources, years)]
        state.set_coverage(rows, run_id)
    return pd.DataFrame(rows, columns=["source", "agency", "year", "status", "detail", "region"])


def from_state(data: Where) -> pd.DataFrame | None:
    """The whole ledger the state keeps (every source crawled so far), or None without a state."""
    path = DataDir.of(data).state_db
    if not path.is_file():
        return None
    with State(path) as state:
        return coverage.frame(state.coverage())


def publish(data: Where) -> Snapshot | None:
    """Write the state's whole ledger into the current snapshot (after a load switched it); nothing
    before the first load (there is no snapshot to put it in: ``xxgk coverage`` reads the state)."""
    data = DataDir.of(data)
    if data.current() is None:
        return None
    table = from_state(data)
    return coverage.write(data, table) if table is not None else None
