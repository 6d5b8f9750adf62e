"""Table 3 continued in a markdown table with columns of its own (pymupdf4llm at a page break).

The converter starts a new table whose grid has more columns than the first (a label column
split, a copy of a spanned label), takes its first row for the header and names the blank
cells there 'Col3', 'Col4' …. A row of that table with blanks at both ends of its value cells
was read by dropping blanks from the end until seven were left — a guess, which put numbers
under the wrong applicants (generated narrow pages, tests/bench_dumps.py (b5)–(b7): 14 wrong
cells). Now the columns of the seven applicants are those where the table's complete rows
(a number in each of seven cells) print them; a row whose cells all stand in them is read
there, blanks staying blanks; a row with blanks at both ends and no such columns is not read.

Members: where the extra columns are, which cells are blank, the numbers, whether the
block has a complete row."""

from __future__ import annotations

import random

import pytest

from pipeline import spec
from pipeline.extract import extract_bytes

APPLICANTS = list(spec.table3_applicants())
HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
LABELS = spec.table3_row_labels()
FIRST = ["new_received", "carried_over"]
SECOND = ["granted", "partially_granted", "denied_state_secret", "denied_prohibited_by_law"]


def _md(cells: list[str]) -> str:
    return "|" + "|".join(cells) + "|"


def _values(rng: random.Random, blanks: bool) -> list[int | None]:
    counts: list[int | None] = [rng.randint(0, 9) for _ in range(6)]
    if blanks:
        for k in rng.sample(range(6), rng.randint(1, 3)):
            counts[k] = None
    total = sum(v or 0 for v in counts)
    return [*counts, None if blanks and rng.random() < 0.5 else total]


@pytest.mark.parametrize("seed", range(12))
def test_rows_of_a_table_with_invented_columns_are_read_where_complete_rows_print(seed):
    rng = random.Random(seed)
    truth = {row: _values(rng, blanks=False) for row in FIRST}
    lines = ["某县2022年政府信息公开工作年度报告", "", "三、收到和处理政府信息公开申请情况", "",
             _md(["申请人情况"] + HEAD), _md(["---"] * 8)]
    lines += [_md([LABELS[r]] + [str(v) for v in truth[r]]) for r in FIRST]
    # The second table: two label columns, a copy of the label, then the seven value cells.
    extra = rng.randint(1, 2)
    complete = rng.choice(SECOND[1:])
    rows = []
    for r in SECOND:
        truth[r] = _values(rng, blanks=r != complete)
        if r == SECOND[0]:  # a blank at both ends: the guess the old reading made
            truth[r][0], truth[r][6] = None, None
            truth[r][1] = truth[r][1] if truth[r][1] is not None else rng.randint(0, 9)
        group, _, item = LABELS[r].rpartition(" ")
        # (the copies of the label are blank in the header row: the converter names them ColN)
        label = [group or "三、本年度办理结果", item] + ["" if r == SECOND[0] else item] * extra
        rows.append(label + ["" if v is None else str(v) for v in truth[r]])
    first = [c or f"Col{k + 1}" for k, c in enumerate(rows[0])]  # the converter's header row
    lines += ["", "", _md(first), _md(["---"] * len(first))] + [_md(r) for r in rows[1:]]
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况"]
    got = extract_bytes("\n".join(lines).encode("utf-8"), f"invented-{seed}.md").tables["table3"].nested()
    for r, values in truth.items():
        read = [got[r][a] for a in APPLICANTS]
        assert all(x is None or x == v for x, v in zip(read, values)), (r, read, values)  # never a wrong cell
        assert read == values, (r, read, values)
