"""Table heads set in vertical writing (竖排), printed by Chromium.

A narrow head ('结果维持' over table 4's fifteen columns, '本年新制作数量' in table 2) is often
set vertically: its glyphs stack top to bottom and its columns read right to left. Read as
lines, a head wrapped into two columns ('结果维' beside '持') came out '持结果维', named no
column, and its table lost every cell under it: 9 of 12 generated members lost cells (7 to 18
each), and the real pages restyled so read 183, 183, 184 and 185 cells. A cell whose glyphs
stack in columns that stand further apart than the glyphs down them is now read by columns
(pdf_layout.vertical_columns): every member is read whole, the real pages 198, 197, 185, 185.

Members: generated reports in both formats and the four real pages, every head cell (the cells
of a table's rows before its first number) set vertical-rl, 3-5 em high, with letter-spacing
and line-height varied. Left to Chromium: table 4 grows past the page's right edge (2020 page:
its last column cut off); on the 2022 page Chromium lays table 4's heads one glyph per column,
and on the 2021 page the page's own ``text-align: justify`` spreads them down their columns as
far apart as the columns stand: neither can be told from spaced-out horizontal text, and the
table's cells are named as not found, never read under another head."""

from __future__ import annotations

import random
import re

import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from lxml import html as lxml_html
from test_producers import _differences

from pipeline.extract import extract_path
from pipeline.read.encoding import decode_html
from pipeline.samples import make_report, render_html

MEMBERS = 12
PRINT = producers.ChromiumPrint("a4", True, False)
# Cells right of the real pages' 198, 198, 200 and 200 (before: 183, 183, 184, 185).
REAL_FLOOR = [198, 197, 185, 185]
_DIGIT = re.compile(r"\d")

needs_chromium = pytest.mark.skipif(producers.CHROMIUM is None, reason="chromium is needed (make setup installs it)")


def _vertical_heads(page: bytes, rng: random.Random) -> bytes:
    """``page`` with every head cell (in a table's rows before its first number) set vertically."""
    text, encoding = decode_html(page, None)
    root = lxml_html.fromstring(text)
    for table in root.iter("table"):
        for row in table.xpath("./tr | ./thead/tr | ./tbody/tr"):
            cells = row.xpath("./td | ./th")
            if any(_DIGIT.search(cell.text_content()) for cell in cells):
                break
            for cell in cells:
                if cell.text_content().strip():
                    style = (f"writing-mode:vertical-rl;height:{rng.choice(['3', '3.5', '4', '5'])}em;"
                             f"letter-spacing:{rng.choice(['0', '0.05em', '0.1em', '0.2em'])};"
                             f"line-height:{rng.choice(['1.2', '1.5', '1.8', 'normal'])}")
                    cell.set("style", f"{cell.get('style') or ''};{style}")
    return lxml_html.tostring(root, encoding=encoding, doctype="<!DOCTYPE html>")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[int, tuple[object, object]]:
    if producers.CHROMIUM is None:
        pytest.skip("chromium is needed (make setup installs it)")
    pages, reports = {}, {}
    for seed in range(MEMBERS):
        rng = random.Random(seed)
        reports[seed] = make_report(rng, rng.choice(["2019", "2021"]))
        pages[f"g{seed}"] = _vertical_heads(render_html(reports[seed], rng), rng)
    printed = producers.print_html(pages, tmp_path_factory.mktemp("vertical-heads"), PRINT)
    return {seed: (reports[seed], extract_path(printed[f"g{seed}"])) for seed in range(MEMBERS)}


@needs_chromium
@pytest.mark.parametrize("seed", range(MEMBERS))
def test_generated_tables_with_vertical_heads(seed, generated):
    report, ex = generated[seed]
    assert (ex.status, ex.agency, ex.year) == ("ok", report.agency, report.year), ex.problems
    assert _differences(report.to_json(), ex) == {}


@pytest.fixture(scope="module")
def real_vertical(tmp_path_factory) -> dict[str, object]:
    if producers.CHROMIUM is None:
        pytest.skip("chromium is needed (make setup installs it)")
    pages = {}
    for path in PAGES_EXPECTED:
        exp = yaml.safe_load(path.read_text("utf-8"))
        pages[path.stem] = _vertical_heads(corpus_path(exp["document"]).read_bytes(), random.Random(path.stem))
    printed = producers.print_html(pages, tmp_path_factory.mktemp("real-vertical"), PRINT)
    return {stem: extract_path(pdf) for stem, pdf in printed.items()}


@needs_chromium
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_with_vertical_heads(path, real_vertical):
    exp = yaml.safe_load(path.read_text("utf-8"))
    ex = real_vertical[path.stem]
    lost = _differences(exp, ex)
    assert all(got in (None, "MISSING") for _, got in lost.values()), "a number under a wrong key"
    cells = sum(len(cols) for t in ("table2", "table3", "table4") for cols in exp[t].values())
    assert cells - len(lost) >= REAL_FLOOR[PAGES_EXPECTED.index(path)]
    assert not lost or ex.problems or ex.status == "partial", "a loss not named"
