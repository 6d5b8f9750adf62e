"""Report tables cut into several HTML <table>s, the way Word leaves a table it cuts.

A table split at a page break or by an editor (Word → HTML through WPS or a CMS editor,
PDF → Word → HTML) becomes several <table>s. Word leaves a merged cell it cuts in the top part
and an empty merged cell in the bottom one, so a continuation of table 3 holds rows like
['', '', '2.其他法律行政法规禁止公开', 0 …]: none of the group labels ('不予公开', '无法提供')
that named a part of table 3, and the run of table 3's parts stopped there. The four real pages
cut every 4 rows read 264 of their 796 cells. Table 4's row of numbers cut off from its header
was no table's (736 of 796), and a table 2 row cut off from its header row, laid out to a width
of its own ('行政许可' and one spanned value), was placed by the header's columns and refused.

Now table 3's items name it too (locate.SIGNATURES), a part of values alone joins the table
before it (locate._join_parts), and a table 2 row in another part than its header, of another
width, is placed by its values' order alone (table2._place).

Members: generated reports in both formats, every table cut at 1-3 random rows after its first
row of numbers (or, for table 4, right before it), the cut merged cells left empty or printed
again; the four real pages cut every 3, 4 or 6 rows, and before table 4's numbers, read as HTML
and as LibreOffice Writer prints them to PDF. A cut inside a header (its rows in two tables) is
not a member: the columns of the part below it are no longer told by any header row of their
own, and those rows stay unread.

Writer lays each part out to its own column widths and prints them touching, one ruled grid of
parts whose column lines differ. A part whose row lines end where no column line is (the left
end of an item column under an empty group cell) was closed by a line run the whole height of
the grid, through the cells of the parts above and below it ('4.保护第三' | '方合法权益' read
'4.保护第三法权益' and '方合'): the 2022 page cut every 4 rows read 151 of 200 cells. The line
closing an open side now stops at a row line that runs through its place
(pdf_tables._open_sides): 193."""

from __future__ import annotations

import copy
import itertools
import random
import re

import members
import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from lxml import etree
from lxml import html as lxml_html
from test_producers import _differences

from pipeline.extract import extract_bytes
from pipeline.read.encoding import decode_html
from pipeline.samples import make_report, render_html

MEMBERS = 12
_DIGIT = re.compile(r"\d")


def _cut(table, cuts: list[int], carry: bool) -> None:
    """``table`` replaced by its parts, cut before each row of ``cuts``. A cell spanning a cut
    goes on in the part below as an empty cell (``carry``: with its text printed again)."""
    rows, grid = members.html_grid(table)
    n_cols = max(c for _, c in grid) + 1
    bounds = [0, *sorted(cuts), len(rows)]
    parts = []
    for top, end in itertools.pairwise(bounds):
        part = etree.Element("table", table.attrib)
        for r in range(top, end):
            tr = etree.SubElement(part, "tr", rows[r].attrib)
            for c in range(n_cols):
                cell, first_row, first_col = grid.get((r, c), (None, -1, -1))
                if first_col != c or first_row != r and not (r == top and first_row < top):
                    continue  # covered by a span, or no cell starts in this part here
                rows_left = first_row + int(cell.get("rowspan") or 1) - r
                new = copy.deepcopy(cell) if first_row == r or carry else etree.Element(cell.tag, cell.attrib)
                new.tail = None
                new.attrib.pop("rowspan", None)
                if min(rows_left, end - r) > 1:
                    new.set("rowspan", str(min(rows_left, end - r)))
                tr.append(new)
        parts.append(part)
    parent, at = table.getparent(), table.getparent().index(table)
    parent.remove(table)
    for k, part in enumerate(parts):
        part.tail = "\n"
        parent.insert(at + k, part)


def _first_values_row(table) -> int | None:
    rows, _ = members.html_grid(table)
    return next((r for r, tr in enumerate(rows) if _DIGIT.search(tr.text_content())), None)


def _split(page: bytes, choose_cuts, carry: bool) -> bytes:
    """``page`` with each table cut where ``choose_cuts(n_rows, first_values_row)`` says."""
    text, encoding = decode_html(page, None)
    root = lxml_html.fromstring(text)
    for table in list(root.iter("table")):
        first = _first_values_row(table)
        if first:
            cuts = choose_cuts(len(members.html_grid(table)[0]), first)
            if cuts:
                _cut(table, cuts, carry)
    return lxml_html.tostring(root, encoding=encoding, doctype="<!DOCTYPE html>")


def _random_cuts(rng: random.Random):
    def choose(n_rows: int, first: int) -> list[int]:
        if n_rows - first == 1:  # table 4: its row of numbers cut off from its header
            return [first] if rng.random() < 0.5 else []
        return rng.sample(range(first + 1, n_rows), min(rng.randint(1, 3), n_rows - first - 1))
    return choose


@pytest.mark.parametrize("seed", range(MEMBERS))
def test_generated_tables_cut_into_several_tables(seed):
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    page = _split(render_html(report, rng), _random_cuts(rng), carry=rng.random() < 0.3)
    ex = extract_bytes(page, f"{report.slug}.htm")
    assert (ex.status, ex.agency, ex.year) == ("ok", report.agency, report.year), ex.problems
    assert _differences(report.to_json(), ex) == {}


def _every(k: int):
    return lambda n_rows, first: list(range(k, n_rows, k)) if n_rows > 6 else []


CUTS = {"every-3": _every(3), "every-4": _every(4), "every-6": _every(6),
        "before-values": lambda n_rows, first: [first] if n_rows <= 6 else []}


@pytest.mark.parametrize("cut", list(CUTS))
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_cut_into_several_tables(path, cut):
    exp = yaml.safe_load(path.read_text("utf-8"))
    page = _split(corpus_path(exp["document"]).read_bytes(), CUTS[cut], carry=False)
    ex = extract_bytes(page, f"{path.stem}.htm")
    assert ex.status == "ok", ex.problems
    assert _differences(exp, ex) == {}


# Cells right of the real pages' 198, 198, 200, 200, cut every 4 rows and printed by Writer.
# Left: on the 2022 page, rows of parts whose column lines differ still cut some labels.
WRITER_FLOOR = [198, 198, 200, 193]


@pytest.fixture(scope="module")
def writer_prints(tmp_path_factory) -> dict[tuple[str, str], object]:
    return members.converted_real(lambda html, stem: _split(html, CUTS["every-4"], carry=False),
                                  tmp_path_factory.mktemp("split-writer"), (producers.HTML_TO_PDF,))


@pytest.mark.skipif(producers.SOFFICE is None, reason="LibreOffice is needed (make setup installs it)")
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_cut_into_several_tables_printed_by_writer(path, writer_prints):
    members.assert_read_to_floor(yaml.safe_load(path.read_text("utf-8")), writer_prints[path.stem, producers.HTML_TO_PDF.name],
                                 WRITER_FLOOR[PAGES_EXPECTED.index(path)])
