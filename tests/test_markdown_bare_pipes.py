"""Markdown tables printed without their outer pipes, as HTML→markdown converters print them.

The class: GFM lets a table leave out the pipes at either end of its rows (``信息内容 | 本年制发件数``
over ``---|---``). html2text, the converter many scraping pipelines put between a page and its
text, prints every table so: the rows stop at the first blank line, a row of one cell prints no pipe
at all (``第二十条第（五）项``), a blank first cell prints as a leading pipe, and a table whose first
row is one cell across has a lone ``---`` under it. The reader took only rows starting with a pipe
for a table's, so the four real pages read 4 cells of 796 through html2text. Such a table is now
given its outer pipes (``pipe_syntax.with_outer_pipes``) and read as any pipe table.

Members: the four real pages and generated reports through html2text (unwrapped and wrapped at 78
columns); generated markdown in three table styles with the outer pipes taken off, the delimiter
row's alignment colons and the spacing round the pipes varied; and the edges that are no table (a
heading's underline, a rule between paragraphs, a line with a pipe in prose).
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
from pipeline.read import read_bytes
from pipeline.read.pipe_syntax import with_outer_pipes
from pipeline.samples import make_report, render_html, render_text
from pipeline.samples.render_dump import render_dump


@pytest.mark.parametrize("width", [0, 78])
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_html2text(path: Path, width):
    exp = yaml.safe_load(path.read_text("utf-8"))
    md = producers.html2text_dump(corpus_path(exp["document"]).read_bytes(), width)
    assert b"\n---|---" in md  # the member is of the class
    ex = extract_bytes(md, f"{path.stem}.md")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"])
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


@pytest.mark.parametrize("seed", range(8))
def test_generated_reports_through_html2text(seed):
    """html2text drops the spans of table 4's header, so its rows no longer stand over the
    columns they head: a row of 15 numbers is placed by the order every report prints, a row
    with a blank cell is not read (named)."""
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    md = producers.html2text_dump(render_html(report, rng), (0, 78)[seed % 2])
    ex = extract_bytes(md, f"{report.slug}.md")
    assert_generated_read(ex, report.to_json(), table4_spans_dropped=True)


def _bare(md: str, rng: random.Random) -> str:
    """``md`` with the outer pipes of every table row taken off, the delimiter row's cells given
    alignment colons and the spacing round the pipes varied, row by row."""
    out = []
    for line in md.split("\n"):
        s = line.strip()
        if not (s.startswith("|") and s.endswith("|") and len(s) > 1):
            out.append(line)
            continue
        cells = s[1:-1].split("|")
        if all(set(c.strip()) <= set("-:") and "-" in c for c in cells):
            cells = [rng.choice(["---", ":---", "---:", ":---:", " --- "]) for _ in cells]
        elif rng.random() < 0.5:
            cells = [c.strip() for c in cells]
        out.append("|".join(cells))
    return "\n".join(out)


@pytest.mark.parametrize("style", ["text", "per_group", "generic_headers"])
@pytest.mark.parametrize("seed", range(4))
def test_generated_markdown_without_outer_pipes(seed, style):
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    data = render_text(report, rng) if style == "text" else render_dump(report, rng, style)
    md = data.decode("utf-8") if isinstance(data, bytes) else data
    bare = _bare(md, rng)
    assert bare.count("\n|") < md.count("\n|") / 2  # the member is of the class
    truth = report.to_json()
    piped = _cell_counts(extract_bytes(md.encode("utf-8"), "piped.md"), truth)
    ex = extract_bytes(bare.encode("utf-8"), "bare.md")
    assert (ex.agency, ex.year) == (truth["agency"], truth["year"])
    assert _cell_counts(ex, truth) == piped == (cell_total(truth), {})


def test_bare_rows_get_their_outer_pipes():
    lines = ["第二十条第（一）项  ", "---  ", "信息内容 | 本年制发件数 | 本年废止件数", "规章| 3| 0", "第二十条第（五）项",
             " | 行政许可 | 7", "", "正文"]
    assert with_outer_pipes(lines) == [
        "| 第二十条第（一）项 |", "| --- |", "| 信息内容 | 本年制发件数 | 本年废止件数 |", "| 规章| 3| 0 |",
        "| 第二十条第（五）项 |", "| | 行政许可 | 7 |", "", "正文"]


@pytest.mark.parametrize("lines", [
    ["一、总体情况", "---", "本机关认真贯彻《条例》。"],  # a heading's underline (setext)
    ["本机关认真贯彻《条例》。", "", "---", "", "二、主动公开政府信息情况"],  # a rule between paragraphs
    ["a | b | c", "---|---", "x | y | z"],  # three cells over a delimiter of two: no GFM table
    ["| 信息内容 | 本年制发件数 |", "|---|---|", "| 规章 | 3 |"],  # a table with its outer pipes, as printed
], ids=["setext-heading", "rule", "delimiter-too-short", "already-piped"])
def test_what_is_no_bare_table_is_left_alone(lines):
    assert with_outer_pipes(lines) == lines


def test_a_heading_underline_stays_a_heading():
    text = "某县人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n---\n\n本机关认真贯彻《条例》，主动公开信息 1 | 2 条。\n"
    doc = read_bytes(text.encode("utf-8"), "report.md")
    assert [b.kind for b in doc.blocks if b.kind == "table"] == []
