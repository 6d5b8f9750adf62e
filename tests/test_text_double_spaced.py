"""Dumps that set a blank line after every line, and line ends doubled.

The class: lynx's dump of a page prints each cell of a table as a paragraph of its own, a blank
line after it, in the table's order (label, then its numbers). The one-cell-per-line reader takes
a blank line for a block apart (pdftotext without -layout prints a table's cells as blocks in its
own order, and there the blank lines are what keeps it from reading numbers under the wrong row),
so every row was refused: 0 cells of the real pages. In a run of one-line paragraphs, each followed
by one blank line, all with lynx's three-column margin, the blank lines now go
(``text_cells.without_spacer_lines``); pdftotext's blocks keep theirs (no margin), and no number of
the development dumps moved. A cell left blank prints nothing in such a dump: its row's numbers are
then too few to place, and are not read.

The same shape without the margin: html-text (Scrapy's extractor), docx2txt and other extractors
that set a blank line after every element of a page or paragraph of a Word file (docx2txt sets
three round an empty one: a blank cell is no block apart there, and prints nothing). Its order is the page's, as lynx's is; what tells it from
pdftotext's blocks is that its paragraphs were never wrapped to a page's width (a line of prose wider
than any page prints, and no page break). Such an extractor also sets a space between two inline
elements: a number whose digits the page set in two (``<span>18</span><span>218</span>``) prints as
``18 218``, one cell that may be one number or two; it stays a block apart, and its row is not read.

And CR CR LF line ends (CR LF converted once more by a Windows tool) are one line end, not a
line end and a blank line after every line.

Members: the four real pages and generated reports dumped by lynx at two widths, with and without
its list of links, by html-text, and as Word files (Writer's of the real pages, generated ones) by
docx2txt; generated dumps of every class, and lynx's, with their line ends doubled.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from test_text_dumps import _cell_counts, assert_generated_read, cell_total

from pipeline.extract import extract_bytes
from pipeline.samples import make_report, render_html
from pipeline.samples.render_docx import render_docx
from pipeline.samples.render_dump import DUMP_CLASSES, render_dump


def _needs_lynx() -> None:
    if producers.LYNX is None:
        pytest.skip("lynx is not installed (make setup installs it)")


@functools.cache
def _page(path: Path) -> tuple[dict, bytes]:
    exp = yaml.safe_load(path.read_text("utf-8"))
    return exp, corpus_path(exp["document"]).read_bytes()


@pytest.mark.parametrize("links", [True, False], ids=["links", "nolist"])
@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_lynx(path, width, links):
    _needs_lynx()
    exp, page = _page(path)
    ex = extract_bytes(producers.lynx_dump(page, width, links), f"{path.stem}.txt")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"])
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


@pytest.mark.parametrize("seed", range(8))
def test_generated_reports_through_lynx(seed):
    """Other numbers and labels; a report with cells left blank loses those rows (named)."""
    _needs_lynx()
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    ex = extract_bytes(producers.lynx_dump(render_html(report, rng), (80, 160)[seed % 2]), f"{report.slug}.txt")
    truth = report.to_json()
    assert (ex.agency, ex.year) == (truth["agency"], truth["year"])
    right, wrong = _cell_counts(ex, truth)
    assert wrong == {}
    blanks = any(v is None for t in ("table2", "table3", "table4") for cols in truth[t].values()
                 for v in cols.values())
    assert right == cell_total(truth) or (blanks and ex.problems)


# Real pages whose html-text dump loses cells, and why: the 2020 page sets two numbers of table 3's
# first and total rows in two elements each ('2 0' for 20, '2 1' for 21), and the amount of table 2's
# procurement row ('7380 2895.90元'). Those rows are not read, and named.
_HTML_TEXT_LOSSES = {"t20210305_80595": (16, ["new_received", "total_processed", "procurement"])}


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_html_text(path):
    exp, page = _page(path)
    ex = extract_bytes(producers.html_text_dump(page), f"{path.stem}.txt")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"])
    lost, rows = _HTML_TEXT_LOSSES.get(Path(exp["document"]).stem, (0, []))
    assert _cell_counts(ex, exp) == (cell_total(exp) - lost, {})
    assert all(any(p.split(": ")[1] == row or f"{row}:" in p for p in ex.problems) for row in rows)


@pytest.mark.parametrize("seed", range(12))
def test_generated_reports_through_html_text(seed):
    """Section 一 as one paragraph, as real reports print it (the generator's sentences are short).
    html-text prints nothing for a blank cell: such a row's numbers are too few, and are not read."""
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    report.sections["1"] = report.sections["1"].replace("\n", "")
    ex = extract_bytes(producers.html_text_dump(render_html(report, rng)), f"{report.slug}.txt")
    assert_generated_read(ex, report.to_json(), losses_named=True)


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_docx2txt(path, derived):
    exp, _ = _page(path)
    docx = derived[Path(exp["document"]).stem, producers.HTML_TO_DOCX.name].read_bytes()
    ex = extract_bytes(producers.docx2txt_dump(docx), f"{path.stem}.txt")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"])
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


@pytest.mark.parametrize("seed", range(8))
def test_generated_reports_through_docx2txt(seed):
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    report.sections["1"] = report.sections["1"].replace("\n", "")
    ex = extract_bytes(producers.docx2txt_dump(render_docx(report, rng)), f"{report.slug}.txt")
    assert_generated_read(ex, report.to_json(), losses_named=True)


def test_page_text_with_a_page_break_keeps_its_blank_lines():
    """Prose as wide as an unwrapped page's, but a page ends in the text: a PDF's, whose blocks
    stay apart (the row printed in pdftotext's block order is refused)."""
    prose = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，" * 4 + "不断提升政务公开质量。"
    lines = [prose, "", "二、主动公开政府信息情况", "", "第二十条第（六）项", "", "信息内容", "", "上一年项目数量", "",
             "本年增/减", "", "处理决定数量", ""]
    for label, numbers in [("行政处罚", ["2648", "538", "-18"]), ("行政强制", ["126", "26", "29"]),
                           ("行政事业性收费", ["35", "-15", "0"]), ("政府集中采购", ["12", "1", "3"]),
                           ("行政许可", ["396", "442", "278"])]:
        for cell in [label, *numbers]:
            lines += [cell, ""]
    head = "某县2020年政府信息公开工作年度报告\n\n"
    html_like = extract_bytes((head + "\n".join(lines)).encode("utf-8"), "page.txt")
    assert html_like.tables["table2"].nested()["licensing"] == {"items_prior_year": 396, "items_change": 442,
                                                                "decisions": 278}
    paged = extract_bytes((head + "\n".join(lines[:4]) + "\f" + "\n".join(lines[4:])).encode("utf-8"), "pdf.txt")
    got = paged.tables["table2"].nested() if "table2" in paged.tables else {}
    assert got.get("penalty", {}).get("items_change") is None


def _doubled(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\r\n")


@pytest.mark.parametrize("kind", DUMP_CLASSES)
@pytest.mark.parametrize("seed", range(3))
def test_line_ends_doubled(seed, kind):
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    data = render_dump(report, rng, kind)
    once, twice = extract_bytes(data, "dump.txt"), extract_bytes(_doubled(data), "dump.txt")
    truth = report.to_json()
    assert _cell_counts(twice, truth) == _cell_counts(once, truth)
    assert (twice.agency, twice.year) == (once.agency, once.year)


@pytest.mark.parametrize("path", PAGES_EXPECTED[:2], ids=[p.stem for p in PAGES_EXPECTED[:2]])
def test_lynx_dump_with_line_ends_doubled(path):
    _needs_lynx()
    exp, page = _page(path)
    ex = extract_bytes(_doubled(producers.lynx_dump(page, 80)), f"{path.stem}.txt")
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


def test_blocks_without_the_margin_keep_their_blank_lines():
    """pdftotext (no -layout) prints a row's cells as blocks in its own order ('行政处罚' / 2648 /
    538 / -18 for 2648, -18, 538): with no margin the blank lines stay, and the row is refused."""
    lines = ["二、主动公开政府信息情况", "", "第二十条第（六）项", "", "信息内容", "", "上一年项目数量", "", "本年增/减", "",
             "处理决定数量", ""]
    for label, numbers in [("行政处罚", ["2648", "538", "-18"]), ("行政强制", ["126", "26", "29"]),
                           ("行政事业性收费", ["35", "-15", "0"]), ("政府集中采购", ["12", "1", "3"]),
                           ("行政许可", ["396", "442", "278"])]:
        for cell in [label, *numbers]:
            lines += [cell, ""]
    text = "某县2020年政府信息公开工作年度报告\n\n" + "\n".join(lines)
    ex = extract_bytes(text.encode("utf-8"), "plain.txt")
    got = ex.tables["table2"].nested() if "table2" in ex.tables else {}
    assert got.get("penalty", {}).get("items_change") is None
    margined = extract_bytes("\n".join("   " + line if line else line for line in text.split("\n")).encode("utf-8"),
                             "lynx.txt")
    assert margined.tables["table2"].nested()["licensing"] == {"items_prior_year": 396, "items_change": 442,
                                                               "decisions": 278}
