"""Markdown whose tables are HTML, and markdown with inline markup round its words and numbers.

The class: PDF→markdown converters with a table model (MinerU, marker, olmOCR, vision-model
transcriptions) and pandoc's gfm print a table with merged cells as HTML inside the markdown,
on one line (``<html><body><table>…``) or indented over many. Such a file was taken for an HTML
page (its markdown then one paragraph, the title lost) or, read as text, its ``<td>`` lines
for cells one per line. Now the sniffer calls text whose first markup is a table and which has no
page head markdown, and the text reader reads each HTML table as the HTML reader reads one.
A converter also keeps inline markup: ``<u>23</u>`` (pandoc, from underlined Word text),
``**一、本年新收…**``, ``&nbsp;``: it is taken out before the text is read.

Members: the four real pages and generated reports, as markdown in four table styles (MinerU's
one-line HTML, indented HTML with ``<th>`` heads, marker's HTML for merged tables and pipes for the
others, and every span written out), whole or cut by a page break; the real pages converted by
real producers at test time (Writer HTML → DOCX, then pandoc DOCX → gfm); pipe-table dumps with
inline markup on random cells; and the edges (an HTML table cut short, '<table>' in prose, a page
that begins with text but has a head).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from markdown_html import STYLES, markdown_with_html_tables
from test_text_dumps import _cell_counts, cell_total, read_through_pandoc

from pipeline.extract import extract_bytes
from pipeline.read import read_bytes
from pipeline.read.sniff import sniff
from pipeline.samples import make_report, render_html, render_text


def _page(path: Path) -> tuple[dict, object]:
    exp = yaml.safe_load(path.read_text("utf-8"))
    src = corpus_path(exp["document"])
    return exp, read_bytes(src.read_bytes(), str(src))


@pytest.mark.parametrize("split", [False, True], ids=["whole", "cut-by-a-page"])
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_as_markdown_with_html_tables(path, style, split):
    exp, doc = _page(path)
    title = "# " + doc.meta["ArticleTitle"]
    md = title + "\n\n" + markdown_with_html_tables(doc.blocks, style, random.Random(7), split)
    assert sniff(md.encode("utf-8")) == "text"
    ex = extract_bytes(md.encode("utf-8"), f"{path.stem}.md")
    assert (ex.agency, ex.year) == (exp["agency"], exp["year"])
    # (Written out span by span, 'expanded', a number merged over two columns of table 2 is
    # printed twice, under its measure's head printed twice: one cell, test_table2_merged_header.)
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


@pytest.mark.parametrize("style", STYLES[:3])
@pytest.mark.parametrize("seed", range(6))
def test_generated_reports_as_markdown_with_html_tables(seed, style):
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    doc = read_bytes(render_html(report, rng), f"{report.slug}.html")
    md = f"# {report.title}\n\n" + markdown_with_html_tables(doc.blocks, style, rng, split_tables=seed % 3 == 0)
    ex = extract_bytes(md.encode("utf-8"), f"{report.slug}.md")
    truth = report.to_json()
    assert (ex.agency, ex.year) == (truth["agency"], truth["year"])
    right, wrong = _cell_counts(ex, truth)
    assert wrong == {}
    assert right == cell_total(truth)


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_pandoc_gfm(path, derived):
    """Writer's DOCX of each page, converted to gfm by pandoc: it keeps the tables with merged
    cells as HTML, and underlined text as <u>."""
    exp, data, ex = read_through_pandoc(path, derived, "gfm", ".md")
    assert b"<table>" in data or b"<u>" in data  # the member is of the class
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


_MARKUP = [lambda c: f"<u>{c}</u>", lambda c: f"**{c}**", lambda c: f"<span style=\"font-size:12pt\">{c}</span>",
           lambda c: f"<strong>{c}</strong>", lambda c: f"{c}&nbsp;", lambda c: f"<font face=\"宋体\">{c}</font>"]


@pytest.mark.parametrize("seed", range(8))
def test_inline_markup_in_pipe_tables(seed):
    """A pipe-table dump with formatting round a third of its cells, labels and numbers alike."""
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    text = render_text(report, rng).decode("utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            cells = line.strip("|").split("|")
            line = "|" + "|".join(rng.choice(_MARKUP)(c.strip()) if c.strip() and rng.random() < 0.35 else c
                                  for c in cells) + "|"
        lines.append(line)
    plain = extract_bytes(text.encode("utf-8"), f"{report.slug}.md")
    ex = extract_bytes("\n".join(lines).encode("utf-8"), f"{report.slug}.md")
    truth = report.to_json()
    assert _cell_counts(ex, truth) == _cell_counts(plain, truth)
    assert (ex.agency, ex.year) == (plain.agency, plain.year)


_TABLE3_HTML = ("<table><tr><td colspan=\"2\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
                "<td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td>"
                "<td>总计</td></tr>"
                "<tr><td colspan=\"2\">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td>"
                "<td>0</td><td>0</td><td>6</td></tr>"
                "<tr><td colspan=\"2\">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td>"
                "<td>0</td><td>0</td><td>1</td></tr>")


def test_an_html_table_cut_short_keeps_its_rows():
    """A dump that ends inside a table (a file cut in transfer): the rows before the cut are read."""
    md = "# 某县民政局2023年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n" + \
        _TABLE3_HTML.replace("</tr>", "</tr>\n") + "<tr><td colspan=\"2\">三、本年度"
    ex = extract_bytes(md.encode("utf-8"), "cut.md")
    got = ex.tables["table3"].nested()
    assert got["new_received"] == {"natural_person": 5, "commercial": 1, "research": 0, "social_welfare": 0,
                                   "legal_services": 0, "other_org": 0, "total": 6}
    assert got["carried_over"]["total"] == 1


def test_table_in_prose_is_no_table():
    text = ("某县2023年政府信息公开工作年度报告\n\n网页以 <table> 标签排版的表格，转换时保留原样。\n\n"
            "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |\n")
    assert sniff(text.encode("utf-8")) == "text"
    doc = read_bytes(text.encode("utf-8"), "prose.md")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", "table"]
    assert "<table>" in doc.blocks[1].text


@pytest.mark.parametrize("page", [
    "导出时间 2024-01-05\n<!DOCTYPE html><html><head><title>报告</title></head><body>" + _TABLE3_HTML + "</table></body></html>",
    "<table>" + _TABLE3_HTML[7:] + "</table>",
    "\ufeff  <html><body>" + _TABLE3_HTML + "</table></body></html>",
])
def test_pages_stay_pages(page):
    """A page that begins with markup, or has a head, is HTML whatever text comes first."""
    assert sniff(page.encode("utf-8")) == "html"
