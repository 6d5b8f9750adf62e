"""``pdftotext -layout -fixed 3`` of a narrow table 3: a row whose label wraps over
two lines gets its first number glued to the end of the label's first line
('5.属于三类内部1'), and the rest of its numbers on the next line, after the
label's tail ('事务信息      0    0    0    0    0    1'). The glued number is the
row's first column's: the numbers on the next line stand under the other six.

Found on the four real 平潭 pages printed by Chromium and Writer, dumped with
-fixed 3 (tests/bench_dumps.py (a)): such rows were lost, or read with the digit
inside their label."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import extract_bytes

_ROWS = {"denied_state_secret": "1.属于国家秘密",
         "denied_prohibited_by_law": "2.其他法律行政法规禁止公开",
         "denied_third_party_rights": "4.保护第三方合法权益",
         "denied_internal_affairs": "5.属于三类内部事务信息",
         "denied_process_information": "6.属于四类过程性信息",
         "denied_enforcement_files": "7.属于行政执法案卷",
         "denied_administrative_query": "8.属于行政查询事项"}


@pytest.mark.parametrize("seed", range(16))
def test_first_number_glued_to_the_label_line_above_its_row(seed):
    """Members: which rows are glued (one to three), where the label wraps, the glued line
    the label's first or its second with a group label's piece beside it, the numbers (one or two digits), the column gaps,
    the label column's place."""
    rng = random.Random(seed)
    at = rng.randint(20, 30)
    gaps = [rng.randint(8, 12) for _ in range(6)]
    first = at + 24
    ends = [first + sum(gaps[:c]) for c in range(7)]  # right ends of the seven columns
    truth, lines = {}, ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
                        " " * (first - 10) + "申请人情况",
                        " " * (first - 6) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计"]
    glued = set(rng.sample(sorted(_ROWS), rng.randint(1, 3)))

    def numbers(line: str, values: list[int], start: int = 0) -> str:
        for c, v in enumerate(values[start:], start):
            line = line.ljust(ends[c] - len(str(v)) + 1) + str(v)
        return line

    for key, label in _ROWS.items():
        row = [rng.choice([rng.randint(0, 9), rng.randint(10, 60)]) for _ in range(6)]
        truth[key] = row + [sum(row)]
        cut = rng.randint(5, min(8, len(label) - 1))
        if key in glued and rng.random() < 0.5:
            lines += [" " * at + label[:cut] + str(truth[key][0]), numbers(" " * at + label[cut:], truth[key], 1)]
        elif key in glued:
            # The glued line is the label's second, a group label's piece beside it in its own
            # column ('2.按收费通知要求' / '理   缴纳费用、行政0' / '机关不再处理其   0  0 …').
            head = rng.randint(3, 4)
            piece = (" " * (at - 10) + rng.choice("不予公开理")).ljust(at)
            lines += [" " * at + label[:head], piece + label[head:cut] + str(truth[key][0]),
                      numbers(" " * at + label[cut:], truth[key], 1)]
        else:
            lines.append(numbers(" " * at + label, truth[key]))
        lines.append("")
    lines += [numbers(" " * at + "（七）总计", [9, 0, 0, 0, 0, 0, 9]), "四、政府信息公开行政复议、行政诉讼情况"]
    ex = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt")
    got = ex.tables["table3"].nested()
    assert {key: list(got[key].values()) for key in truth} == truth, ex.problems


@pytest.mark.parametrize("seed", range(8))
def test_glued_number_before_a_blank_column_is_not_placed(seed):
    """The same row with its second column blank (printed as nothing): the glued number may be
    the first column's or the second's, so it is not read (and named); the numbers under
    their columns still are."""
    rng = random.Random(seed)
    at, first = rng.randint(20, 30), 50
    ends = [first + 10 * c for c in range(7)]
    key, label = rng.choice(sorted(_ROWS.items()))

    def numbers(line: str, values: list[int | None], start: int = 0) -> str:
        for c, v in enumerate(values[start:], start):
            if v is not None:
                line = line.ljust(ends[c] - len(str(v)) + 1) + str(v)
        return line

    full = [[rng.randint(0, 9) for _ in range(6)] for _ in range(3)]
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (first - 6) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计"]
    lines += [numbers(" " * at + name, row + [sum(row)]) for name, row in zip(("（一）予以公开", "（二）部分公开",
                                                                           "（七）总计"), full)]
    row = [rng.randint(1, 9), None] + [rng.randint(0, 9) for _ in range(4)]
    row.append(sum(v or 0 for v in row))
    lines[-1:-1] = [" " * at + label[:5] + str(row[0]), numbers(" " * at + label[5:], row, 1)]
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    ex = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt")
    got = list(ex.tables["table3"].nested().get(key, {}).values()) or [None] * 7
    assert got[:2] == [None, None]
    assert all(v is None or v == t for v, t in zip(got, row))
    assert any(label[:5] in p for p in ex.problems)


_SHORT_ITEMS = {"other_other": ("（六）其他处理", "其他", "3."), "rejected_duplicate": ("（五）不予处理", "重复申请", "2."),
                "denied_state_secret": ("（三）不予公开", "属于国家秘密", "1.")}


