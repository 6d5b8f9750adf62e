"""Table heads set vertically, printed by Chromium.

A narrow head ('结果维持' over table 4's fifteen columns, '本年新制作数量' in table 2) is often
set vertically: upright glyphs stacked top to bottom in columns read right to left (竖排), or
the text turned on its side (Word's 'rotate text 90°/270°'). Read as lines, a head wrapped into
two columns ('结果维' beside '持') came out '持结果维', text turned anticlockwise came out backwards
('容内息信'), and the glyphs of text turned clockwise were placed most of a glyph above where they
are (their box was taken from a baseline that runs down them), some in the cell above. The head
named no column and its table lost every cell under it.

Now a cell whose upright glyphs stack in columns that stand further apart than the glyphs down
them, or whose glyphs are all turned the same way, is read by columns in their reading order
(pdf_layout.vertical_columns), and a turned glyph's box is its advance's (pdf_page.read_page).

Members: generated reports in both formats and the four real pages, every head cell (the cells
of a table's rows before its first number) set ``vertical-rl``, ``sideways-lr`` or
``sideways-rl``, 3-5 em high, with letter-spacing and line-height varied. Before, 11 of the 12
generated members lost cells (up to 18 each). Left to Chromium: table 4
grows past the page's right edge (its last columns cut off); on the 2022 page Chromium lays the
upright heads one glyph per column, and on the 2021 page the page's own ``text-align: justify``
spreads them down their columns as far apart as the columns stand: neither can be told from
spaced-out horizontal text. Those cells are named as not found, never read under another head."""

from __future__ import annotations

import random
import re

import members
import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED
from lxml import html as lxml_html
from test_producers import _differences

from pipeline.read.encoding import decode_html

MEMBERS = 12
MODES = ("vertical-rl", "sideways-lr", "sideways-rl")
PRINT = producers.ChromiumPrint("a4", True, False)
# Cells right of the real pages' 198, 198, 200 and 200, by mode. Before: vertical-rl 183, 183,
# 184, 185; sideways-lr 183, 183, 185, 185; sideways-rl 183, 183, 184, 185.
# On the 2021 page turned anticlockwise, Chromium draws the '申' of '申请人情况' above its cell,
# into table 2's last: that cell's '24252.311082申' is no number, and is named.
REAL_FLOOR = {"vertical-rl": [198, 197, 185, 185], "sideways-lr": [198, 197, 193, 185],
              "sideways-rl": [198, 197, 194, 185]}
_DIGIT = re.compile(r"\d")

needs_chromium = pytest.mark.skipif(producers.CHROMIUM is None, reason="chromium is needed (make setup installs it)")


def _vertical_heads(page: bytes, mode: str, rng: random.Random) -> bytes:
    """``page`` with every head cell (in a table's rows before its first number) set in ``mode``."""
    text, encoding = decode_html(page, None)
    root = lxml_html.fromstring(text)
    for table in root.iter("table"):
        for row in table.xpath("./tr | ./thead/tr | ./tbody/tr"):
            cells = row.xpath("./td | ./th")
            if any(_DIGIT.search(cell.text_content()) for cell in cells):
                break
            for cell in cells:
                if cell.text_content().strip():
                    style = (f"writing-mode:{mode};height:{rng.choice(['3', '3.5', '4', '5'])}em;"
                             f"letter-spacing:{rng.choice(['0', '0.05em', '0.1em', '0.2em'])};"
                             f"line-height:{rng.choice(['1.2', '1.5', '1.8', 'normal'])}")
                    cell.set("style", f"{cell.get('style') or ''};{style}")
    return lxml_html.tostring(root, encoding=encoding, doctype="<!DOCTYPE html>")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[int, tuple[object, object]]:
    return members.printed_generated(lambda html, seed, rng: _vertical_heads(html, MODES[seed % len(MODES)], rng),
                                     tmp_path_factory.mktemp("vertical-heads"), PRINT, MEMBERS)


@needs_chromium
@pytest.mark.parametrize("seed", range(MEMBERS))
def test_generated_tables_with_vertical_heads(seed, generated):
    report, ex = generated[seed]
    assert (ex.status, ex.agency, ex.year) == ("ok", report.agency, report.year), ex.problems
    assert _differences(report.to_json(), ex) == {}


@pytest.fixture(scope="module")
def real_vertical(tmp_path_factory) -> dict[tuple[str, str], object]:
    return members.printed_real(lambda html, mode, stem: _vertical_heads(html, mode, random.Random(stem)),
                                list(MODES), tmp_path_factory.mktemp("real-vertical"), PRINT)


@needs_chromium
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_with_vertical_heads(path, mode, real_vertical):
    members.assert_read_to_floor(yaml.safe_load(path.read_text("utf-8")), real_vertical[mode, path.stem],
                                 REAL_FLOOR[mode][PAGES_EXPECTED.index(path)])
