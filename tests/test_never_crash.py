"""Property: no damaged report file makes extraction raise, fail while a table is
still readable, or put a number under a key where the truth has another one.

Bases are generated samples (their numbers are the truth) and the shared real
documents (their unmutated extraction is the truth); ``mutations`` damages them.
CI runs ``XXGK_FUZZ_CASES`` cases in all (default 600); ``make bench`` runs
10,000 through ``tests/bench_fuzz.py``.
"""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import HARMLESS, MUTATIONS, OPEN, Base, applicable, bases, mutate

from pipeline.extract import extract_bytes
from pipeline.result import Cell, Extraction

CASES = int(os.environ.get("XXGK_FUZZ_CASES", "600"))
# Share of the cases per kind: PDF and DOCX cost 5–10 times an HTML page.
SHARES = {"html": 0.4, "txt": 0.15, "docx": 0.2, "pdf": 0.25}


def _settings(kind: str):
    return settings(max_examples=max(1, round(CASES * SHARES[kind])), deadline=None, derandomize=True,
                    database=None, suppress_health_check=list(HealthCheck))


def _flagged(ex: Extraction, cell: Cell) -> bool:
    """The cell carries a problem, a problem of the extraction names its table and row, or
    an identity on its row or column fails (the project's flag for inconsistent numbers)."""
    if cell.problem:
        return True
    if any(p.startswith((f"{cell.table} {cell.row}/", f"{cell.table}: {cell.row}")) for p in ex.problems):
        return True
    return any(not c.ok and c.table == cell.table and c.subject in (cell.row, cell.column) for c in ex.checks)


def _same_number(truth, value) -> bool:
    """A blank cell is 0 in these tables (the checks count it so): a 0 read where the
    truth is blank is the same number. It happens when a cell holding 0 is merged with
    a blank neighbour (a ruling line missing), and its text covers both positions."""
    return truth == value or (truth is None and value == 0)


def _cut_short(truth, raw: str) -> bool:
    """The file was cut inside this number: what is printed is the start of the truth's digits."""
    return truth is not None and raw != "" and str(truth).startswith(raw)


def check_case(base: Base, names: list[str], seed: int) -> None:
    names = applicable(base, names)
    data = mutate(base, names, random.Random(seed))
    ex = extract_bytes(data, f"{base.name}+{'+'.join(names)}", hint=base.kind)  # must not raise
    context = f"{base.name} {names} seed={seed}: {ex.status} {ex.error} {ex.problems[:8]}"
    if "truncate" not in names:
        assert ex.status in ("ok", "partial"), context
    wrong = {(c.table, c.row, c.column): (c.value, base.truth.get((c.table, c.row, c.column), "absent"))
             for c in ex.cells if c.value is not None
             and not _same_number(base.truth.get((c.table, c.row, c.column), "absent"), c.value)
             and not ("truncate" in names and _cut_short(base.truth.get((c.table, c.row, c.column)), c.raw))
             and not _flagged(ex, c)}
    assert not wrong, f"{context}\nnumbers under a wrong key (got, truth): {wrong}"
    if set(names) <= HARMLESS and "truncate" not in names:
        lost = {k: v for k, v in base.truth.items() if v is not None and k not in
                {(c.table, c.row, c.column) for c in ex.cells if c.value == v}}
        assert not lost, f"{context}\nharmless damage lost values: {lost}"


def _cases(kind: str):
    pool = bases(kind)
    return {"base": st.sampled_from(pool),
            "names": st.lists(st.sampled_from(sorted(set(MUTATIONS[kind]) - OPEN.get(kind, set()))),
                              min_size=1, max_size=3),
            "seed": st.integers(0, 2**32 - 1)}


@_settings("html")
@given(**_cases("html"))
def test_damaged_html_never_crashes(base, names, seed):
    check_case(base, names, seed)


@_settings("txt")
@given(**_cases("txt"))
def test_damaged_text_never_crashes(base, names, seed):
    check_case(base, names, seed)


@_settings("docx")
@given(**_cases("docx"))
def test_damaged_docx_never_crashes(base, names, seed):
    check_case(base, names, seed)


@_settings("pdf")
@given(**_cases("pdf"))
def test_damaged_pdf_never_crashes(base, names, seed):
    check_case(base, names, seed)
