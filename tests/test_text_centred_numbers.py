"""Numbers printed between the lines of labels (pipeline/read/text_centred.py).

pdfplumber's layout text prints a row's numbers at the middle of the row's height: on a
line of their own between the lines of a wrapped label, or above or below a one-line
label whose row a neighbour column made tall. Between two rows printed with their
numbers, the lines of numbers go to the labels without numbers in printed order, when
there are as many of each (groups such as '（四）无法提供' may be headings without
numbers). Found on the real 洪泽区 2023 and 2024 reports dumped by pdfplumber
(tests/bench_dumps.py (c)): 119 of 372 cells lost, all refused as ambiguous.

Members: table 3 of format 2021 laid out the way pdfplumber prints it, each item's label
cut over one to three lines, rows made taller than their label, the numbers at the middle
of the row (on a line of the label or on a line of their own above, between or below its
lines), the group labels on lines of their own, the '三、本年度办理结果' column a character
per line, other spacing and numbers."""

from __future__ import annotations

import random

import pytest

from pipeline import spec
from pipeline.extract import extract_bytes

GROUP_COLUMN, ITEM_COLUMN = 12, 25
_ORDER = list(spec.table3_row_labels())
_LEAVES = [r for r in _ORDER if r not in ("other_total",)]
_VERTICAL = "三、本年度办理结果"


def _cut(text: str, rng: random.Random) -> list[str]:
    """A label over one to three lines of five characters or more (an item number alone on a
    line, and a label's tail of a character or two, are other classes)."""
    n = min(rng.choice([1, 1, 2, 2, 3]), len(text) // 5) or 1
    size = -(-len(text) // n)
    return [text[i:i + size] for i in range(0, len(text), size)]


def _band(label: list[str], numbers: str, rng: random.Random) -> list[str]:
    """A row's lines: its label's, with room above or below when a neighbour column makes the
    row taller, and its numbers at the middle of the row's height (on a line of the label,
    on an empty line, or on a line of their own between two)."""
    pad = rng.choice([0, 0, 0, 1, 2])
    top = rng.randint(0, pad)
    band = [""] * top + label + [""] * (pad - top)
    if len(band) % 2:
        m = len(band) // 2
        band[m] = band[m].ljust(len(numbers) - len(numbers.lstrip()) - 2) + "  " + numbers.lstrip()
    else:
        band.insert(len(band) // 2, numbers)
    return [line for line in band if line.strip()]


def _dump(values: dict[str, list[int]], rng: random.Random) -> str:
    value_at = ITEM_COLUMN + rng.randint(20, 26)
    gap = rng.randint(3, 5)
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (value_at + 4) + "申请人情况",
             " " * value_at + "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"]
    vertical = iter(_VERTICAL)
    seen: set[str] = set()
    for row in _ORDER:
        if row == "other_total":
            continue
        group, _, item = spec.table3_row_labels()[row].rpartition(" ")
        if group and group not in seen:  # the group's label on a line of its own before its items
            seen.add(group)
            lines.append(" " * (GROUP_COLUMN + 2) + group)
        x = ITEM_COLUMN if group else rng.randint(10, 14)
        label = [" " * x + piece if k == 0 else " " * (x + rng.randint(1, 2)) + piece
                 for k, piece in enumerate(_cut(item, rng))]
        band = _band(label, " " * value_at + (" " * gap).join(str(v) for v in values[row]), rng)
        if group.startswith(("（三）", "（四）")):
            for k, line in enumerate(band):  # the group column, a character a line
                if rng.random() < 0.5 and line[:ITEM_COLUMN].strip() == "" and (ch := next(vertical, None)):
                    band[k] = " " * GROUP_COLUMN + ch + line[GROUP_COLUMN + 1:]
        lines += band
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines)


# Members the reader still refuses rows of (never a wrong cell): other classes met in them. (Seed 9,
# the last row's label '四、结转下年度继续办理' printed below its numbers right above the section
# '四、政府信息公开行政复议…', is read since a heading followed by one of its own number is no title.)
_STILL_REFUSED = {
    3: "a group's label on a line of its own, then the numbers of its first item above that item's label: "
       "they may be the group's own (test_a_group_printed_down_its_items_is_no_heading)",
    10: "a group's label on a line of its own, then the numbers of its first item above that item's label: "
        "they may be the group's own (test_a_group_printed_down_its_items_is_no_heading)",
}


def _member(seed: int) -> tuple[dict[str, list[int]], dict]:
    rng = random.Random(seed)
    values = {}
    for row in _LEAVES:
        counts = [rng.randint(0, 12) for _ in range(6)]
        values[row] = [*counts, sum(counts)]
    got = extract_bytes(_dump(values, rng).encode("utf-8"), f"centred-{seed}.txt").tables["table3"].nested()
    return values, got


@pytest.mark.parametrize("seed", range(16))
def test_numbers_between_label_lines_never_land_on_a_wrong_row(seed):
    values, got = _member(seed)
    applicants = list(spec.table3_applicants())
    assert not {(r, a): v for r in got for a, v in got[r].items()
                if v is not None and r in values and v != values[r][applicants.index(a)]}


@pytest.mark.parametrize("seed", [
    pytest.param(s, marks=pytest.mark.xfail(reason=_STILL_REFUSED[s], strict=True)) if s in _STILL_REFUSED else s
    for s in range(16)])
def test_numbers_between_label_lines_go_to_their_labels(seed):
    values, got = _member(seed)
    read = {r for r in _LEAVES if list(got[r].values()) == values[r]}
    assert read == set(_LEAVES), sorted(set(_LEAVES) - read)
