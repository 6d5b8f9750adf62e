"""历年累计 across years: a cumulative figure (since 2008) can only grow.

``cross_cumulative`` (stats), on year y, per row (its comparable measure, else its
label): expected = the cumulative printed for the same row in the agency's
previous report year present, actual = the cumulative printed for y; ok when
actual ≥ expected. Cumulative figures are kept as printed and never used as a
year's figure; a shrinking one is a finding, not a correction.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

CUMULATIVE = "cross_cumulative"
STATS_COLUMNS = ["agency_id", "year", "label", "comparable", "cumulative", "from_text", "problem"]


def cumulative_checks(rows: list[tuple]) -> list[dict]:
    """Check rows (dicts with year, table, check, subject, expected, actual, ok) for one agency's
    ``stats`` rows, given as tuples in the order of ``STATS_COLUMNS``."""
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for _, year, label, comparable, cumulative, from_text, problem in rows:
        if from_text or problem is not None or cumulative is None:
            continue
        key = comparable or re.sub(r"\s+", "", label)
        series[key].setdefault(year, cumulative)
    out = []
    for key, by_year in sorted(series.items()):
        for before, year in itertools.pairwise(sorted(by_year)):
            expected, actual = by_year[before], by_year[year]
            out.append({"year": year, "table": "stats", "check": CUMULATIVE, "subject": key,
                        "expected": float(expected), "actual": float(actual), "ok": actual >= expected})
    return out
