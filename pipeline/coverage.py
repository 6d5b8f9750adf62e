"""The ``coverage`` dataset: the crawler's completeness ledger, beside the loaded datasets.

One row per source × expected agency × year: ``status`` found / not_found /
blocked / skipped and a ``detail`` (the report's URL, or why). The crawl state
(``DATA/state.sqlite``) is where the ledger is kept; after every crawl it is
written (when it changed) into the current snapshot by storage, as the ``coverage`` dataset
(like the derived datasets: a later load switches to a snapshot without it,
and ``xxgk coverage`` writes it again from the state).
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter

import pandas as pd
import pyarrow as pa

from pipeline.storage import PARTITION, DataDir, Snapshot

NAME = "coverage"
SCHEMA = pa.schema([
    pa.field("agency_id", pa.string(), nullable=False),
    pa.field("agency", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("status", pa.string(), nullable=False),   # found | not_found | blocked | skipped
    pa.field("detail", pa.string()),                    # the report's URL (found) or the reason
])
MARKS = {"found": "✓", "not_found": "·", "blocked": "✗", "skipped": "s"}


def frame(rows: list[dict]) -> pd.DataFrame:
    """The ledger's rows with their agency ids (resolved with each source's region hint)."""
    from pipeline.agencies import agency_id

    out = pd.DataFrame(rows, columns=["source", "agency", "year", "status", "detail", "region"])
    out["agency_id"] = [agency_id(a, region=r, year=int(y))
                        for a, r, y in zip(out.agency, out.region, out.year, strict=True)]
    return out


def write(data_dir: DataDir | str | os.PathLike, table: pd.DataFrame) -> Snapshot | None:
    """Write the dataset into the current snapshot (None when nothing is loaded yet)."""
    data = DataDir.of(data_dir)
    snapshot = data.current()
    if snapshot is None:
        return None
    table = table.sort_values(["year", "source", "agency"]).reset_index(drop=True)
    old_table = read(data)
    if old_table is not None and old_table.sort_values(["year", "source", "agency"]).reset_index(drop=True)[
            [*SCHEMA.names, PARTITION]].equals(table[[*SCHEMA.names, PARTITION]]):
        return snapshot  # unchanged: the files stay as they are
    arrow = pa.Table.from_pandas(table[SCHEMA.names], schema=SCHEMA, preserve_index=False)
    data.attach(snapshot, {NAME: arrow.append_column(PARTITION, pa.array(table[PARTITION].astype("int64"),
                                                                         pa.int16()))})
    return snapshot


def read(data_dir: DataDir | str | os.PathLike) -> pd.DataFrame | None:
    """The dataset of the current snapshot, or None when it has none."""
    snapshot = DataDir.of(data_dir).current()
    if snapshot is None or not snapshot.has(NAME):
        return None
    from pipeline.views import read_source

    return read_source(NAME, snapshot)


def select(table: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """Rows of a region: a division-code prefix of the agency id (``3501``), or part of a name."""
    if not region:
        return table
    if region.isdigit():
        return table[table.agency_id.str.startswith(region.rstrip("0") or region)]
    return table[table.agency.str.contains(region, regex=False) | table.source.str.contains(region, regex=False)]


def counts(table: pd.DataFrame) -> dict[str, int]:
    c = Counter(table.status)
    return {s: c.get(s, 0) for s in MARKS}


def summary_line(table: pd.DataFrame) -> str:
    n = counts(table)
    return (f"coverage: {len(table)} agency-years expected — {n['found']} found, {n['not_found']} not found, "
            f"{n['blocked']} blocked, {n['skipped']} skipped")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def grid(table: pd.DataFrame) -> list[str]:
    """One line per agency, one column per year: which agencies published nothing for a year."""
    if table.empty:
        return ["no agency-years expected"]
    years = sorted(table.year.unique())
    width = max(_width(a) for a in table.agency)
    lines = [" " * (width + 2) + " ".join(f"{y:>4}" for y in years)]
    for (agency, _), rows in table.groupby(["agency", "source"], sort=False):
        marks = dict(zip(rows.year, rows.status, strict=True))
        pad = " " * (width - _width(agency))
        lines.append(f"{agency}{pad}  " + " ".join(f"{MARKS.get(marks.get(y), ' '):>4}" for y in years))
    lines.append("✓ found  · not found  ✗ blocked (4xx/5xx, anti-bot, timeout)  s skipped (only 解读/图解 … seen)")
    return lines
