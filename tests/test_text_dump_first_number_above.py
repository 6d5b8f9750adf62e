"""A row's first number printed a line above the rest of its row, alone (pdfplumber's layout
text of a Writer print: '                0' / '规章      0     0').

The two lines are one row when together they stand exactly under the columns of a row
printed whole next to them and the row above has all of its numbers; the table's usual row
length cannot tell (table 2's parts have two or three measures, as many of each). Found on
the real 平潭 2019 page printed by Writer (DOCX → PDF, HTML → PDF) and dumped by pdfplumber
(tests/bench_dumps.py (a)): 4 cells lost in each print.

Members: which rows lift their first number, the column positions, the numbers. A lifted
number under a row that misses its own first number too may be either row's: not read."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import extract_bytes

_ROWS = [("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ["rules", "normative_documents"],
          ["规章", "规范性文件"]),
         ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
          ["licensing", "other_external_services"], ["行政许可", "其他对外管理服务事项"]),
         ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ["penalty", "coercion"],
          ["行政处罚", "行政强制"])]


def _at(pieces: list[tuple[str, int]]) -> str:
    out = ""
    for text, x in pieces:
        out += " " * max(x - len(out), 1 if out else 0) + text
    return out


def _dump(rng: random.Random, lifted: set[str], *, missing_above: bool = False) -> tuple[str, dict]:
    a = 16 + rng.randint(0, 4)
    b, c = a + rng.randint(10, 14), a + rng.randint(22, 28)
    truth: dict[str, list[int]] = {}
    lines = ["某县2020年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    for section, heads, keys, labels in _ROWS:
        lines += [section, _at([("信息内容", 0), *zip(heads, (a, b, c))])]
        for key, label in zip(keys, labels):
            values = [rng.randint(0, 500) for _ in range(3)]
            truth[key] = values
            lines.append("")  # (pdfplumber prints a blank line between rows)
            if key in lifted:
                lines.append(_at([(str(values[0]), a)]))
                lines.append(_at([(label, 0), (str(values[1]), b), (str(values[2]), c)]))
            elif missing_above and key == "licensing":  # its first number printed nowhere
                truth[key] = [None, values[1], values[2]]
                lines.append(_at([(label, 0), (str(values[1]), b), (str(values[2]), c)]))
            else:
                lines.append(_at([(label, 0), *((str(v), x) for v, x in zip(values, (a, b, c)))]))
    lines += ["第二十条第（八）项", _at([("信息内容", 0), ("上一年项目数量", a), ("本年增/减", b)]),
              _at([("行政事业性收费", 0), ("35", a), ("-1", b)]),
              "第二十条第（九）项", _at([("信息内容", 0), ("采购项目数量", a), ("采购总金额", b)]),
              _at([("政府集中采购", 0), ("135", a), ("75394432.52", b)]), "三、收到和处理政府信息公开申请情况"]
    return "\n".join(lines), truth


_MEASURES = {"rules": ("newly_made", "newly_published", "total_published"),
             "normative_documents": ("newly_made", "newly_published", "total_published")}
_OTHER = ("items_prior_year", "items_change", "decisions")


def _read(text: str, truth: dict) -> tuple[dict, dict]:
    got = extract_bytes(text.encode("utf-8"), "lifted.txt").tables["table2"].nested()
    read = {key: [got[key][m] for m in _MEASURES.get(key, _OTHER)] for key in truth}
    wrong = {k: (v, truth[k]) for k, v in read.items()
             if any(x is not None and x != t for x, t in zip(v, truth[k]))}
    return read, wrong


@pytest.mark.parametrize("seed", range(10))
def test_first_number_a_line_above_its_row_is_read_with_it(seed):
    rng = random.Random(seed)
    # One row of a part at most: numbers alone above and below one row are a number wrapped
    # over two lines of its cell to the reader (text_wrapped), another class, never read.
    parts = rng.sample([ks for _, _, ks, _ in _ROWS], rng.randint(1, 3))
    lifted = {rng.choice(ks) for ks in parts}
    text, truth = _dump(rng, lifted)
    read, wrong = _read(text, truth)
    assert not wrong
    assert read == truth


@pytest.mark.parametrize("seed", range(6))
def test_first_number_between_two_rows_that_lack_theirs_is_not_guessed(seed):
    rng = random.Random(seed)
    text, truth = _dump(rng, {"other_external_services"}, missing_above=True)
    read, wrong = _read(text, truth)
    assert not wrong
    assert read["other_external_services"][0] is None and read["licensing"][0] is None
