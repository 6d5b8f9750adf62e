"""pdfplumber's layout text of a narrow table 3 prints the item '3.危及“三安全一稳定”'
as its number with the opening quote apart on the line of its middle ('3.    “'),
the text before it on the line above ('危及   三安全'), its numbers, and the rest
below ('一稳定' / '”'). The quote mark is the text's first character, not text of
its own beside the number: the lines above are still the item's head, not the tail
of the row above.

Found on the four real 平潭 pages printed by Chromium and Writer and dumped by
pdfplumber (tests/bench_dumps.py (a)): the row was lost in every print of two of
them (112 cells)."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import extract_bytes

_QUOTES = [("“", "”"), ('"', '"'), ("「", "」")]


@pytest.mark.parametrize("seed", range(12))
def test_item_number_with_its_quote_apart_keeps_its_head_above(seed):
    """Members: where the text is cut, the quote style, spacing, the numbers, whether the
    row above wraps its own label."""
    rng = random.Random(seed)
    opening, closing = rng.choice(_QUOTES)
    text = "危及三安全一稳定"
    cut = rng.randint(3, 5)
    at = rng.randint(18, 24)  # the item column
    value_at = at + rng.randint(12, 16)
    row = [rng.randint(0, 9) for _ in range(6)]
    row.append(sum(row))

    def values(numbers):
        return "    ".join(str(n) for n in numbers)

    above = [" " * at + "2.其他法律行政法规禁止公开", " " * value_at + values([0] * 7)]
    if rng.random() < 0.5:  # the row above wraps its label around its numbers
        above = [" " * at + "2.其他法律行政法", " " * value_at + values([0] * 7), " " * (at + 2) + "规禁止公开"]
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "                     申请人情况",
             "                   自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
             " " * at + "1.属于国家秘密", " " * value_at + values([1, 0, 0, 0, 0, 0, 1]),
             *above,
             " " * (at + 2) + text[:2] + " " * rng.randint(2, 4) + text[2:cut],
             " " * at + "3." + " " * rng.randint(3, 5) + opening,
             " " * value_at + values(row),
             " " * at + text[cut:],
             " " * (at + rng.randint(4, 6)) + closing,
             " " * at + "4.保护第三方合法权益", " " * value_at + values([2, 0, 0, 0, 0, 0, 2]),
             "四、政府信息公开行政复议、行政诉讼情况"]
    got = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt").tables["table3"].nested()
    assert list(got["denied_security_stability"].values()) == row
    assert got["denied_prohibited_by_law"]["total"] == 0
    assert got["denied_third_party_rights"]["natural_person"] == 2
