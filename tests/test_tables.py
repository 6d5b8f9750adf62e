"""The table mapper on hand-built grids: labels, not positions, decide."""

from __future__ import annotations

import pytest

from pipeline import spec
from pipeline.checks import run_checks
from pipeline.document import Block, Document, Position
from pipeline.tables import map_tables
from pipeline.tables.numbers import parse_number

APPL = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
HEAD = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3 + ["申请人情况"] * 7,
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3 + ["自然人"] + APPL[1:6] + ["总计"],
]
ROWS_2021 = [
    (["一、本年新收政府信息公开申请数量"] * 3, "new_received"),
    (["二、上年结转政府信息公开申请数量"] * 3, "carried_over"),
    (["三、本年度办理结果", "（一）予以公开", "（一）予以公开"], "granted"),
    (["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] * 1 + ["（二）部分公开"], "partially_granted"),
    (["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"], "denied_state_secret"),
    (["三、本年度办理结果", "（三）不予公开", "2.其他法律行政止公开"], "denied_prohibited_by_law"),
    (["三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"], "denied_security_stability"),
    (["三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"], "denied_third_party_rights"),
    (["三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"], "denied_internal_affairs"),
    (["三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"], "denied_process_information"),
    (["三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"], "denied_enforcement_files"),
    (["三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"], "denied_administrative_query"),
    (["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"], "unavailable_not_held"),
    (["三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"], "unavailable_must_create"),
    (["三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"], "unavailable_unclear"),
    (["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"], "rejected_petition_complaint"),
    (["三、本年度办理结果", "（五）不予处理", "2.重复申请"], "rejected_duplicate"),
    (["三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"], "rejected_publication"),
    (["三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"], "rejected_vexatious"),
    (["三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"], "rejected_confirm_existing"),
    (["三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "other_no_correction"),
    (["三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], "other_no_fee_paid"),
    (["三、本年度办理结果", "（六）其他处理", "3.其他"], "other_other"),
    (["三、本年度办理结果", "（七）总计", "（七）总计"], "total_processed"),
    (["四、结转下年度继续办理"] * 3, "carried_forward"),
]


def _doc(*grids: list[list[str]]) -> Document:
    blocks = [Block("paragraph", Position(0), text="三、收到和处理政府信息公开申请情况")]
    for g in grids:
        blocks.append(Block("table", Position(len(blocks)), rows=g))
    return Document("test.html", "html", blocks)


def _values(i: int) -> list[str]:
    """Distinct numbers per row so a misplaced one shows."""
    vals = [i * 10 + j for j in range(6)]
    return [str(v) for v in vals] + [str(sum(vals))]


def _table3_grid(rows=ROWS_2021) -> list[list[str]]:
    return HEAD + [labels + _values(i) for i, (labels, _) in enumerate(rows)]


def test_table3_every_row_by_label():
    tables, problems = map_tables(_doc(_table3_grid()))
    t3 = tables["table3"]
    assert t3.format == "2021" and not t3.missing and problems == []
    for i, (_, key) in enumerate(ROWS_2021):
        got = [t3.value(key, a) for a in spec.table3_applicants()]
        assert got == [int(v) for v in _values(i)], key
    cell = next(c for c in t3.cells if c.row == "granted" and c.column == "research")
    assert (cell.raw, cell.row_label, cell.column_label) == ("22", "三、本年度办理结果 （一）予以公开", "申请人情况 法人或其他组织 科研机构")


def test_table3_row_order_does_not_matter():
    shuffled = list(reversed(ROWS_2021))
    tables, _ = map_tables(_doc(HEAD + [lab + _values(i) for i, (lab, _) in enumerate(shuffled)]))
    for i, (_, key) in enumerate(shuffled):
        assert tables["table3"].value(key, "natural_person") == i * 10


def test_table3_columns_follow_the_header_labels():
    # Columns printed in another order: the header labels place the numbers.
    order = [6, 0, 1, 2, 3, 4, 5]  # 总计 first
    head = [h[:3] + [h[3:][k] for k in order] for h in HEAD]
    grid = head + [lab + [_values(i)[k] for k in order] for i, (lab, _) in enumerate(ROWS_2021)]
    t3 = map_tables(_doc(grid))[0]["table3"]
    assert t3.value("new_received", "total") == 15 and t3.value("new_received", "commercial") == 1


def test_table3_shifted_row_lost_its_leading_cells():
    grid = _table3_grid()
    i = next(i for i, (_, k) in enumerate(ROWS_2021) if k == "other_other")
    grid[len(HEAD) + i] = ["3. 其他"] + _values(i) + ["", ""]  # as in the seed
    t3 = map_tables(_doc(grid))[0]["table3"]
    assert [t3.value("other_other", a) for a in spec.table3_applicants()] == [int(v) for v in _values(i)]


def test_table3_split_in_two_tables_with_repeated_header():
    grid = _table3_grid()
    first, second = grid[: len(HEAD) + 12], HEAD + grid[len(HEAD) + 12:]
    tables, problems = map_tables(_doc(first, second))
    assert not tables["table3"].missing and problems == []
    assert tables["table3"].value("carried_forward", "total") == sum(range(240, 246))


def test_table3_format_2019_single_other_row():
    rows = [r for r in ROWS_2021 if not r[1].startswith("other_")]
    rows.insert(20, (["三、本年度办理结果", "（六）其他处理", "（六）其他处理"], "other_total"))
    t3 = map_tables(_doc(_table3_grid(rows)))[0]["table3"]
    assert t3.format == "2019" and not t3.missing
    assert t3.value("other_total", "natural_person") == 200


def test_unreadable_cell_is_null_and_reported_never_guessed():
    grid = _table3_grid()
    grid[len(HEAD)][3] = "3O"  # letter O typed for a zero
    tables, problems = map_tables(_doc(grid))
    cell = next(c for c in tables["table3"].cells if c.row == "new_received" and c.column == "natural_person")
    assert cell.value is None and cell.raw == "3O" and "not a number" in cell.problem
    assert any("new_received/natural_person" in p for p in problems)
    # identities touching the unreadable cell are not evaluated
    checks = run_checks(tables)
    assert not any(c.check == "t3_balance" and c.subject == "natural_person" for c in checks)


def test_numbers():
    assert parse_number("３，１１９").value == 3119
    assert parse_number("1,234").value == 1234
    assert parse_number("96171.6").value == 96171.6
    assert parse_number("251000元") .unit == "元"
    assert parse_number(" 12 件").value == 12
    for blank in ["", " ", "\xa0", "-", "—", "/", "无"]:
        p = parse_number(blank)
        assert p.value is None and p.problem is None
    for bad in ["1 2", "abc", "3O", "1.2.3", "2(3)", "22（件）", "（其中1件）", "-（其中1件）"]:
        assert parse_number(bad).problem


def test_a_number_with_a_note_on_its_breakdown_is_read_with_the_note_kept():
    """'22（其中修订16件）': the cell's number is 22, the bracket says how it breaks down. The
    number is read, the note stays on the cell as a doubt (and in the problems)."""
    for text, value, note in [("22（其中修订16件）", 22, "其中修订16件"), ("7 （其中修订1件）", 7, "其中修订1件"),
                              ("5(含转办2件)", 5, "含转办2件"), ("３（包括线上２件）", 3, "包括线上2件")]:
        parsed = parse_number(text)
        assert (parsed.value, parsed.note, parsed.problem) == (value, note, None)
    grid = _table3_grid()
    row = next(i for i, r in enumerate(grid) if r[2] == "2.重复申请")
    grid[row] = [*grid[row][:3], f"{grid[row][3]}（其中当面申请1件）", *grid[row][4:]]
    tables, problems = map_tables(_doc(grid))
    cell = next(c for c in tables["table3"].cells if (c.row, c.column) == ("rejected_duplicate", "natural_person"))
    assert cell.value == int(grid[row][3].split("（")[0]) and "其中当面申请1件" in cell.problem
    assert any("rejected_duplicate/natural_person: printed with a note" in p for p in problems)


T4_HEAD = [
    ["行政复议"] * 5 + ["行政诉讼"] * 10,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
]


def test_table4_header_block_and_one_row_of_15():
    t4 = map_tables(_doc(T4_HEAD + [[str(v) for v in range(1, 16)]]))[0]["table4"]
    assert t4.nested() == {
        "review": {"upheld": 1, "corrected": 2, "other": 3, "pending": 4, "total": 5},
        "litigation_direct": {"upheld": 6, "corrected": 7, "other": 8, "pending": 9, "total": 10},
        "litigation_after_review": {"upheld": 11, "corrected": 12, "other": 13, "pending": 14, "total": 15},
    }


def test_table4_transposed_proceedings_as_rows():
    grid = [["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
            ["行政复议", "1", "2", "3", "4", "10"],
            ["行政诉讼（未经复议直接起诉）", "0", "1", "0", "0", "1"],
            ["行政诉讼（复议后起诉）", "2", "0", "0", "0", "2"]]
    t4 = map_tables(_doc(grid))[0]["table4"]
    assert t4.value("review", "total") == 10 and t4.value("litigation_after_review", "upheld") == 2
    assert [c.ok for c in run_checks({"table4": t4})] == [True, True, True]


def test_table4_text_grid_without_spans():
    # markdown: group labels only in their first column
    head = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
            ["结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计", "未经复议直接起诉", "", "", "", "",
             "复议后起诉", "", "", "", ""],
            ["", "", "", "", ""] + ["结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"] * 2]
    t4 = map_tables(_doc(head + [[str(v) for v in range(1, 16)]]))[0]["table4"]
    assert t4.value("litigation_direct", "upheld") == 6 and t4.value("litigation_after_review", "total") == 15


T2_2021 = [
    ["第二十条第（一）项"] * 4,
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "0", "0"],
    ["行政规范性文件", "8", "26", "66"],
    ["第二十条第（五）项"] * 4,
    ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
    ["行政许可", "447228", "447228", "447228"],
    ["第二十条第（六）项"] * 4,
    ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
    ["行政处罚", "3985758", "3985758", "3985758"],
    ["行政强制", "", "", ""],
    ["第二十条第（八）项"] * 4,
    ["信息内容", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）"],
    ["行政事业性收费", "96171.6", "96171.6", "96171.6"],
]


def test_table2_format_2021_spanned_values():
    t2 = map_tables(_doc(T2_2021))[0]["table2"]
    assert t2.format == "2021" and not t2.missing
    assert t2.nested() == {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 8, "repealed": 26, "in_force": 66},
        "licensing": {"decisions": 447228}, "penalty": {"decisions": 3985758},
        "coercion": {"decisions": None}, "fees": {"amount_10k_yuan": 96171.6},
    }


def test_table2_fees_printed_in_yuan_are_converted_and_noted():
    grid = [r[:] for r in T2_2021]
    grid[-1] = ["行政事业性收费", "251000元", "251000元", "251000元"]
    tables, problems = map_tables(_doc(grid))
    cell = next(c for c in tables["table2"].cells if c.row == "fees")
    assert cell.value == 25.1 and cell.raw == "251000元"
    assert any("converted to 万元" in p for p in problems)


def test_mixed_formats_are_detected_per_table():
    rows = [r for r in ROWS_2021 if not r[1].startswith("other_")]
    rows.insert(20, (["三、本年度办理结果", "（六）其他处理", "（六）其他处理"], "other_total"))
    tables, _ = map_tables(_doc(T2_2021, _table3_grid(rows), T4_HEAD + [["0"] * 15]))
    assert {k: t.format for k, t in tables.items()} == {"table2": "2021", "table3": "2019", "table4": "2021"}


def test_checks_flag_exactly_the_broken_identity():
    grid = _table3_grid()
    grid[len(HEAD) + 2][3 + 1] = "999"  # granted / commercial
    tables, _ = map_tables(_doc(grid))
    failing = {(c.check, c.subject) for c in run_checks(tables) if not c.ok}
    # our synthetic numbers do not balance columns; only look at what the edit touched
    assert ("t3_row_total", "granted") in failing
    row_check = next(c for c in run_checks(tables) if c.check == "t3_row_total" and c.subject == "granted")
    assert (row_check.expected, row_check.actual) == (20 + 999 + 22 + 23 + 24 + 25, 135)


@pytest.mark.parametrize("blank", ["", "/", "—"])
def test_table4_printed_all_blank_is_present_with_nulls(blank):
    tables, problems = map_tables(_doc(T4_HEAD + [[blank] * 15]))
    t4 = tables["table4"]
    assert not t4.missing and all(c.value is None for c in t4.cells) and problems == []
    assert t4.cells[0].raw == blank


def test_stray_space_inside_numbering():
    grid = _table3_grid()
    i = next(i for i, (_, k) in enumerate(ROWS_2021) if k == "total_processed")
    grid[len(HEAD) + i][:3] = ["（ 七）总 计"] * 3
    t3 = map_tables(_doc(grid))[0]["table3"]
    assert t3.value("total_processed", "natural_person") == i * 10


def test_shifted_row_with_dash_blanks_is_read_by_its_own_cells():
    grid = _table3_grid()
    i = next(i for i, (_, k) in enumerate(ROWS_2021) if k == "other_other")
    grid[len(HEAD) + i] = ["3.其他", "-", "-", "0", "0", "-", "0", "-", "", ""]
    t3 = map_tables(_doc(grid))[0]["table3"]
    assert [t3.value("other_other", a) for a in spec.table3_applicants()] == [None, None, 0, 0, None, 0, None]


def test_table2_printed_as_one_small_table_per_clause():
    parts = [T2_2021[0:4], T2_2021[4:7], T2_2021[7:11], T2_2021[11:14]]
    blocks = [Block("paragraph", Position(0), text="二、主动公开政府信息情况")]
    for part in parts:
        blocks.append(Block("paragraph", Position(len(blocks)), text="（表格）"))
        blocks.append(Block("table", Position(len(blocks)), rows=part))
    tables, problems = map_tables(Document("t.html", "html", blocks))
    t2 = tables["table2"]
    assert not t2.missing and problems == []
    assert t2.value("licensing", "decisions") == 447228 and t2.value("fees", "amount_10k_yuan") == 96171.6


def test_tables_2_3_4_printed_in_one_grid_are_cut_apart():
    width = 15
    pad = lambda rows: [r + [""] * (width - len(r)) for r in rows]
    grid = (pad([["二、主动公开政府信息情况"] * 4]) + pad(T2_2021)
            + pad([["三、收到和处理政府信息公开申请情况"] * 10]) + pad(_table3_grid())
            + [["四、政府信息公开行政复议、行政诉讼情况"] * width] + T4_HEAD + [[str(v) for v in range(1, 16)]])
    tables, problems = map_tables(_doc(grid))
    assert sorted(tables) == ["table2", "table3", "table4"] and problems == []
    assert not any(t.missing for t in tables.values())
    assert tables["table2"].value("normative_documents", "repealed") == 26
    assert tables["table3"].value("carried_forward", "total") == sum(range(240, 246))
    assert tables["table4"].value("litigation_after_review", "total") == 15


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (1, 0, 3, 2), (3, 2, 1, 0)])
def test_table2_clauses_as_tables_under_title_paragraphs(order):
    """Word reports (and PDFs whose clause rows lost their rules) print each clause
    as its own table under a 第二十条第（X）项 paragraph: a clause table such as
    （八） alone names one signature (事业性收费), and must still join table 2."""
    parts = [T2_2021[0:4], T2_2021[4:7], T2_2021[7:11], T2_2021[11:14]]
    blocks = [Block("paragraph", Position(0), text="二、主动公开政府信息情况")]
    for k in order:
        blocks.append(Block("paragraph", Position(len(blocks)), text=parts[k][0][0]))
        blocks.append(Block("table", Position(len(blocks)), rows=parts[k][1:]))
    blocks.append(Block("paragraph", Position(len(blocks)), text="三、收到和处理政府信息公开申请情况"))
    blocks.append(Block("table", Position(len(blocks)), rows=HEAD + [r + ["1"] * 7 for r, _ in [ROWS_2021[0]]]))
    tables, _ = map_tables(Document("t.docx", "docx", blocks))
    t2 = tables["table2"]
    assert not t2.missing
    assert t2.value("normative_documents", "repealed") == 26 and t2.value("fees", "amount_10k_yuan") == 96171.6
    assert t2.value("penalty", "decisions") == 3985758 and t2.value("licensing", "decisions") == 447228


def test_a_row_painted_twice_at_a_page_break_keeps_its_printed_numbers():
    """A renderer (wkhtmltopdf) may paint a row the page break cuts on both pages,
    one copy missing a cell: the printed number wins over the blank copy, with
    the doubt on the cell; two different numbers keep the first and say so."""
    grid = _table3_grid()
    dup = next(i for i, r in enumerate(grid) if r[2] == "2.重复申请")
    blank_first = [*grid[dup][:4], "", *grid[dup][5:]]
    tables, problems = map_tables(_doc(grid[:dup] + [blank_first] + grid[dup:]))
    cell = next(c for c in tables["table3"].cells if (c.row, c.column) == ("rejected_duplicate", "commercial"))
    assert (cell.value, cell.raw) == (int(grid[dup][4]), grid[dup][4])
    assert "the blank copy ignored" in cell.problem
    other = [*grid[dup][:4], "999", *grid[dup][5:]]
    tables, problems = map_tables(_doc(grid[:dup + 1] + [other] + grid[dup + 1:]))
    assert tables["table3"].value("rejected_duplicate", "commercial") == int(grid[dup][4])
    assert any("printed twice" in p and "kept the first" in p for p in problems)


def test_a_label_naming_two_rows_places_no_number():
    """Two labels run together ('行政处罚行政强制': a blank row printed as nothing
    above a labelled one, rebuilt from a text dump as one wrapped label) name
    two rows: the numbers go nowhere, and the problem says so."""
    grid = _table3_grid()
    at = next(i for i, r in enumerate(grid) if r[2] == "3.要求提供公开出版物")
    grid[at] = [grid[at][0], grid[at][1], "2.重复申请3.要求提供公开出版物", *grid[at][3:]]
    tables, problems = map_tables(_doc(grid))
    t3 = tables["table3"]
    assert t3.value("rejected_publication", "natural_person") is None
    assert t3.value("rejected_duplicate", "natural_person") == int(grid[at - 1][3])
    assert any("names 2 rows (rejected_duplicate, rejected_publication)" in p for p in problems)


@pytest.mark.parametrize("kept", [range(6), range(5), range(4), [6, 0, 1, 2, 3]],
                         ids=["total-cut", "two-cut", "three-cut", "total-first-two-cut"])
def test_table3_cut_at_the_paper_edge_reads_the_columns_printed(kept):
    """A table wider than the paper loses its right-hand columns (Chromium at scale 2): the numbers
    under the applicant labels still printed are read by those labels, the others are reported."""
    kept = list(kept)
    head = [h[:3] + [h[3:][k] for k in kept] for h in HEAD]
    grid = head + [lab + [_values(i)[k] for k in kept] for i, (lab, _) in enumerate(ROWS_2021)]
    tables, problems = map_tables(_doc(grid))
    t3 = tables["table3"]
    applicants = list(spec.table3_applicants())
    for i, (_, key) in enumerate(ROWS_2021):
        assert [t3.value(key, applicants[k]) for k in kept] == [int(_values(i)[k]) for k in kept], key
        assert all(t3.value(key, a) is None for k, a in enumerate(applicants) if k not in kept)
    lost = (len(applicants) - len(kept)) * len(ROWS_2021)
    assert any(p.startswith(f"table3: {lost} cells not found") for p in problems), problems


def test_table3_a_number_in_a_column_the_header_does_not_name_is_not_read():
    """Five applicant labels over six columns of numbers: which applicant the sixth column is,
    nothing says, so the row is reported and none of its numbers read (not read in part)."""
    head = [h[:3] + h[3:8] + [""] for h in HEAD]
    grid = head + [lab + _values(i)[:6] for i, (lab, _) in enumerate(ROWS_2021)]
    tables, problems = map_tables(_doc(grid))
    assert "table3" not in tables  # no cell of it could be read
    assert "table3: new_received: 6 value cells do not line up with the 7 applicant columns; not read" in problems


def test_table3_group_heading_row_of_other_processing_without_numbers_is_no_problem():
    """A stacked dump prints （六）其他处理 as a row of its own above its format-2021 sub-items: a
    heading with nothing printed after it, no problem; with numbers it is still refused and named."""
    i = next(k for k, (_, key) in enumerate(ROWS_2021) if key == "other_no_correction")
    heading = ["三、本年度办理结果", "（六）其他处理", "（六）其他处理"]
    grid = _table3_grid()
    grid.insert(len(HEAD) + i, heading + [""] * 7)
    tables, problems = map_tables(_doc(grid))
    assert problems == [] and tables["table3"].value("other_no_correction", "natural_person") == i * 10
    grid[len(HEAD) + i] = heading + _values(99)
    tables, problems = map_tables(_doc(grid))
    assert "table3: other_total: a row labelled only （六）其他处理 beside its format-2021 sub-items; not read" in problems
    assert tables["table3"].value("other_no_correction", "natural_person") == i * 10
