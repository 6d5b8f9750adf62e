"""A piece of a group's label printed inside an item's label (text dumps without columns).

Table 3's group labels (三、本年度办理结果, （三）不予公开 …) stand in a narrow column beside their
items, a few characters a line. markitdown's and pdfplumber's plain text print a page's lines in
order, so a line of the group's label falls between two lines of an item's label, and the row's
label is read joined: '4.保护第三' / '理结果' / '方合法权益' → '4.保护第三理结果方合法权益', which names
no row. Found on the real 2019 page printed by Chromium or Writer and dumped by markitdown or
pdfplumber (7 cells each of 12 dumps). The mapper now takes a piece of a group's label (two
characters or more) out of a label that names no row; when exactly one row is then named, the row
is read and the piece is named in the problems. Members: which row, which group's label, which
piece of it, where in the item's label.
"""

from __future__ import annotations

import random

import pytest
from test_text_dumps import TABLE3_TOP, read_generated_dump

from pipeline.extract import extract_bytes
from pipeline.tables.labels import TABLE3_GROUPS, TABLE3_ROWS, first_match
from pipeline.tables.text import label_key

_ITEMS = ("2.其他法律行政法规禁止公开", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
          "7.属于行政执法案卷", "8.属于行政查询事项", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
          "1.信访举报投诉类申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请")


def _piece_inside(text: str, rng: random.Random, item: str) -> tuple[str, str, str]:
    """``item``'s label with a piece of a group's label put inside it, between two of its characters:
    the text, the piece and the label as printed."""
    group = rng.choice(TABLE3_GROUPS)
    bare = group.split("）")[-1].split("、")[-1]
    start = rng.randrange(len(bare) - 1)
    piece = bare[start:start + rng.randint(2, min(4, len(bare) - start))]
    at = rng.randint(3, len(item) - 1)
    label = item[:at] + piece + item[at:]
    return text.replace(item + " ", label + " ", 1), piece, label


@pytest.mark.parametrize("seed", range(16))
def test_a_group_piece_inside_an_item_label_is_taken_out(seed):
    """Every cell of table 3 is read; where the piece breaks the words that name the row, the
    piece is named in the problems (before, 3 of 16 members lost that row; in the others the piece
    left the words that name the row whole, or the row was blank)."""
    rng = random.Random(3000 + seed)
    item = rng.choice(_ITEMS)
    got: dict = {}

    def transform(text: str, rng: random.Random) -> str:
        text, got["piece"], got["label"] = _piece_inside(text, rng, item)
        return text

    truth, ex = read_generated_dump(3100 + seed, transform)  # asserts no number under a wrong key
    assert ex.tables["table3"].nested() == truth["table3"], (got["label"], ex.problems)
    if first_match(label_key(got["label"]), TABLE3_ROWS) is None:
        assert any(f"read without {got['piece']!r}" in p for p in ex.problems), ex.problems


def test_a_label_that_names_no_row_without_a_piece_is_not_read():
    """'7.属于行政执' + '不予' + '理法案卷': without '不予' it still names no row ('理' stays inside
    '执法案卷'): the row is not read, and named."""
    text = (TABLE3_TOP +
            "7.属于行政执不予理法案卷 1 0 0 0 0 0 1\n"
            "4.保护第三无法方合法权益 2 0 0 0 0 0 2\n")
    ex = extract_bytes(text.encode("utf-8"), "x.txt")
    got = ex.tables["table3"].nested()
    assert got["denied_enforcement_files"]["total"] is None
    assert got["denied_third_party_rights"]["total"] == 2
    assert any("row not recognised" in p and "执不予理法" in p for p in ex.problems)
