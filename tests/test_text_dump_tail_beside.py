"""A label's tail printed far right on the line of its head, the next item's head below it,
then the two rows' numbers (``pdftotext -layout -fixed 3`` of a narrow page printed by Chromium,
narrow-915 of the development range 900–935):

                   3.危及“三安全一稳定”          0    0 …
        （三）      4.保护第三方合                        法权益
        不予公      5.属于三类内部事务信
                                                0    0 …
          开                        息           1    0 …

The row was started at the last fragment of each line when that fragment opens an item, so
'4.保护第三方合' (not last: its tail stands right of it) was taken for a tail of the row above,
whose numbers were then refused as two items' ('3.' and '4.'), and the first line of numbers
went to '5.': two numbers under wrong keys. Now a row starts at the last item number of each
line: '4.' and '5.' are both above one line of numbers, which is refused (it is either's),
and the row above keeps its numbers.

Members: which two items, where their labels are cut, the group label's pieces beside them or
not, how far right the tail stands, the numbers."""

from __future__ import annotations

import random

import pytest

from pipeline import spec
from pipeline.extract import extract_bytes

LABELS = spec.table3_row_labels()
ITEMS = ["denied_state_secret", "denied_prohibited_by_law", "denied_security_stability", "denied_third_party_rights",
         "denied_internal_affairs", "denied_process_information", "denied_enforcement_files",
         "denied_administrative_query"]
GROUP_X, ITEM_X, FIRST, STEP = 8, 22, 56, 7


def _numbers(values: list[int], lead: str = "") -> str:
    line = lead
    for c, v in enumerate(values):
        line = line.ljust(FIRST + STEP * c - len(str(v))) + str(v)
    return line


def _row(rng: random.Random) -> list[int]:
    values = [rng.choice([0, 0, rng.randint(1, 30)]) for _ in range(6)]
    return values + [sum(values)]


@pytest.mark.parametrize("seed", range(16))
def test_a_tail_beside_its_head_does_not_give_the_next_row_its_numbers(seed):
    rng = random.Random(seed)
    b = rng.randrange(1, len(ITEMS) - 1)  # the item whose tail stands beside its head
    above, first, second = ITEMS[b - 1], ITEMS[b], ITEMS[b + 1]
    truth = {key: _row(rng) for key in ITEMS}
    beside = rng.random() < 0.5  # the group label's pieces in their own column
    lines = ["某县2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (FIRST - 6) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             _numbers([2, 0, 0, 0, 0, 0, 2], " " * ITEM_X + "（一）予以公开")]
    for key in ITEMS[: b]:
        lines.append(_numbers(truth[key], " " * ITEM_X + LABELS[key].split(" ")[-1]))
    head_b, tail_b = _split(LABELS[first].split(" ")[-1], rng)
    head_c, tail_c = _split(LABELS[second].split(" ")[-1], rng)
    lines += [
        ((" " * GROUP_X + "（三）") if beside else "").ljust(ITEM_X) + head_b
        + " " * rng.randint(8, 20) + tail_b,
        ((" " * GROUP_X + "不予公") if beside else "").ljust(ITEM_X) + head_c,
        _numbers(truth[first]),
        "",
        _numbers(truth[second], ((" " * (GROUP_X + 2) + "开") if beside else "").ljust(ITEM_X + 12) + tail_c),
    ]
    for key in ITEMS[b + 2:]:
        lines.append(_numbers(truth[key], " " * ITEM_X + LABELS[key].split(" ")[-1]))
    lines += [_numbers([9, 0, 0, 0, 0, 0, 9], " " * ITEM_X + "（七）总计"), "四、政府信息公开行政复议、行政诉讼情况"]
    ex = extract_bytes("\n".join(lines).encode("utf-8"), f"tail-beside-{seed}.txt")
    got = ex.tables["table3"].nested()
    wrong = {(key, col): (v, truth[key][i]) for key in ITEMS for i, (col, v) in enumerate(got.get(key, {}).items())
             if v is not None and v != truth[key][i]}
    assert not wrong, ("\n".join(lines), ex.problems)
    assert list(got[above].values()) == truth[above], ex.problems  # the row above keeps its numbers


def _split(label: str, rng: random.Random) -> tuple[str, str]:
    cut = rng.randint(max(4, len(label) - 4), len(label) - 1)
    return label[:cut], label[cut:]
