"""Every identity (勾稽关系) we check, declared once: its table, its subjects and the cells on each side.

``expected`` is what the identity says the printed total should be, ``actual``
the printed total. The within-report identities are evaluated from these
declarations (:func:`pipeline.checks.run_checks`); the cross-year ones
(:mod:`pipeline.checks.crossyear`) declare the cells of the later report they
involve, the earlier report's side being noted in ``description``. Findings,
the sample generator and the README read the same declarations, found by name
with :func:`identity` (an unknown name is an error, never an empty answer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline import spec
from pipeline.errors import XxgkError

CellKey = tuple[str, str]  # (row, column) of a table


class UnknownCheck(XxgkError, KeyError):
    """A check name no identity declares."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Identity:
    name: str
    table: str | None                                   # table2 … table4, None for the whole report
    description: str
    subjects: Callable[[str], Sequence[str]]            # table format → the subjects it is checked on
    expected: Callable[[str, str], list[CellKey]]       # (subject, format) → cells summed on that side
    actual: Callable[[str, str], list[CellKey]]
    within_report: bool = True

    def cells(self, subject: str, fmt: str | None) -> list[str]:
        """The ``row/column`` cells of the report the identity involves, expected side first."""
        fmt = fmt or "2021"
        return [f"{r}/{c}" for r, c in (*self.expected(subject, fmt), *self.actual(subject, fmt))]


def _applicants(fmt: str) -> list[str]:
    return list(spec.table3_applicants())


def _parts(fmt: str) -> list[str]:
    return [a for a in spec.table3_applicants() if a != "total"]


def _t4_parts() -> list[str]:
    return [o for o in spec.table4_outcomes() if o != "total"]


def _none(subject: str, fmt: str) -> list[CellKey]:
    return []


IDENTITIES: dict[str, Identity] = {i.name: i for i in [
    Identity("t3_balance", "table3", "per applicant column: 本年新收 + 上年结转 = （七）总计 + 结转下年度",
             _applicants,
             lambda s, f: [("new_received", s), ("carried_over", s)],
             lambda s, f: [("total_processed", s), ("carried_forward", s)]),
    Identity("t3_row_total", "table3", "per row: the six applicant columns add up to the 总计 column",
             spec.table3_rows,
             lambda s, f: [(s, a) for a in _parts(f)],
             lambda s, f: [(s, "total")]),
    Identity("t3_outcomes_sum", "table3", "per applicant column: the outcome rows add up to （七）总计",
             _applicants,
             lambda s, f: [(r, s) for r in spec.table3_outcome_rows(f)],
             lambda s, f: [("total_processed", s)]),
    Identity("t4_total", "table4", "per proceeding: 维持 + 纠正 + 其他 + 尚未审结 = 总计",
             lambda f: list(spec.table4_proceedings()),
             lambda s, f: [(s, o) for o in _t4_parts()],
             lambda s, f: [(s, "total")]),
    Identity("cross_carry_over", "table3", "per applicant column: 结转下年度 of y−1 = 上年结转 of y",
             lambda f: [*_parts(f), "total"], _none,
             lambda s, f: [("carried_over", s)], within_report=False),
    Identity("cross_in_force", "table2", "现行有效 (y−1) + 制发 (y) − 废止 (y) = 现行有效 (y), format 2021",
             lambda f: ["rules", "normative_documents"],
             lambda s, f: [(s, "issued"), (s, "repealed")],
             lambda s, f: [(s, "in_force")], within_report=False),
    Identity("cross_missing_year", None, "a year without a report between two of the agency's reports",
             lambda f: [], _none, _none, within_report=False),
]}


def identity(name: str) -> Identity:
    """The identity called ``name``; :class:`UnknownCheck` when there is none."""
    try:
        return IDENTITIES[name]
    except KeyError:
        raise UnknownCheck(f"unknown check {name!r}; one of {', '.join(IDENTITIES)}") from None


def within_report(table: str) -> list[Identity]:
    """The identities evaluated inside one report's ``table``, in declaration order."""
    return [i for i in IDENTITIES.values() if i.within_report and i.table == table]
