"""An independent checker of the table identities (勾稽关系) of generated reports.

Deliberately separate from ``pipeline.checks`` (written by someone else): the
sample generator declares which checks a broken report must fail, and the
pipeline's own checker is then tested against this declaration. A blank cell
(``None``) counts as 0, as a reader of the printed table would count it.
"""

from __future__ import annotations

from pipeline import spec

Table = dict[str, dict[str, "int | float | None"]]

APPLICANTS = [a for a in spec.table3_applicants() if a != "total"]


def _v(table: Table, row: str, col: str) -> int | float:
    return table.get(row, {}).get(col) or 0


def failing_checks(table3: Table | None, table4: Table | None, fmt3: str) -> list[tuple[str, str]]:
    """Every (check, subject) whose identity does not hold, in a stable order.

    Check names are those of the ``checks`` dataset: ``t3_balance`` and
    ``t3_outcomes_sum`` (subject: applicant column), ``t3_row_total`` (subject:
    row), ``t4_total`` (subject: proceeding).
    """
    failing: list[tuple[str, str]] = []
    if table3 is not None:
        outcomes = spec.table3_outcome_rows(fmt3)
        for col in spec.table3_applicants():
            inflow = _v(table3, "new_received", col) + _v(table3, "carried_over", col)
            outflow = _v(table3, "total_processed", col) + _v(table3, "carried_forward", col)
            if inflow != outflow:
                failing.append(("t3_balance", col))
        for row in spec.table3_rows(fmt3):
            if _v(table3, row, "total") != sum(_v(table3, row, a) for a in APPLICANTS):
                failing.append(("t3_row_total", row))
        for col in spec.table3_applicants():
            if _v(table3, "total_processed", col) != sum(_v(table3, r, col) for r in outcomes):
                failing.append(("t3_outcomes_sum", col))
    if table4 is not None:
        parts = [o for o in spec.table4_outcomes() if o != "total"]
        for proc in spec.table4_proceedings():
            if _v(table4, proc, "total") != sum(_v(table4, proc, o) for o in parts):
                failing.append(("t4_total", proc))
    return failing
