"""Identical tables across years: an agency printing the same table 2, 3 or 4 again.

Every cell equal (same keys, same values, blanks equal blanks) is what a copy of
last year's table looks like. A table of all zeros and blanks is the honest
report of an agency that had nothing to report twice, so a table needs at least
``MIN_NONZERO`` non-zero cells to count.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from pipeline.load.schema import CELL_DATASETS

MIN_NONZERO = 3


def _fingerprints(cells: pd.DataFrame, table: str) -> pd.DataFrame:
    spec = CELL_DATASETS[table]
    c = cells.assign(_k=cells[spec.row_column].astype(str) + "/" + cells[spec.column_column].astype(str),
                     _v=cells["value"].astype("string").fillna("·"))
    rows = []
    for (agency_id, year), g in c.groupby(["agency_id", "year"], sort=False):
        g = g.sort_values("_k")
        nonzero = int((g["value"].fillna(0).astype(float) != 0).sum())
        digest = hashlib.blake2b("\n".join(g["_k"] + "=" + g["_v"]).encode(), digest_size=16).hexdigest()
        rows.append((agency_id, int(year), digest, nonzero, len(g)))
    return pd.DataFrame(rows, columns=["agency_id", "year", "digest", "nonzero", "n_cells"])


def identical_tables(datasets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (agency, later year, table) whose every cell equals an earlier year's."""
    cols = ["agency_id", "year", "table", "other_year", "n_cells", "nonzero_cells"]
    out = []
    for table, spec in CELL_DATASETS.items():
        cells = datasets.get(spec.dataset)
        if cells is None or cells.empty:
            continue
        fp = _fingerprints(cells, table)
        fp = fp[fp["nonzero"] >= MIN_NONZERO].sort_values(["agency_id", "year"])
        first = fp.groupby(["agency_id", "digest"])["year"].transform("min")
        same = fp[fp["year"] != first].assign(other_year=first[fp["year"] != first])
        out.append(same.assign(table=table).rename(columns={"nonzero": "nonzero_cells"})[cols])
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True).sort_values(["agency_id", "year", "table"]).reset_index(drop=True)
