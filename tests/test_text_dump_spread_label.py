"""A label line whose characters a dump spreads across the cell at one pitch.

Writer justifies a narrow cell's text, and pdftotext -layout -fixed 3 keeps each
character's place: a label's line prints as '理     由      逾     期      不     补',
single characters at one pitch starting where the label's other lines start. Ending
right of the next label, it was taken for a header line (heads of value columns) and
cut the label in two: the row was not read. Found on the real 平潭 2021 and 2022 pages
printed by Writer and dumped by -fixed 3 (tests/bench_dumps.py (a)): 7 cells in each of
four prints.

Members: the item, how many characters the spread line holds, the pitch, the numbers,
the line the numbers are on. Heads of value columns printed a character each over the
numbers are still a header (table 3's narrow applicant heads)."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import extract_bytes

_ITEMS = {"other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          "other_no_fee_paid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
          "rejected_confirm_existing": "5.要求行政机关确认或重新出具已获取信息"}
_APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]


def _numbers(values: list[int], at: int, pitch: int) -> str:
    return "".join(str(v).rjust(pitch) for v in values).rjust(at + pitch * 7)


@pytest.mark.parametrize("seed", range(12))
def test_label_line_spread_at_one_pitch_stays_in_the_label(seed):
    rng = random.Random(seed)
    key = rng.choice(list(_ITEMS))
    text = _ITEMS[key]
    char_pitch = rng.randint(5, 7)
    x, pitch = 56, rng.randint(8, 12)
    value_at = x + 5 * char_pitch + 2 + rng.randint(3, 8)  # (the spread line ends left of the numbers)
    number, words = text.split(".", 1)
    # Writer's justified lines: the first with a space between characters, the next spread
    # across the cell; the words that name the row are in the spread line.
    first = " " * x + f"{number}. " + " ".join(words[:5])
    spread, tail = words[5:5 + 6], words[11:]
    values = [rng.randint(0, 9) for _ in range(6)]
    values.append(sum(values))
    spread_line = " " * x + "".join(ch.ljust(char_pitch) for ch in spread).rstrip()
    rest = [tail[i:i + 7] for i in range(0, len(tail), 7)]
    body = [first, spread_line] + [" " * x + r for r in rest if r]
    at = rng.randint(2, len(body) - 1) if len(body) > 2 else len(body) - 1
    body[at] = body[at].ljust(value_at - pitch) + _numbers(values, 0, pitch).lstrip().rjust(pitch * 7)
    around = lambda label, vs: (" " * x + label).ljust(value_at - pitch) + \
        _numbers(vs, 0, pitch).lstrip().rjust(pitch * 7)
    lines = ["某县2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (value_at + 10) + "申请人情况",
             " " * value_at + "自然人   商业企业   科研机构   社会公益组织   法律服务机构   其他   总计",
             around("1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
             *body,
             around("3.其他", [2, 0, 0, 0, 0, 0, 2]),
             "四、政府信息公开行政复议、行政诉讼情况"]
    got = extract_bytes("\n".join(lines).encode("utf-8"), "spread.txt").tables["table3"].nested()
    assert [got[key][a] for a in _APPLICANTS] == values
