"""A group's label printed beside the rows' numbers, as PyMuPDF's sorted text prints a
table whose group column (（三）不予公开, 三、本年度办理结果) is set a line off its rows:
the head of the group's label right of a row's numbers ('4.保护第三方合法权益   6   0 …   6
（三）不'), and a character of a label printed down its column glued to a row's last number
('5.属于三类内部事务信息   7   1 …   8结').

Found on the real 淮安 2024 PDF dumped by PyMuPDF's get_text(sort=True): two rows were
taken for label text and the rows around them refused (35 of 200 cells lost); the number
before the piece is the row's, the piece a label of the line."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.extract import extract_bytes
from pipeline.samples import make_report
from pipeline.samples.render_dump import render_dump

_ROW = re.compile(r"\d\s*$")
_GROUP = re.compile(r"（([三四五六])）(\S)")
_PIECES = "三本年度办理结果不予公开无法提供处理其他"  # characters of group labels (no unit among them)


@pytest.mark.parametrize("seed", range(12))
def test_group_label_pieces_beside_the_numbers(seed):
    """Members: which rows, which group, both formats, other spacing, blanks before the last
    number. The group's head stands beside one of its own items, as on the real page."""
    rng = random.Random(900 + seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    lines = render_dump(report, rng, "columns", blank="-").decode("utf-8").split("\n")
    start = lines.index("三、收到和处理政府信息公开申请情况")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("四、政府信息公开"))
    group, grouped = None, {}
    for i in range(start, end):
        found = _GROUP.search(lines[i])
        if found:
            group = f"（{found[1]}）{found[2]}"
        if group and _ROW.search(lines[i]) and len(lines[i].split()) >= 8:
            grouped[i] = group
    rows = [i for i in range(start, end) if _ROW.search(lines[i]) and len(lines[i].split()) >= 8]
    beside = rng.choice(sorted(grouped))
    glued = rng.choice([i for i in rows if i != beside])
    lines[beside] += " " * rng.randint(2, 4) + grouped[beside]
    lines[glued] += rng.choice(_PIECES)
    ex = extract_bytes("\n".join(lines).encode("utf-8"), f"{report.slug}.txt")
    assert ex.tables["table3"].nested() == report.to_json()["table3"]
