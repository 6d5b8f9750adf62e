"""A part of table 2 printed wider than the others, alone on a page of a pdftotext -layout dump.

A Word table's parts keep their own cell widths: Writer prints '第二十条第（九）项' with
'采购总金额' further right than any column of the parts above. pdftotext -layout places
each page anew, so a page holding only that part has no columns of its own and is placed
by the table's: its amount stood right of the last column and was dropped as a stray mark.
Found on the real 平潭 2020 page printed by Writer (DOCX → PDF and HTML → PDF) and dumped
by pdftotext -layout (tests/bench_dumps.py (a)): 2 cells lost in each print.

Now a number right of the last column is kept (the row in printed order) when the header
line above it on its page has a head starting where it does; a stray number with no head
above it is still not read. Members: the part (采购, 收费), where its columns fall, the
numbers, the spacing of the parts above."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import extract_bytes

_PARTS = {
    "procurement": ("第二十条第（九）项", ("采购项目数量", "采购总金额"), "政府集中采购"),
    "fees": ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), "行政事业性收费"),
}


def _at(pieces: list[tuple[str, int]]) -> str:
    """Texts each starting at its column (the first at 0), counted in characters as pdftotext
    -layout lays them out."""
    out = ""
    for text, x in pieces:
        out += " " * max(x - len(out), 1 if out else 0) + text
    return out


def _dump(part: str, rng: random.Random, *, headed: bool) -> tuple[str, list[str]]:
    a = 12 + rng.randint(0, 3)
    b, c = a + rng.randint(9, 12), a + rng.randint(20, 24)  # the columns of the parts above
    section, heads, label = _PARTS[part]
    first_at = rng.randint(a - 2, b)
    second_at = c + rng.randint(8, 14)  # right of every column above
    values = [str(rng.randint(1, 999)), f"{rng.randint(10_000, 99_999_999)}.{rng.randint(10, 99)}"]
    if part == "fees":
        values = [str(rng.randint(1, 99)), str(-rng.randint(1, 20))]
    head = [("信息内容", 0), (heads[0], first_at)] + ([(heads[1], second_at)] if headed else [])
    lines = ["某县2020年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（一）项",
             _at([("信息内容", 0), ("本年新制作数量", a - 2), ("本年新公开数量", b), ("对外公开总数量", c)]),
             _at([("规章", 0), ("0", a), ("0", b), ("7", c)]),
             _at([("规范性文件", 0), *((str(rng.randint(1, 99)), x) for x in (a, b, c))]),
             "第二十条第（五）项",
             _at([("信息内容", 0), ("上一年项目数量", a - 2), ("本年增/减", b), ("处理决定数量", c)]),
             _at([("行政许可", 0), *((str(rng.randint(1, 999)), x) for x in (a, b, c))]),
             _at([("其他对外管理服务事项", 0), *((str(rng.randint(1, 99)), x) for x in (a, b, c))]),
             "\f" + section, _at(head),
             _at([(label, 0), (values[0], first_at), (values[1], second_at)]),
             "三、收到和处理政府信息公开申请情况"]
    return "\n".join(lines), values


@pytest.mark.parametrize("part", list(_PARTS))
@pytest.mark.parametrize("seed", range(6))
def test_wider_part_alone_on_its_page_keeps_its_numbers(part, seed):
    rng = random.Random(seed)
    text, values = _dump(part, rng, headed=True)
    got = extract_bytes(text.encode("utf-8"), "wider.txt").tables["table2"].nested()
    measures = {"procurement": ("projects", "amount"), "fees": ("items_prior_year", "items_change")}[part]
    assert [got[part][m] for m in measures] == [float(v) if "." in v else int(v) for v in values]


@pytest.mark.parametrize("seed", range(6))
def test_number_right_of_the_columns_without_a_head_is_still_not_read(seed):
    rng = random.Random(seed)
    text, _ = _dump("procurement", rng, headed=False)
    ex = extract_bytes(text.encode("utf-8"), "stray.txt")
    got = ex.tables["table2"].nested()
    assert got["procurement"]["amount"] is None
    assert any("right of the table's last column" in p for p in ex.problems)
