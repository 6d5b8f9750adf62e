"""Plain-text reader: the real 义马市信访局 report with markdown tables, and synthetic
text for tab-separated tables, encodings and garbage."""

from __future__ import annotations

import random

import pytest
from conftest import corpus_path

from pipeline.errors import ReadError
from pipeline.read import read_bytes
from pipeline.read.text import is_section_heading, read

YIMA = "reports/yima-xinfang-2024.txt"


@pytest.fixture(scope="module")
def yima():
    path = corpus_path(YIMA)
    return read(path.read_bytes(), str(path))


def test_yima_blocks_in_reading_order(yima):
    assert yima.file_type == "text" and yima.meta == {"encoding": "utf-8"}
    assert [b.text for b in yima.blocks if b.kind == "heading"] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert yima.blocks[0].kind == "paragraph"
    assert yima.blocks[0].text == "义马市信访局 2024 年政府信息公开工作年度报告"
    assert yima.blocks[-1].text == "无"
    assert [b.pos.index for b in yima.blocks] == list(range(len(yima.blocks)))
    # Tables sit right after their section headings.
    kinds = [b.kind for b in yima.blocks]
    assert [kinds[i - 1] for i, k in enumerate(kinds) if k == "table"] == ["heading"] * 3


def test_yima_table_shapes(yima):
    assert [(len(t.rows), {len(r) for r in t.rows}) for t in yima.tables] == [(14, {4}), (28, {10}), (4, {15})]


def test_yima_table2_rows_without_separator(yima):
    t2 = yima.tables[0]
    assert t2.rows[0] == ["第二十条第（一）项", "", "", ""]  # the |---| row is gone, empty cells kept
    assert t2.rows[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert t2.rows[3] == ["行政规范性文件", "0", "0", "0"]
    assert t2.rows[12] == ["信息内容", "本年收费金额（单位：万元）", "", ""]
    assert t2.rows[13] == ["行政事业性收费", "0", "", ""]


def test_yima_table3_rows_as_printed(yima):
    t3 = yima.tables[1]
    assert t3.rows[0] == ["(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "", "申请人情况",
                          "", "", "", "", "", "总计", ""]
    assert t3.rows[2] == ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "", ""]
    assert t3.rows[3] == ["一、本年新收政府信息公开申请数量", "", "0", "0", "0", "0", "0", "0", "0", ""]
    assert t3.rows[6] == ["", "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
                          "0", "0", "0", "0", "0", "0", "0", ""]
    assert t3.rows[7] == ["", "(三) 不予公开", "1. 属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]
    # The source lost the leading empty cells of this row: its cells stay shifted, as printed.
    assert t3.rows[25] == ["3. 其他", "", "0", "0", "0", "0", "0", "0", "0", ""]
    assert t3.rows[27] == ["四、结转下年度继续办理", "", "0", "0", "0", "0", "0", "0", "0", ""]


def test_yima_table4_rows(yima):
    t4 = yima.tables[2]
    assert t4.rows[1][:6] == ["结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计", "未经复议直接起诉"]
    assert t4.rows[3] == ["0"] * 15


def test_yima_through_the_dispatcher():
    path = corpus_path(YIMA)
    doc = read_bytes(path.read_bytes(), str(path), hint="txt")
    assert doc.file_type == "text" and len(doc.tables) == 3


def test_tab_separated_tables_and_markdown_headings():
    text = ("# 某局2024年政府信息公开工作年度报告\n\n一、总体情况\n全年公开信息。\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t\t3\n"
            "行政规范性文件\t2\t1\t9\n"
            "单行\t带\t两个制表符\n\n"
            "| a \\| b | c |\n|---|:-:|\n| 1 |  |\n")
    doc = read(text.encode("utf-8"), "t.txt")
    assert [(b.kind, b.text) for b in doc.blocks if not b.is_table] == [
        ("heading", "某局2024年政府信息公开工作年度报告"), ("heading", "一、总体情况"),
        ("paragraph", "全年公开信息。")]
    assert [t.rows for t in doc.tables] == [
        [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "", "3"],
         ["行政规范性文件", "2", "1", "9"], ["单行", "带", "两个制表符"]],
        [["a | b", "c"], ["1", ""]],
    ]


def test_a_single_tab_line_is_a_paragraph():
    doc = read("标题\n甲\t乙\t丙\n正文".encode(), "t.txt")
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 3


@pytest.mark.parametrize("encoding, name", [("gbk", "gb18030"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
                                            ("utf-8-sig", "utf-8-sig")])
def test_encodings(encoding, name):
    text = "一、总体情况\n| 本年新收 | 12 |\n| 陶喆 | 3 |\n"
    doc = read(text.encode(encoding), "e.txt")
    assert doc.meta["encoding"] == name
    assert doc.tables[0].rows == [["本年新收", "12"], ["陶喆", "3"]]


def test_section_heading_rule():
    assert is_section_heading("六、其他需要报告的事项")
    assert is_section_heading("二. 主动公开政府信息情况")
    assert not is_section_heading("一、加强组织领导，健全工作机制，全年共召开专题会议三次，研究部署信息公开工作。")
    assert not is_section_heading("一是加强队伍建设。")
    assert not is_section_heading("（一）主动公开：")


def test_binary_garbage_is_a_read_error():
    with pytest.raises(ReadError) as err:
        read(random.Random(1).randbytes(4096), "garbage.txt")
    assert err.value.path == "garbage.txt"


def test_radical_code_points_read_as_the_ideographs_they_draw():
    """A PDF printed with a CJK font may map 民, 门, 人 … to radical code points
    (⺠ U+2EA0, ⻔ U+2ED4, ⼈ U+2F08); its text dump must read like the original."""
    from pipeline.extract import extract_bytes
    from pipeline.samples import make_report, render_text

    radicals = str.maketrans("民门人页长见", "⺠⻔⼈⻚⻓⻅")
    for seed in (0, 2, 11):  # 2 and 11: agencies whose names hold 民 (陕州区人民政府, 宿豫区民政局)
        rng = random.Random(seed)
        report = make_report(rng, ("2019", "2021")[seed % 2])
        original = render_text(report, rng)
        printed = original.decode("utf-8").translate(radicals).encode("utf-8")
        assert "⺠" in printed.decode("utf-8")
        a, b = extract_bytes(original, "r.txt"), extract_bytes(printed, "r.txt")
        assert (b.agency, b.year, b.status) == (a.agency, a.year, a.status) == (report.agency, report.year, "ok")
        assert {t: r.nested() for t, r in b.tables.items()} == {t: r.nested() for t, r in a.tables.items()}
