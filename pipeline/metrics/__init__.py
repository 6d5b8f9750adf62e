"""Metrics per agency-year (requests, outcomes, appeals, rule-making), with their formulas.

``compute_metrics`` works on DataFrames of the loaded datasets;
``metrics_for(data_dir)`` reads them from one consistent snapshot.
The definitions in :mod:`.definitions` are the data dictionary.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .compute import KEY, compute_metrics, ratio
from .definitions import BY_NAME, DENIAL_LABELS, METRICS, NUMERIC, Metric, dictionary_markdown, metric
from .region import REGION_COLUMNS, is_government, kind_mask, region_mask, with_identity_columns
from .select import rank, select

__all__ = ["BY_NAME", "DENIAL_LABELS", "KEY", "METRICS", "NUMERIC", "REGION_COLUMNS", "Metric",
           "compute_metrics", "dictionary_markdown", "is_government", "kind_mask", "metric",
           "metrics_for", "rank", "ratio", "region_mask", "select", "with_identity_columns"]


def metrics_for(data_dir: Path, *, snapshot: Path | None = None) -> pd.DataFrame:
    """The metrics of every report loaded in ``data_dir`` (computed, not cached)."""
    from pipeline.load import read_dataset

    frames = {name: read_dataset(data_dir, name, snapshot=snapshot)
              for name in ("reports", "requests", "appeals", "proactive", "checks", "stats")}
    return compute_metrics(frames["reports"], frames["requests"], frames["appeals"],
                           frames["proactive"], frames["checks"], frames["stats"])
