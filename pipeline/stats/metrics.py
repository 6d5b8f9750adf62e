"""Metrics of pre-2019 reports, from their comparable measures (``crosswalk.yaml``).

A report in format ``pre2019`` has no tables 2–4, so the table formulas of
:mod:`pipeline.metrics.definitions` give null. Where a metric's meaning matches
a comparable measure, it is taken from the report's pre-2019 value instead (the
statistics-table row, else the sentence figure: :func:`pre2019_values`):

- requests_new, requests_received ← requests_received (受理申请总数; pre-2019 tables print no carry-over)
- requests_processed ← replies_total (对申请的答复总数)
- share_granted / share_partially_granted / share_denied ← granted / partially_granted / denied
  over replies_total
- reviews ← reviews, lawsuits ← lawsuits

The other metrics (denial reasons, applicant types, rule-making …) have no
pre-2019 counterpart and stay null.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .harmonise import KEY, pre2019_values

FORMAT = "pre2019"
# metric → (measure, denominator measure or None)
PRE2019_METRICS = {
    "requests_new": ("requests_received", None),
    "requests_received": ("requests_received", None),
    "requests_processed": ("replies_total", None),
    "share_granted": ("granted", "replies_total"),
    "share_partially_granted": ("partially_granted", "replies_total"),
    "share_denied": ("denied", "replies_total"),
    "reviews": ("reviews", None),
    "lawsuits": ("lawsuits", None),
}


def fill_pre2019(m: dict[str, pd.Series], index: pd.MultiIndex, formats: pd.Series,
                 stats: pd.DataFrame | None) -> None:
    """Replace, for the pre-2019 reports only, the metrics of :data:`PRE2019_METRICS` (in place)."""
    is_pre = pd.Series(formats.to_numpy() == FORMAT, index=index)
    if stats is None or not is_pre.any():
        return
    long = pre2019_values(stats)
    wide = long.pivot_table(index=KEY, columns="measure", values="value", aggfunc="first").reindex(index)

    def measure(name: str) -> pd.Series:
        return wide[name] if name in wide.columns else pd.Series(np.nan, index=index)

    for metric, (num, den) in PRE2019_METRICS.items():
        value = measure(num)
        if den is not None:
            d = measure(den)
            value = value / d.where(d != 0)
        m[metric] = m[metric].where(~is_pre, value.astype(float))
