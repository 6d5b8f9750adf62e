"""How a metric value is written for people (terminal and report use the same rules)."""

from __future__ import annotations

import math

import pandas as pd

from .definitions import BY_NAME, DENIAL_LABELS

NULL = "—"


def is_null(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def format_value(metric: str, value) -> str:
    """Shares as percentages with one decimal, rates with one decimal, counts with thousands separators."""
    if is_null(value):
        return NULL
    unit = BY_NAME[metric].unit
    if unit == "share":
        return f"{float(value) * 100:.1f}%"
    if unit == "per100":
        return f"{float(value):.1f}"
    if unit == "money":
        return f"{float(value):,.2f}"
    if unit == "text":
        return DENIAL_LABELS.get(str(value), str(value))
    return f"{int(value):,}"
