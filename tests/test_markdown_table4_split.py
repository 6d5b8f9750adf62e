"""Table 4 as pymupdf4llm prints it at a page's edge (markdown dumps of the real 平潭 pages
printed by Chromium and Writer, tests/bench_dumps.py (a): 15 cells lost in each of four prints).

- The proceedings' header row is a table of its own ('|行政复议|Col2|…|行政诉讼|Col7|', seven
  columns), above a second table whose header holds the outcomes and whose row holds the
  fifteen numbers: no column of the second table says its proceeding. The header of the
  table's blocks together says 行政复议 … 行政诉讼, and fifteen numbers are read in the order
  every report prints (review → direct → after review).
- The header rows are a table, and the row of fifteen numbers a line of plain text under it.
- '行政复议' lost over the first five columns: the header names the two kinds of suit, in
  their order, over the last ten.

Members: the numbers, how the outcome labels are cut ('结果<br>维持', '结<br>果'), generic
column names, whether the second header row is repeated."""

from __future__ import annotations

import random

import pytest

from pipeline import spec
from pipeline.extract import extract_bytes

OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _cut(label: str, rng: random.Random) -> str:
    if label == "总计" or rng.random() < 0.3:
        return label
    k = rng.choice([1, 2])
    return "<br>".join(label[i:i + k] for i in range(0, len(label), k))


def _row(cells: list[str]) -> str:
    return "|" + "|".join(cells) + "|"


def _table4(rng: random.Random, shape: str, values: list[int]) -> list[str]:
    outcomes = [_cut(o, rng) for o in OUTCOMES]
    if shape == "split":
        top = ["行政复议", "Col2", "Col3", "Col4", "Col5", "行政诉讼", "Col7"]
        first = [_row(top), _row(["---"] * 7), _row(outcomes + ["未经复议直接起诉", "复议后起诉"])]
        second_head = ["Col1"] + [o.split("<br>")[-1] for o in outcomes[1:]] + outcomes + outcomes
        return first + ["", "", _row(second_head), _row(["---"] * 15), _row([str(v) for v in values])]
    if shape == "review_label_lost":  # the first row names the suits only, over their columns
        head = outcomes + ["未经复议直接起诉"] + [f"Col{i}" for i in range(7, 11)] + ["复议后起诉"] + \
            [f"Col{i}" for i in range(12, 16)]
        return [_row(head), _row(["---"] * 15), _row(outcomes * 3), _row([str(v) for v in values])]
    head = ["行政复议"] + [f"Col{i}" for i in range(2, 6)] + ["行政诉讼"] + [f"Col{i}" for i in range(7, 16)]
    groups = outcomes + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    rows = [_row(head), _row(["---"] * 15), _row(groups), _row(outcomes * 3)]
    return rows + [" ".join(str(v) for v in values)]


@pytest.mark.parametrize("shape", ["split", "plain_row", "review_label_lost"])
@pytest.mark.parametrize("seed", range(6))
def test_table4_split_by_a_markdown_converter_is_read(shape, seed):
    rng = random.Random(seed)
    values = [rng.randint(0, 9) for _ in range(15)]
    lines = ["某县2022年政府信息公开工作年度报告", "", "四、政府信息公开行政复议、行政诉讼情况", "",
             *_table4(rng, shape, values), "", "五、存在的主要问题及改进情况", "", "（一）存在的主要问题：无。"]
    ex = extract_bytes("\n".join(lines).encode("utf-8"), f"t4-{shape}-{seed}.md")
    got = ex.tables["table4"].nested()
    pairs = [(p, o) for p in spec.table4_proceedings() for o in spec.table4_outcomes()]
    assert [got[p][o] for p, o in pairs] == values
