"""Word tables whose rows each draw their cells at their own places (uneven rows).

Word lets every row of a table set its own cell boundaries (a border dragged in one row, cells
merged or split after the table was made). Saved as HTML or DOCX, the table is laid on a grid of
all rows' boundaries, and each cell spans the grid columns between its own: a value may start a
column left or right of its header, and the cell spanning two grid columns was read as two
values (its text repeated in both). Before, the four real pages so made read 612 of 796 cells,
generated members 1,676 of 2,372 with 10 numbers under wrong keys (table 2's values placed by
the grid column they start in), Writer's PDFs of the real pages 3 more, and Chromium's prints of
them read 791.

Now the HTML and DOCX readers say which grid positions repeat the cell to their left
(``Block.copies``, as the PDF reader does), so a cell counts once; table 2 places each value
cell under the measure of its rank when each lies under it, else under the measure over its
middle (table2._by_overlap); table 3 reads a row whose cell reaches under a header column from
the left by its cells' order, not by the columns they start in (table3._aligned).

Members: the HTML of generated reports in both formats and of the four real pages, every column
split into three grid columns and each row's inner boundaries moved by up to one (the edges of
cells spanning rows stay: they bound every row they cover); the real pages also through
LibreOffice Writer to DOCX, DOC and PDF, and printed by Chromium."""

from __future__ import annotations

import random

import members
import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from lxml import html as lxml_html
from test_producers import _differences

from pipeline.extract import extract_bytes
from pipeline.read.encoding import decode_html
from pipeline.samples import make_report, render_html

MEMBERS = 12
_FINE = 3  # grid columns per column of the table as printed


def _uneven(page: bytes, rng: random.Random) -> bytes:
    """``page`` with each table's rows drawing their cells at their own places."""
    text, encoding = decode_html(page, None)
    root = lxml_html.fromstring(text)
    for table in root.iter("table"):
        rows, grid = members.html_grid(table)
        if not grid:
            continue
        n_cols = max(c for _, c in grid) + 1
        edges = {}  # cell -> its (left, right) on the fine grid
        for cell, first_row, first_col in set(grid.values()):
            edges[cell] = (first_col * _FINE, (first_col + int(cell.get("colspan") or 1)) * _FINE)
        fixed = {x for cell, ends in edges.items() if int(cell.get("rowspan") or 1) > 1 for x in ends}
        for tr in rows:
            cells = [c for c in tr.xpath("./td | ./th") if c in edges]
            moves: dict[int, int] = {}
            for cell in cells:
                for x in edges[cell]:
                    if 0 < x < n_cols * _FINE and x not in fixed:
                        moves.setdefault(x, rng.choice([-1, 0, 0, 1]))
            for cell in cells:
                left, right = (x + moves.get(x, 0) for x in edges[cell])
                cell.set("colspan", str(max(1, right - left)))
    return lxml_html.tostring(root, encoding=encoding, doctype="<!DOCTYPE html>")


def _real_page(path) -> tuple[dict, bytes]:
    exp = yaml.safe_load(path.read_text("utf-8"))
    return exp, _uneven(corpus_path(exp["document"]).read_bytes(), random.Random(path.stem))


@pytest.mark.parametrize("seed", range(MEMBERS))
def test_generated_tables_with_uneven_rows(seed):
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    ex = extract_bytes(_uneven(render_html(report, rng), rng), f"{report.slug}.htm")
    assert (ex.status, ex.agency, ex.year) == ("ok", report.agency, report.year), ex.problems
    lost = _differences(report.to_json(), ex)
    assert all(got in (None, "MISSING") for _, got in lost.values()), "a number under a wrong key"
    # Left: one member (seed 3) whose table 4 row has two cells under one head.
    assert len(lost) <= 1 and (not lost or ex.problems)


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_with_uneven_rows(path):
    exp, page = _real_page(path)
    ex = extract_bytes(page, f"{path.stem}.htm")
    assert ex.status == "ok", ex.problems
    assert _differences(exp, ex) == {}


WRITER = (producers.HTML_TO_DOCX, producers.HTML_TO_DOC, producers.HTML_TO_PDF)


@pytest.fixture(scope="module")
def through_writer(tmp_path_factory) -> dict[tuple[str, str], object]:
    return members.converted_real(lambda html, stem: _uneven(html, random.Random(stem)),
                                  tmp_path_factory.mktemp("uneven-writer"), WRITER)


@pytest.mark.skipif(producers.SOFFICE is None, reason="LibreOffice is needed (make setup installs it)")
@pytest.mark.parametrize("how", [w.name for w in WRITER])
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_with_uneven_rows_through_writer(path, how, through_writer):
    exp = yaml.safe_load(path.read_text("utf-8"))
    assert _differences(exp, through_writer[path.stem, how]) == {}


@pytest.fixture(scope="module")
def printed_by_chromium(tmp_path_factory) -> dict[tuple[str, str], object]:
    return members.printed_real(lambda html, _, stem: _uneven(html, random.Random(stem)), ["uneven"],
                                tmp_path_factory.mktemp("uneven-chromium"), producers.ChromiumPrint("a4", True, False))


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_with_uneven_rows_printed_by_chromium(path, printed_by_chromium):
    exp = yaml.safe_load(path.read_text("utf-8"))
    assert _differences(exp, printed_by_chromium["uneven", path.stem]) == {}
