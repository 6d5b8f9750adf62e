"""Where a report's sentences and its statistics table disagree: flagged, never reconciled.

``pre2019_text_vs_table`` (per measure): expected = the figure the sentences print
(when they print one figure for it), actual = the table's this-year value. Money is
compared in yuan.
"""

from __future__ import annotations

from ..result import CheckResult
from .crosswalk import in_yuan
from .model import StatsResult

TEXT_VS_TABLE = "pre2019_text_vs_table"


def text_vs_table(stats: StatsResult) -> list[CheckResult]:
    table: dict[str, set] = {}
    for r in stats.table_rows:
        if r.measure and r.problem is None and r.this_year is not None:
            table.setdefault(r.measure, set()).add(in_yuan(r.this_year, r.unit))
    text: dict[str, set] = {}
    for r in stats.text_rows:
        if r.measure:
            text.setdefault(r.measure, set()).add(in_yuan(r.this_year, r.unit))
    out = []
    for measure, values in text.items():
        if len(values) != 1 or len(table.get(measure, ())) != 1:
            continue  # several figures in the text, or none / several in the table: nothing to compare
        expected, actual = next(iter(values)), next(iter(table[measure]))
        out.append(CheckResult(TEXT_VS_TABLE, measure, expected, actual, expected == actual, "stats"))
    return out