@pytest.mark.parametrize("key", list(_SHORT_ITEMS))
@pytest.mark.parametrize("seed", range(4))
def test_item_number_printed_after_its_text_on_the_line_of_its_numbers(key, seed):
    """pdftotext -layout prints a short item centred in its cell with its number after it
    ('其他 3.      1   0 …', found on the real 平潭 2021 page printed on Letter paper): the
    number is the item's, the text before it the item's text, and not a value cell.
    Members: items, a group label's piece beside it or not, spacing, numbers."""
    rng = random.Random(seed)
    group, text, number = _SHORT_ITEMS[key]
    at, first = rng.randint(8, 14), rng.randint(40, 46)
    ends = [first + 9 * c for c in range(7)]

    def numbers(line: str, values: list[int]) -> str:
        for c, v in enumerate(values):
            line = line.ljust(ends[c] - len(str(v)) + 1) + str(v)
        return line

    row = [rng.randint(0, 9) for _ in range(6)]
    row.append(sum(row))
    beside = group[:3] + " " * rng.randint(2, 4) if rng.random() < 0.5 else ""
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (first - 6) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             numbers("  一、本年新收政府信息公开申请数量", [5, 0, 0, 0, 0, 0, 5]),
             numbers(" " * at + "（一）予以公开", [2, 0, 0, 0, 0, 0, 2]),
             # the item before it, of its group (a bare '其他' is the other-handling group's by it)
             numbers(" " * at + group + " 2.申请人逾期未按收费通知要求缴纳费用", [0] * 7) if key == "other_other" else "",
             numbers((" " * (at - len(beside)) + beside if beside else " " * at) + text + " " + number, row),
             numbers(" " * at + "（七）总计", [5, 0, 0, 0, 0, 0, 5]), "四、政府信息公开行政复议、行政诉讼情况"]
    got = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt").tables["table3"].nested()
    assert list(got[key].values()) == row
    assert got["granted"]["total"] == 2


@pytest.mark.parametrize("below", [False, True], ids=["beside", "below"])
@pytest.mark.parametrize("seed", range(12))
def test_item_number_after_its_text_glued_to_the_first_number(seed, below):
    """'属于国家秘密 1.0      0   0 …' (pdftotext -layout of a generated narrow page printed by
    Chromium, narrow-901): the item number printed after its text touches the row's first
    number, and '1.0' was read as the number 1 under the first column. A decimal before whole
    numbers, after a label without its item number, is the item number and the number; so is
    one before a row of whole numbers on a line of their own under the label (``below``:
    '保护第三方合法权益' / '4.0 0 0 0 0 0 0', narrow-1022 of the development range 1000-1035).
    Members: items, the label's place, the numbers (one or two digits), the column gaps, a
    dash for a blank."""
    rng = random.Random(seed)
    key, label = rng.choice(sorted(_ROWS.items()))
    number, text = label.split(".", 1)
    at, first = rng.randint(12, 30), rng.randint(52, 60)
    step = rng.randint(8, 10)
    ends = [first + step * c for c in range(7)]
    row = [rng.choice([rng.randint(0, 9), rng.randint(10, 40)]) for _ in range(6)]
    row.append(sum(row))
    printed = [str(v) for v in row]
    if rng.random() < 0.3:
        row[3], printed[3] = None, "-"

    def numbers(line: str, values: list[str], start: int = 0) -> str:
        for c, v in enumerate(values[start:], start):
            line = line.ljust(ends[c] - len(v) + 1) + v
        return line

    if below:  # the first number in its column, the item number touching it on its left
        glued = (number + "." + printed[0]).rjust(ends[0] + 1)
        row_lines = [" " * at + text, numbers(glued, printed, 1)]
    else:
        row_lines = [numbers(" " * at + text + " " + number + "." + printed[0], printed, 1)]
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (first - 6) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             numbers(" " * at + "（一）予以公开", ["2", "0", "0", "0", "0", "0", "2"]),
             *row_lines,
             numbers(" " * at + "（七）总计", ["5", "0", "0", "0", "0", "0", "5"]),
             "四、政府信息公开行政复议、行政诉讼情况"]
    ex = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt")
    got = ex.tables["table3"].nested()
    assert list(got[key].values()) == row, (row_lines, ex.problems)
    assert got["granted"]["total"] == 2


@pytest.mark.parametrize("seed", range(8))
def test_item_number_after_the_first_number_with_the_rest_below(seed):
    """'信访举报投诉类 0       1.' over '申请        0   0 …' (pdftotext -layout, the real 平潭 2021
    page printed on A4 with margins): the item's text, the row's first number one space after
    it, the item number after that; the other numbers and the text's tail on the next line.
    Members: items, numbers, the number's and the item number's places, '.' or '、'."""
    rng = random.Random(seed)
    key, label = rng.choice(sorted(_ROWS.items()))
    number, text = label.split(".", 1)
    at, first = rng.randint(12, 18), rng.randint(60, 70)
    ends = [first + 9 * c for c in range(7)]
    cut = rng.randint(4, min(7, len(text) - 1))
    row = [rng.randint(0, 9) for _ in range(6)]
    row.append(sum(row))

    def numbers(line: str, values: list[int], start: int = 0) -> str:
        for c, v in enumerate(values[start:], start):
            line = line.ljust(ends[c] - len(str(v)) + 1) + str(v)
        return line

    head = " " * at + text[:cut] + " " + str(row[0])
    head = head.ljust(len(head) + rng.randint(3, 8)) + number + rng.choice([".", "、"])
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (first - 6) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             numbers(" " * at + "（一）予以公开", [2, 0, 0, 0, 0, 0, 2]),
             head, numbers(" " * (at + rng.randint(0, 2)) + text[cut:], row, 1),
             numbers(" " * at + "（七）总计", [5, 0, 0, 0, 0, 0, 5]), "四、政府信息公开行政复议、行政诉讼情况"]
    ex = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt")
    got = ex.tables["table3"].nested()
    assert list(got[key].values()) == row, ex.problems
    assert got["granted"]["total"] == 2
