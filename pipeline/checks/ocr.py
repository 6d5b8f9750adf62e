"""Flags on numbers read by OCR: never corrected, only marked.

A number whose least certain character the recogniser was unsure of, or one
that takes part in an identity that fails, may be misread. Such a cell keeps
the value read and its confidence, and gets a ``problem`` naming why, so the
datasets show it and no total is silently built on it.
"""

from __future__ import annotations

from .. import spec
from ..result import CheckResult, TableResult

# Below this (the least certain character's probability) an OCR number is
# flagged. Set from tests/bench_ocr.py: every misread cell of the rasterised
# corpus lies below it, and few correct ones do.
CONFIDENCE_THRESHOLD = 0.9


def flag_low_confidence(tables: dict[str, TableResult]) -> list[str]:
    problems = []
    for name, table in sorted(tables.items()):
        for cell in table.cells:
            if (cell.read_by == "ocr" and cell.value is not None and not cell.problem
                    and (cell.confidence or 0.0) < CONFIDENCE_THRESHOLD):
                cell.problem = (f"read by OCR with low confidence {cell.confidence or 0.0:.2f} "
                                f"(below {CONFIDENCE_THRESHOLD}): {cell.raw!r} may be misread")
                problems.append(f"{name} {cell.row}/{cell.column}: {cell.problem}")
    return problems


def flag_identity_breaks(tables: dict[str, TableResult], checks: list[CheckResult]) -> list[str]:
    """Mark the OCR cells of every identity that fails: one of them may be misread."""
    problems = []
    for check in checks:
        table = tables.get(check.table or "")
        if check.ok or table is None:
            continue
        keys = set(identity_cells(check, table.format))
        for cell in table.cells:
            if (cell.row, cell.column) in keys and cell.read_by == "ocr" and not cell.problem:
                cell.problem = f"read by OCR; {check.check} fails for {check.subject}: a digit may be misread"
                problems.append(f"{check.table} {cell.row}/{cell.column}: {cell.problem}")
    return problems


def identity_cells(check: CheckResult, fmt: str) -> list[tuple[str, str]]:
    """The (row, column) cells an identity adds up (see ``pipeline.checks``)."""
    s = check.subject
    if check.check == "t3_balance":
        return [(r, s) for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
    if check.check == "t3_row_total":
        return [(s, a) for a in spec.table3_applicants()]
    if check.check == "t3_outcomes_sum":
        return [(r, s) for r in [*spec.table3_outcome_rows(fmt), "total_processed"]]
    if check.check == "t4_total":
        return [(s, o) for o in spec.table4_outcomes()]
    return []
