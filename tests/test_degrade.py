"""A part of a document that cannot be read costs that part only: the rest is
extracted, the status is ``partial`` and the problem names the part."""

from __future__ import annotations

import random

from pipeline.extract import extract_bytes, extract_document
from pipeline.read import read_bytes
from pipeline.salvage import salvage
from pipeline.samples import make_report, render_text


def test_salvage_returns_the_part_or_names_the_loss():
    losses: list[str] = []
    assert salvage(losses, "page 2, table 1", lambda rows: rows[0], [[1]], default=None) == [1]
    assert salvage(losses, "page 3, table 2", lambda rows: rows[5], [], default=[]) == []
    assert losses == ["page 3, table 2: not read (IndexError: list index out of range)"]


def test_a_lost_part_makes_the_extraction_partial_and_keeps_the_rest():
    rng = random.Random(12)
    report = make_report(rng, "2021")
    doc = read_bytes(render_text(report, rng), "r.txt")
    doc.losses.append("page 4, table 3: not read (IndexError: list index out of range)")
    ex = extract_document(doc, file="r.txt")
    assert ex.status == "partial"
    assert ex.error == "1 part(s) not read, first: page 4, table 3: not read (IndexError: list index out of range)"
    assert ex.problems[0] == "page 4, table 3: not read (IndexError: list index out of range)"
    truth = report.to_json()
    assert {t: ex.tables[t].nested() for t in ("table2", "table3", "table4")} == \
        {t: truth[t] for t in ("table2", "table3", "table4")}


def test_an_unreadable_table_is_named_and_the_other_tables_are_mapped():
    """A table grid that no mapper can handle (one row of one empty cell, a ragged
    grid of strings) never costs the other tables."""
    rng = random.Random(13)
    report = make_report(rng, "2019")
    doc = read_bytes(render_text(report, rng), "r.txt")
    for block in doc.tables:
        if "行政复议" in "".join(map("".join, block.rows)):
            block.rows = [[""], ["行政复议", "行政诉讼"], ["维持", "1", "x" * 3], []]
    ex = extract_document(doc, file="r.txt")
    assert ex.status == "partial" and "table4" not in ex.tables
    assert ex.tables["table3"].nested() == report.to_json()["table3"]


def test_tables_whose_every_row_is_in_doubt_are_not_called_absent():
    """A text dump where no row's numbers can be placed (fewer numbers than columns, no
    positions to tell the blanks: generated narrow page 620 printed and dumped): the
    document fails, but its error says the tables are there and their rows in doubt,
    named in the problems, not that it holds none; no cell is read as blank."""
    gaps = "        "
    text = ("某县财政局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
            "                                  自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计\n"
            f"一、本年新收政府信息公开申请数量{gaps}3{gaps * 6}3\n"
            f"二、上年结转政府信息公开申请数量{gaps}1{gaps}1{gaps}1{gaps * 6}3\n"
            f"（七）总计{gaps * 3}3{gaps * 6}3\n四、政府信息公开行政复议、行政诉讼情况\n")
    ex = extract_bytes(text.encode("utf-8"), "x.txt")
    assert ex.status == "failed" and ex.tables == {}
    assert ex.error == ("readable, but none of the statistical tables 2–4 was read: 2 rows of numbers "
                        "could not be placed (named in problems)")
    assert any(p.startswith("text table at line 3: 一、本年新收政府信息公开申请数量: 2 numbers") for p in ex.problems)
