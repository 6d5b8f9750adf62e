"""Pick and rank agency-years: the selection behind ``xxgk compare`` and the report."""

from __future__ import annotations

import pandas as pd

from .definitions import metric as metric_def
from .region import kind_mask, region_mask, with_identity_columns


def select(metrics: pd.DataFrame, *, region: str | None = None, year: int | None = None,
           kind: str | None = None) -> pd.DataFrame:
    """The rows of ``metrics`` in ``region``, of ``kind``, for ``year`` (all years when None)."""
    m = with_identity_columns(metrics)
    mask = region_mask(m, region) & kind_mask(m, kind)
    if year is not None:
        mask &= m["year"].astype(int) == int(year)
    return m[mask.to_numpy()]


def rank(rows: pd.DataFrame, metric: str, *, ascending: bool = False) -> pd.DataFrame:
    """Rows ordered by ``metric`` (nulls last, ties by agency name) with a 1-based ``rank``.

    Ties share a rank ("1224" competition ranking), so equal values are never
    presented as better or worse than each other.
    """
    metric_def(metric)
    ordered = rows.sort_values([metric, "agency"], ascending=[ascending, True], na_position="last",
                               kind="stable").reset_index(drop=True)
    values = ordered[metric]
    ranks = values.rank(method="min", ascending=ascending)
    ordered.insert(0, "rank", pd.array(ranks.to_numpy(dtype=float, na_value=float("nan")), dtype="Float64")
                   .round().astype("Int64"))
    return ordered
