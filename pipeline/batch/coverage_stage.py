"""After a crawl: the completeness ledger kept in the state and published as the ``coverage`` dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import coverage
from pipeline.load import current_snapshot
from scrapers.coverage import ledger
from scrapers.sources import Source
from scrapers.state import State


def record(data: Path, run_id: str, sources: list[Source], years: tuple[int, int] | None) -> pd.DataFrame:
    """Compute this run's ledger and keep it in the state; its rows (without agency ids: resolving
    them loads the division tables, which only publishing needs)."""
    with State(data / "state.sqlite") as state:
        rows = [r.as_dict() for r in ledger(state, run_id, sources, years)]
        state.set_coverage(rows, run_id)
    return pd.DataFrame(rows, columns=["source", "agency", "year", "status", "detail", "region"])


def from_state(data: Path) -> pd.DataFrame | None:
    """The whole ledger the state keeps (every source crawled so far), or None without a state."""
    if not (data / "state.sqlite").is_file():
        return None
    with State(data / "state.sqlite") as state:
        return coverage.frame(state.coverage())


def publish(data: Path) -> Path | None:
    """Write the state's whole ledger into the current snapshot (after a load switched it); nothing
    before the first load (there is no snapshot to put it in: ``xxgk coverage`` reads the state)."""
    if current_snapshot(data) is None:
        return None
    table = from_state(data)
    return coverage.write(data, table) if table is not None else None
