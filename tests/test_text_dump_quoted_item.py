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



_GROUPS = {"（三）不予公开": {"denied_third_party_rights": "4.保护第三方合法权益",
                        "denied_internal_affairs": "5.属于三类内部事务信息"},
           "（四）无法提供": {"unavailable_not_held": "1.本机关不掌握相关政府信息",
                        "unavailable_must_create": "2.没有现成信息需要另行制作"},
           "（五）不予处理": {"rejected_petition_complaint": "1.信访举报投诉类申请",
                        "rejected_publication": "3.要求提供公开出版物"},
           "（六）其他处理": {"other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                        "other_no_fee_paid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"}}


@pytest.mark.parametrize("group", list(_GROUPS))
@pytest.mark.parametrize("seed", range(4))
def test_group_number_alone_on_its_line_is_not_the_next_items(group, seed):
    """pdfplumber prints each item's text cut over the lines around its numbers and the
    group label in its own column, its number alone on a line ('（三）' / '不予公开'),
    between an item's tail and the next item's head. The item column is the rightmost:
    the group's number does not open the next row, whose head would take the item tail
    above it ('4.保护第三' / numbers / '方合法权益'). Members: groups, how items are
    cut (the numbers on the middle line of the text, one below it, or on a line of their
    own between two), spacing, numbers."""
    rng = random.Random(seed)
    number, name = group[:3], group[3:]
    group_at, at = rng.randint(6, 10), rng.randint(16, 20)
    value_at = at + rng.randint(12, 14)
    truth = {}
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "                     申请人情况",
             "                   自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
             (" " * at + "（一）予以公开").ljust(value_at) + "1    0    0    0    0    0    1"]
    for i, (key, label) in enumerate(_GROUPS[group].items()):
        row = [rng.randint(0, 9) for _ in range(6)]
        truth[key] = row + [sum(row)]
        width = rng.randint(4, 6)  # the text in lines of a few characters, centred on the numbers
        if seed % 2 == 0 and i == 0:
            width = (len(label) + 1) // 2  # as in the real dumps: a line above the numbers, one below
        chunks = [label[j:j + width] for j in range(0, len(label), width)]
        middle = (len(chunks) - 1) // 2 if len(chunks) % 2 or rng.random() < 0.5 else len(chunks) // 2
        if i == 1:
            lines += [" " * group_at + number, " " * group_at + name]
        numbers = "    ".join(str(n) for n in truth[key])
        # pdfplumber: the numbers on a line of their own at the middle of an even count of lines
        alone = seed % 2 == 0 and len(chunks) % 2 == 0
        for j, chunk in enumerate(chunks):
            if alone and j == len(chunks) // 2:
                lines.append(" " * value_at + numbers)
            line = " " * at + chunk
            lines.append(line.ljust(value_at) + numbers if j == middle and not alone else line)
    lines += [(" " * at + "（七）总计").ljust(value_at) + "9    0    0    0    0    0    9",
              "四、政府信息公开行政复议、行政诉讼情况"]
    ex = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt")
    got = ex.tables["table3"].nested()
    assert {key: list(got.get(key, {}).values()) for key in truth} == truth, ex.problems


@pytest.mark.parametrize("seed", range(12))
def test_item_number_a_few_spaces_before_its_text(seed):
    """pdftotext -fixed 3 prints '4.  保护第三' (the number, two or three spaces, its text)
    beside a group label's piece far left ('理结果'), the rest of the text below with the
    numbers ('（三）   方合法权益   0 …', the real 平潭 2020 page): the text after the number
    is its, not the group piece before it. Members: items, spacing, pieces, numbers."""
    rng = random.Random(seed)
    key, label = rng.choice(sorted({"denied_third_party_rights": "4.保护第三方合法权益",
                                    "denied_internal_affairs": "5.属于三类内部事务信息",
                                    "denied_process_information": "6.属于四类过程性信息",
                                    "denied_enforcement_files": "7.属于行政执法案卷"}.items()))
    number, text = label.split(".", 1)
    at, value_at = rng.randint(40, 54), rng.randint(80, 90)
    cut = rng.randint(3, 5)
    row = [rng.randint(0, 9) for _ in range(6)]
    row.append(sum(row))
    values = "".join(str(v).rjust(rng.randint(8, 12) if i else 1) for i, v in enumerate(row))
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (value_at - 2) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             (" " * at + "1.属于国家秘密").ljust(value_at) + "1" + "         0" * 5 + "         1",
             " " * 15 + rng.choice(["理结果", "年度办", "办理"]) + " " * (at - 18) + number + "." + " " * rng.randint(2, 3)
             + text[:cut],
             (" " * 33 + "（三）").ljust(at + 4) + text[cut:].ljust(value_at - at - 4) + values,
             "四、政府信息公开行政复议、行政诉讼情况"]
    got = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt").tables["table3"].nested()
    assert list(got[key].values()) == row
    assert got["denied_state_secret"]["total"] == 1


