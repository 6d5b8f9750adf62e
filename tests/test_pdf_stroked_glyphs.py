"""PDFs printed through cairo whose bold text was set by stroking its glyphs.

Word and WPS fake a bold face the font does not have (宋体 bold: table headers, row labels)
by filling and stroking the glyphs. A PDF printed again through cairo (a Linux print
dialog, CUPS's PDF printer, a cairo-based viewer; here poppler's pdftocairo) keeps the text
and adds each glyph's outline, or a run's, as a stroked path. The outlines' straight strokes
had read as dozens of short rules inside the cells: the ruled grid of the table split, and
the real Hongze reports lost table 2's penalty, coercion and fees cells (3 of each), 8 of 12
generated members lost rows of table 3 (up to 14 cells). A path of many points that lies
wholly over characters is their ink, and draws no rule.

Members: the generated reports' PDF (ReportLab, as render_pdf makes it) with every first,
second or third text object stroked bold by a 0.2–0.6 pt pen, printed through cairo; and the
three real Huai'an PDFs (their own headers are stroked bold) printed through cairo."""

from __future__ import annotations

import random

import producers
import pytest
import yaml
from conftest import EXPECTED_DIR, corpus_path
from test_producers import _differences

from pipeline.extract import extract_path
from pipeline.samples import make_report, render_pdf

MEMBERS = 12
REAL = sorted(EXPECTED_DIR.glob("huaian-*.yaml"))

needs_cairo = pytest.mark.skipif(producers.PDFTOCAIRO is None,
                                 reason="poppler's pdftocairo is needed (make setup installs poppler-utils)")


@needs_cairo
@pytest.mark.parametrize("seed", range(MEMBERS))
def test_generated_reports_stroked_bold_and_printed_through_cairo(seed, tmp_path):
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    bold = producers.stroke_bold(render_pdf(report, rng), every=rng.choice([1, 2, 3]),
                                 width=rng.choice([0.2, 0.4, 0.6]))
    (tmp_path / "bold.pdf").write_bytes(bold)
    ex = extract_path(producers.cairo_print(tmp_path / "bold.pdf", tmp_path / "printed.pdf"))
    assert (ex.status, ex.agency, ex.year) == ("ok", report.agency, report.year), ex.problems
    assert _differences(report.to_json(), ex) == {}


@needs_cairo
@pytest.mark.parametrize("expected", REAL, ids=[p.stem for p in REAL])
def test_real_reports_printed_through_cairo(expected, tmp_path):
    exp = yaml.safe_load(expected.read_text("utf-8"))
    ex = extract_path(producers.cairo_print(corpus_path(exp["document"]), tmp_path / "printed.pdf"))
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"]), ex.problems
    assert _differences(exp, ex) == {}
