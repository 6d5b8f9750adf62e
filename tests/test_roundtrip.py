"""Round trip: generated numbers → rendered file → extracted numbers, identical.

Property-based over random reports of both formats, every renderer, and
deliberate identity breaks, which must be flagged exactly where they were made.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import spec
from pipeline.extract import extract_bytes
from pipeline.samples import make_report, render_docx, render_html, render_pdf, render_text

RENDERERS = {"html": render_html, "txt": render_text, "docx": render_docx, "pdf": render_pdf}
APPLICANTS = list(spec.table3_applicants())
BREAKS = ([f"t3_balance:{a}" for a in APPLICANTS] + [f"t3_outcomes_sum:{a}" for a in APPLICANTS]
          + [f"t3_row_total:{r}" for r in ("new_received", "granted", "unavailable_not_held", "carried_forward")]
          + [f"t4_total:{p}" for p in spec.table4_proceedings()])


def _roundtrip(kind: str, seed: int, fmt: str, breaks: list[str]) -> None:
    rng = random.Random(seed)
    report = make_report(rng, fmt, break_identities=breaks)
    data = RENDERERS[kind](report, rng)
    ex = extract_bytes(data, f"{report.slug}.{kind}", hint=kind)
    truth = report.to_json()
    assert ex.status == "ok", (ex.error, ex.problems)
    assert (ex.agency, ex.year) == (report.agency, report.year)
    assert ex.formats == truth["formats"]
    for table in ("table2", "table3", "table4"):
        got = ex.tables[table].nested()
        wrong = {(r, c): (v, got[r][c]) for r, cols in truth[table].items() for c, v in cols.items()
                 if got[r][c] != v}
        assert not wrong, f"{table}: {wrong}"
    failing = sorted(f"{c.check}:{c.subject}" for c in ex.checks if not c.ok)
    assert failing == sorted(f"{c['check']}:{c['subject']}" for c in truth["failing_checks"])
    if len(breaks) == 1:  # two breaks on one row can cancel each other out in an identity
        assert breaks[0] in failing


reports = {"seed": st.integers(0, 2**32 - 1), "fmt": st.sampled_from(["2019", "2021"]),
           "breaks": st.lists(st.sampled_from(BREAKS), max_size=2, unique=True)}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(**reports)
def test_html_roundtrip(seed, fmt, breaks):
    _roundtrip("html", seed, fmt, breaks)


@FAST
@given(**reports)
def test_text_roundtrip(seed, fmt, breaks):
    _roundtrip("txt", seed, fmt, breaks)


@SLOW
@given(**reports)
def test_docx_roundtrip(seed, fmt, breaks):
    _roundtrip("docx", seed, fmt, breaks)


@SLOW
@given(**reports)
# Table 3's header ends at the foot of a page and blank cells open the next one:
# they stay blank (they once took the header's labels as "continued" cells).
@example(seed=251, fmt="2019", breaks=[])
@example(seed=125, fmt="2019", breaks=["t3_balance:commercial", "t3_balance:natural_person"])
def test_pdf_roundtrip(seed, fmt, breaks):
    _roundtrip("pdf", seed, fmt, breaks)


# Table 3's header ends at the foot of a page and the first data row on the next one prints
# blank values as '-' or '/': those marks are values, not the rest of the header's labels
# (they were joined to '科研机构' and the row lost its cells). Members found by the property
# test (1.25% of seeds 2900-2999 before the fix); seeds 3000-3249 were then clean.
@pytest.mark.parametrize(("seed", "fmt", "breaks"), [
    (2913, "2019", ["t3_balance:commercial", "t3_balance:natural_person"]),
    (2938, "2019", ["t3_balance:commercial", "t3_balance:natural_person"]),
    (2962, "2019", ["t3_balance:commercial", "t3_balance:natural_person"]),
    (2977, "2019", []),
    (2993, "2019", ["t3_balance:commercial", "t3_balance:natural_person"])])
def test_pdf_header_at_a_page_foot_over_blank_marks(seed, fmt, breaks):
    _roundtrip("pdf", seed, fmt, breaks)
