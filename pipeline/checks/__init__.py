"""The identities (勾稽关系) of tables 3 and 4, evaluated per report.

Printed numbers are never altered: a failed identity is a row with ok=False.
A blank cell counts as 0 (that is what a blank means in these tables); an
identity that involves a cell that could not be read is not evaluated, since
its verdict would be about our reading, not about the report.

The identities, their subjects and the cells on each side are declared in
:mod:`.identities`; this module evaluates the within-report ones.
"""

from __future__ import annotations

from functools import lru_cache

from .. import spec
from ..result import CheckResult, TableResult
from ..salvage import salvage
from .identities import IDENTITIES, CellKey, UnknownCheck, identity, within_report

__all__ = ["APPLICANTS", "IDENTITIES", "TOLERANCE", "UnknownCheck", "check_table", "identity", "run_checks"]

APPLICANTS = [a for a in spec.table3_applicants() if a != "total"]
TOLERANCE = 1e-9


def _sum(index: dict, pairs: tuple[CellKey, ...]) -> float | int | None:
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


@lru_cache(maxsize=16)
def _plan(table: str, fmt: str) -> tuple[tuple[str, str, tuple[CellKey, ...], tuple[CellKey, ...]], ...]:
    """(identity, subject, expected cells, actual cells) of every check of ``table`` in format
    ``fmt``: the declarations give the same for every report, built once instead of per report."""
    return tuple((i.name, subject, tuple(i.expected(subject, fmt)), tuple(i.actual(subject, fmt)))
                 for i in within_report(table) for subject in i.subjects(fmt))


def check_table(t: TableResult) -> list[CheckResult]:
    """Every identity declared for ``t``'s table, on every subject of its format."""
    cells = _index(t)
    out = [_check(name, subject, _sum(cells, expected), _sum(cells, actual), t.table)
           for name, subject, expected, actual in _plan(t.table, t.format)]
    return [c for c in out if c is not None]


def run_checks(tables: dict[str, TableResult], losses: list[str] | None = None) -> list[CheckResult]:
    """Every identity of the tables present; a table whose checks fail to run is named in ``losses``."""
    losses = [] if losses is None else losses
    out: list[CheckResult] = []
    for name in ("table3", "table4"):
        if name in tables:
            out += salvage(losses, f"{name} checks", check_table, tables[name], default=[])
    return out
