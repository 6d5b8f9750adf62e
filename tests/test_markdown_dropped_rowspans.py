"""Markdown tables whose converter drops the cells a label spans down, and pads the cells spanning across.

The class: markdownify, the converter behind markitdown's HTML and Word paths, prints a cell that
spans rows in its first row only, and a cell that spans columns as itself and blank cells. Each row
then starts where its own labels end, and a number spanning two columns (the 2021 平潭 page's
商业企业 column) leaves a blank among the row's numbers: table 3 of that page was not read (25 of
200 cells). The rows still end alike: counted from each row's end, the seven applicants' cells are
where every complete row of the block prints its seven numbers (``table3._BlockRows.from_end``),
and a row with a cell in each of them, printing nothing elsewhere, is read there (a blank stays
blank), under a header naming the applicants in their usual order or none.

Members: the four real pages through markitdown as pages and as Writer's Word files; generated
reports the same ways, their blank cells and CMS markup among them; and a row that lost a cell,
which stays unread.
"""

from __future__ import annotations

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


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_markitdown(path: Path):
    exp = yaml.safe_load(path.read_text("utf-8"))
    md = producers.markitdown_file(corpus_path(exp["document"]).read_bytes(), ".html")
    ex = extract_bytes(md, f"{path.stem}.md")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"])
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_as_word_files_through_markitdown(path: Path, derived):
    exp = yaml.safe_load(path.read_text("utf-8"))
    docx = derived[Path(exp["document"]).stem, producers.HTML_TO_DOCX.name].read_bytes()
    ex = extract_bytes(producers.markitdown_file(docx, ".docx"), f"{path.stem}.md")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"])
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


@pytest.mark.parametrize("source", ["html", "docx"])
@pytest.mark.parametrize("seed", range(6))
def test_generated_reports_through_markitdown(seed, source):
    """A blank cell of table 4 leaves its row unread (named): test_markdown_bare_pipes."""
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    data = render_html(report, rng) if source == "html" else render_docx(report, rng)
    ex = extract_bytes(producers.markitdown_file(data, f".{source}"), f"{report.slug}.md")
    assert_generated_read(ex, report.to_json(), table4_spans_dropped=True)


_HEAD = ("某县人民政府2023年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n"
         "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | | |\n"
         "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
         "| 自然人 | | 法人或其他组织 | | | | | 总计 |\n"
         "|  | 商业企业 | | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n")


def test_rows_read_from_their_ends():
    """Rows of 11 and 10 cells (their label spanning three columns, or two under a group label
    printed in its first row only), 商业企业's number spanning two. A row with its first number
    blank is read from its end too: by the count of its cells after its label, its blank and
    the span's blank would put 0 under 自然人."""
    md = _HEAD + ("| 一、本年新收政府信息公开申请数量 | | | 64 | 0 | | 0 | 2 | 0 | 4 | 70 |\n"
                  "| 二、上年结转政府信息公开申请数量 | | | 1 | 0 | | 0 | 0 | 0 | 0 | 1 |\n"
                  "| 三、本年度办理结果 | （一）予以公开 | | 27 | 0 | | 0 | 2 | 0 | 1 | 30 |\n"
                  "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | | 0 | | 0 | 0 | 0 | 0 | 5 |\n"
                  "| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | | 0 | 0 | 0 | 0 | 0 |\n")
    ex = extract_bytes(md.encode("utf-8"), "report.md")
    got = ex.tables["table3"].nested()
    assert got["new_received"] == {"natural_person": 64, "commercial": 0, "research": 0, "social_welfare": 2,
                                   "legal_services": 0, "other_org": 4, "total": 70}
    assert got["granted"]["total"] == 30
    assert got["partially_granted"] == {"natural_person": None, "commercial": 0, "research": 0, "social_welfare": 0,
                                        "legal_services": 0, "other_org": 0, "total": 5}
    assert got["denied_state_secret"]["total"] == 0
