"""After a crawl: the completeness ledger kept in the state and published as the ``coverage`` dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import coverage
from scrapers.coverage import ledger
from scrapers.sources import Source
from scrapers.state import State


def record(data: Path, run_id: str, sources: list[Source], years: tuple[int, int] | None) -> pd.DataFrame:
    """Compute this run's ledger, keep it in the state, and return it as the dataset's rows."""
    with State(data / "state.sqlite") as state:
        rows = [r.as_dict() for r in ledger(state, run_id, sources, years)]
        state.set_coverage(rows, run_id)
    return coverage.frame(rows, {s.agency: s.region for s in sources})


def from_state(data: Path, regions: dict[str, str | None] | None = None) -> pd.DataFrame | None:
    """The whole ledger the state keeps (every source crawled so far), or None without a state."""
    if not (data / "state.sqlite").is_file():
        return None
    with State(data / "state.sqlite") as state:
        return coverage.frame(state.coverage(), regions)


def publish(data: Path) -> Path | None:
    """Write the state's whole ledger into the current snapshot (after a load switched it)."""
    table = from_state(data)
    return coverage.write(data, table) if table is not None else None
