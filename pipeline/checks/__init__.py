"""The identities (勾稽关系) of tables 3 and 4, evaluated per report.

Printed numbers are never altered: a failed identity is a row with ok=False.
A blank cell counts as 0 (that is what a blank means in these tables); an
identity that involves a cell that could not be read is not evaluated, since
its verdict would be about our reading, not about the report.

Check names and sides (``expected`` is what the identity says the printed
total should be, ``actual`` what the printed total is):

- ``t3_balance`` (per applicant): expected = new_received + carried_over,
  actual = total_processed + carried_forward
- ``t3_row_total`` (per row): expected = sum of the six applicant columns, actual = total column
- ``t3_outcomes_sum`` (per applicant): expected = sum of outcome rows, actual = total_processed
- ``t4_total`` (per proceeding): expected = upheld + corrected + other + pending, actual = total
"""

from __future__ import annotations

from .. import spec
from ..result import CheckResult, TableResult

APPLICANTS = [a for a in spec.table3_applicants() if a != "total"]
TOLERANCE = 1e-9


def _sum(index: dict, pairs: list[tuple[str, str]]) -> float | int | None:
    """Sum of cells (blank = 0), or None when any is unreadable or unprinted."""
    total = 0
    for key in pairs:
        cell = index.get(key)
        if cell is None or cell.problem:
            return None
        total += cell.value or 0
    return total


def _check(name: str, subject: str, expected, actual, table: str) -> CheckResult | None:
    if expected is None or actual is None:
        return None
    return CheckResult(name, subject, expected, actual, abs(expected - actual) <= TOLERANCE, table)


def _index(t: TableResult) -> dict:
    return {(c.row, c.column): c for c in t.cells}


def check_table3(t: TableResult) -> list[CheckResult]:
    out: list[CheckResult | None] = []
    cells = _index(t)
    outcome_rows = spec.table3_outcome_rows(t.format)
    for a in spec.table3_applicants():
        out.append(_check("t3_balance", a, _sum(cells, [("new_received", a), ("carried_over", a)]),
                          _sum(cells, [("total_processed", a), ("carried_forward", a)]), "table3"))
    for r in spec.table3_rows(t.format):
        out.append(_check("t3_row_total", r, _sum(cells, [(r, a) for a in APPLICANTS]),
                          _sum(cells, [(r, "total")]), "table3"))
    for a in spec.table3_applicants():
        out.append(_check("t3_outcomes_sum", a, _sum(cells, [(r, a) for r in outcome_rows]),
                          _sum(cells, [("total_processed", a)]), "table3"))
    return [c for c in out if c is not None]


def check_table4(t: TableResult) -> list[CheckResult]:
    parts = [o for o in spec.table4_outcomes() if o != "total"]
    cells = _index(t)
    out = [_check("t4_total", p, _sum(cells, [(p, o) for o in parts]), _sum(cells, [(p, "total")]), "table4")
           for p in spec.table4_proceedings()]
    return [c for c in out if c is not None]


def run_checks(tables: dict[str, TableResult]) -> list[CheckResult]:
    out: list[CheckResult] = []
    if "table3" in tables:
        out += check_table3(tables["table3"])
    if "table4" in tables:
        out += check_table4(tables["table4"])
    return out
