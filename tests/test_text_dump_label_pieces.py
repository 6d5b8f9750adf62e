"""A row label a text dump printed in pieces round its numbers.

Table 3: the label's first words on a line of their own above the row, the item number and the
rest beside the numbers, maybe the last words on a line below ('危及 三安全' / '3. “一稳定  0 0 0 0 0
0 0' / '”'). Found on the real 2022 and 2023 平潭 pages printed by Chromium and dumped by markitdown
(7 cells of table 3 each of 6 dumps): the line above falls between two rows and is used by
neither, and what stays beside the numbers ('3. “一稳定') names no row by its words alone. The item
number and the words it keeps name the row when exactly one row of that item number holds those
words; a cell holding an item number and an opening quote only ('3. “') is a label cell, not a
value. Members: which numbered rows, where the label is cut, a piece below or not, spaces after
the number.

Table 2: an item's label cut in two, one piece beside the numbers and the other on a line of its
own above or below ('行政' / '处罚 231'; '行政 134' / '许可'), or the numbers alone on a line between
the two pieces ('行政' / '231' / '处罚'): found on generated narrow pages dumped by pdfplumber,
pdftotext, PyMuPDF and markitdown (1,228 cells of the development and held-out ranges). Joined,
the two pieces name the item; neither names one alone.
"""

from __future__ import annotations

import random
import re

import pytest
from test_text_dumps import TABLE3_HEAD, TABLE3_TOP, read_generated_dump

from pipeline import spec
from pipeline.extract import extract_bytes

# Items whose words are long enough to cut in three (a 2-character piece at least stays beside
# the numbers).
_ROWS = {text.split(" ")[-1]: row for row, text in spec.table3_row_labels().items()
         if re.match(r"\d\.", text.split(" ")[-1]) and len(text.split(" ")[-1]) >= 8}
_ITEMS = list(_ROWS)


def _in_pieces(text: str, rng: random.Random, item: str) -> tuple[str, str]:
    """``item``'s row with its label's first words on a line above and maybe its last ones on a
    line below: the text and what stays beside the numbers."""
    number, words = item.split(".", 1)
    head = rng.randint(2, len(words) - 4)
    tail = len(words) - rng.choice([0, 0, 1, 2])
    beside = f"{number}.{rng.choice(['', ' '])}{words[head:tail]}"
    line = re.search(rf"^(.*?){re.escape(item)} (.*)$", text, re.MULTILINE)
    lines = [words[:head], f"{line.group(1)}{beside} {line.group(2)}"] + ([words[tail:]] if tail < len(words) else [])
    return text[:line.start()] + "\n".join(lines) + text[line.end():], beside


@pytest.mark.parametrize("seed", range(16))
def test_a_label_printed_in_pieces_round_its_numbers_names_its_row(seed):
    """No number lands under a wrong key, and each row printed in pieces is read right or named
    as not read: a line of its label that the dump set with another row ('没有现成信息' beside
    '1.掌握相关政府信息 1 - …') makes its labels name two rows, and words of two rows of the same
    item number ('1.政府信') name none. Before, 21 of the 48 rows cut so were not read right, and
    2 members read a row's numbers under the row a line set beside it named (unavailable_must_create
    for unavailable_not_held); now 3 rows are not read, and none is read wrong."""
    shown: dict[str, str] = {}

    def transform(text: str, rng: random.Random) -> str:
        for item in rng.sample([item for item in _ITEMS if f"{item} " in text], 3):
            text, shown[item] = _in_pieces(text, rng, item)
        return text

    truth, ex = read_generated_dump(4100 + seed, transform)  # asserts no number under a wrong key
    got = ex.tables["table3"].nested()
    for item, beside in shown.items():
        row = _ROWS[item]
        if got[row] != truth["table3"][row]:
            assert all(v is None for v in got[row].values()), (row, got[row])
            assert any("row not recognised" in p and beside in p for p in ex.problems), (beside, ex.problems)
    assert sum(got[_ROWS[item]] == truth["table3"][_ROWS[item]] for item in shown) >= 2, (shown, ex.problems)


def test_an_item_number_and_words_of_no_row_or_two_rows_are_not_read():
    """'3.' with words only a row numbered 2 holds ('需要另行', of 2.没有现成信息需要另行制作) names no
    row; '2.' with '申请' (in 重复申请 and in 申请人逾期未按…, both numbered 2) names two: neither is
    read, and both are named; '3. “一稳定' is read, and its doubt said."""
    text = (TABLE3_TOP +
            "3. 需要另行 1 0 0 0 0 0 1\n"
            "2. 申请 2 0 0 0 0 0 2\n"
            "3. “一稳定 3 0 0 0 0 0 3\n")
    ex = extract_bytes(text.encode("utf-8"), "x.txt")
    got = ex.tables["table3"].nested()
    assert got["unavailable_must_create"]["total"] is None
    assert got["unavailable_unclear"]["total"] is None
    assert got["rejected_duplicate"]["total"] is None
    assert got["other_no_fee_paid"]["total"] is None
    assert got["denied_security_stability"]["total"] == 3
    assert any("row not recognised" in p and "需要另行" in p for p in ex.problems)
    assert any("row not recognised" in p and "2. 申请" in p for p in ex.problems)
    assert any("denied_security_stability: label '3. “一稳定' read by its item number" in p for p in ex.problems)