@pytest.mark.parametrize("seed", range(8))
def test_label_tail_before_a_page_break_is_not_a_header_of_the_next_page(seed):
    """pdftotext -layout, the real 平潭 2022 page printed with margins: a row's label goes on
    for lines after its numbers ('2.申请人逾期未 0 0 …' / '按收费通知要求' / …), past a page
    break, and the next page prints its table further left, so those lines stand over the
    next row's numbers. Where a line stands says nothing of another page's numbers: they are
    the row's tail, not a header. Members: where the page breaks, the shift, numbers."""
    rng = random.Random(seed)
    at, value_at = rng.randint(22, 26), rng.randint(44, 50)
    shift = rng.randint(value_at - at + 2, value_at - 12)  # the next page's numbers start left of the tail
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    pieces = [label[:7]] + [label[k:k + 7] for k in range(7, len(label), 7)]
    row = [rng.randint(0, 9) for _ in range(6)]
    row.append(sum(row))
    brk = rng.randint(2, len(pieces) - 1)
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (value_at - 2) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             (" " * at + "1.申请人无正当理由逾期不补正").ljust(value_at) + "   ".join(["1"] + ["0"] * 5 + ["1"]),
             (" " * at + pieces[0]).ljust(value_at) + "   ".join(map(str, row))]
    for k, piece in enumerate(pieces[1:], 1):
        if k == brk:
            lines += ["", "\f", "   - 4 -", ""]
        lines.append((" " * (at if k < brk else at - shift // 2)) + piece)
    lines += [(" " * (at - shift) + "3.其他").ljust(value_at - shift) + "   ".join(["2"] + ["0"] * 5 + ["2"]),
              "四、政府信息公开行政复议、行政诉讼情况"]
    got = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt").tables["table3"].nested()
    assert list(got["other_no_fee_paid"].values()) == row
    assert got["other_other"]["total"] == 2


@pytest.mark.parametrize("seed", range(10))
def test_letter_spaced_label_line_is_text_not_a_header(seed):
    """Writer justifies a narrow cell's lines, so a dump prints one of them a character or
    two at a time ('要  求 缴  纳  费', pdfplumber of the real 平潭 2022 page printed by
    Writer): it is a line of the row's label, not heads of columns. Members: rows, which
    line is spread, the spacing, numbers."""
    rng = random.Random(seed)
    key, label = rng.choice([("other_no_fee_paid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                             ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                             ("rejected_confirm_existing", "5.要求行政机关确认或重新出具已获取信息")])
    at, value_at = rng.randint(20, 26), rng.randint(38, 44)
    width = 6
    pieces = [label[k:k + width] for k in range(0, len(label), width)]
    spread = rng.randrange(1, len(pieces) - 1)
    pieces[spread] = "".join(c + " " * rng.choice([1, 2, 2]) for c in pieces[spread]).rstrip()
    row = [rng.randint(0, 9) for _ in range(6)]
    row.append(sum(row))
    middle = len(pieces) // 2
    lines = ["某县财政局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             " " * (value_at - 2) + "自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
             (" " * at + "（七）总计").ljust(value_at) + "   ".join(["9"] + ["0"] * 5 + ["9"])]
    body = [(" " * at + p).ljust(value_at) + "   ".join(map(str, row)) if k == middle else " " * at + p
            for k, p in enumerate(pieces)]
    lines[3:3] = body + [""]
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    got = extract_bytes("\n".join(lines).encode("utf-8"), "x.txt").tables["table3"].nested()
    assert list(got[key].values()) == row