def test_labels_naming_two_rows_by_words_and_item_number_are_not_read():
    """A line of the next row's label set before this row's own ('没有现成信息', then
    '1.掌握相关政府信息' beside the numbers): the words name unavailable_must_create, the item number
    and the words beside the numbers unavailable_not_held. Not read (before: read as
    unavailable_must_create)."""
    text = (TABLE3_HEAD +
            "| 申请人情况 | | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
            "| 一、本年新收政府信息公开申请数量 | | | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
            "| （四）无法提供 | 没有现成信息 | 1.掌握相关政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
            "| | 属于国家秘密 | 1. | 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n"
            "| | 属于国家秘密 | 2. | 6 | 0 | 0 | 0 | 0 | 0 | 6 |\n")
    ex = extract_bytes(text.encode("utf-8"), "x.md")
    got = ex.tables["table3"].nested()
    assert got["unavailable_must_create"]["total"] is None
    assert got["unavailable_not_held"]["total"] is None
    assert got["denied_state_secret"]["total"] == 4
    assert got["denied_prohibited_by_law"]["total"] is None
    assert sum("row not recognised" in p for p in ex.problems) == 2, ex.problems


def _table2_in_pieces(text: str, rng: random.Random, where: str) -> tuple[str, list[str]]:
    """Two of table 2's item rows with their labels cut in two: the piece not beside the numbers
    on a line of its own above or below them, or (``around``) the numbers alone on a line between
    the two pieces."""
    start, end = text.index("二、主动公开政府信息情况"), text.index("三、收到和处理政府信息公开申请情况")
    lines = text[start:end].split("\n")
    rows = [k for k, line in enumerate(lines) if re.match(r"^[\u4e00-\u9fff]{4,}\s+[-\d]", line)]
    cut_labels = []
    for k in sorted(rng.sample(rows, 2), reverse=True):
        label, values = lines[k].split(" ", 1)
        cut = rng.randint(2, len(label) - 2)
        lines[k:k + 1] = {"above": [label[:cut], f"{label[cut:]} {values}"],
                          "below": [f"{label[:cut]} {values}", label[cut:]],
                          "around": [label[:cut], values, label[cut:]]}[where]
        cut_labels.append(label)
    return text[:start] + "\n".join(lines) + text[end:], cut_labels


@pytest.mark.parametrize("where", ["above", "below", "around"])
@pytest.mark.parametrize("seed", range(8))
def test_a_table2_label_cut_in_two_round_its_numbers_is_read_joined(seed, where):
    """Every cell of table 2 is read (before, each of these 24 members lost a row; over 40 members
    of each kind, table 2 cells lost 120 → 3 with the piece above, 133 → 16 below, and 547 → 19
    with the numbers alone between the pieces, where the whole table was refused)."""
    cut: list[str] = []

    def transform(text: str, rng: random.Random) -> str:
        text, labels = _table2_in_pieces(text, rng, where)
        cut.extend(labels)
        return text

    truth, ex = read_generated_dump(4200 + seed, transform)  # asserts no number under a wrong key
    assert ex.tables["table2"].nested() == truth["table2"], (cut, ex.problems)


def test_a_piece_that_names_an_item_alone_is_not_joined():
    """'行政许可' on a line of its own is an item's label, not a piece of the next row's: '处罚 7' is
    not read as 行政许可处罚 (two items) nor as 行政处罚; '行政' + '强制 5' is read."""
    text = ("某县财政局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "第二十条第（五）项\n信息内容 本年处理决定数量\n行政许可\n处罚 7\n"
            "第二十条第（六）项\n信息内容 本年处理决定数量\n行政\n强制 5\n")
    ex = extract_bytes(text.encode("utf-8"), "x.txt")
    got = ex.tables["table2"].nested()
    assert got["penalty"]["decisions"] is None
    assert got["licensing"]["decisions"] is None
    assert got["coercion"]["decisions"] == 5
    assert any("row not recognised" in p and "处罚" in p for p in ex.problems), ex.problems
    assert any("coercion: label read as '行政强制'" in p for p in ex.problems), ex.problems


def test_numbers_a_cell_a_line_are_not_read_between_two_labels():
    """Table 2 printed a cell a line (plain pdftotext of the real 2022 page): '10690' stands between
    its label '行政许可' and the next small table's title. The words beside are not a label in two
    pieces: the table is read as the dump printed it, each label then its numbers."""
    text = ("某县财政局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n"
            "本年制发件数 本年废止件数 现行有效件数\n规章\n0\n0\n0\n行政规范性文件 88\n55\n698\n"
            "第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n10690\n第二十条第（六）项\n信息内容\n"
            "本年处理决定数量\n行政处罚\n2113\n行政强制\n0\n第二十条第（八）项\n")
    got = extract_bytes(text.encode("utf-8"), "x.txt").tables["table2"].nested()
    assert got["normative_documents"] == {"issued": 88, "repealed": 55, "in_force": 698}
    assert (got["licensing"]["decisions"], got["penalty"]["decisions"], got["coercion"]["decisions"]) == (10690, 2113, 0)
