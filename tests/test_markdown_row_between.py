"""pymupdf4llm cuts a table at a page break and prints the row it cut as plain lines
between the two pipe tables: its label over two or three lines, then its numbers on
one line ('4. 无正当理' / '由大量反复' / '0 0 0 0 0 0 0'); the rest of its label may head
the next table ('|Col1|Col2|申请|Col4|…'). Such a row is a row of the table before,
when it prints as many numbers as the rows around it; otherwise it stays text.

Found on the real 平潭 2019 and 2021 pages printed by Chromium (A4, no margins) and
dumped by pymupdf4llm (tests/bench_dumps.py (a)): the row was lost (28 cells)."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import extract_bytes
from pipeline.samples import make_report
from pipeline.samples.render_dump import render_dump
from pipeline.tables.labels import TABLE3_ROWS, first_match
from pipeline.tables.text import label_key


def _cut_table3(rng: random.Random, report, *, short: bool = False) -> tuple[str, str]:
    """Table 3 of a markdown dump cut in two around one of its item rows, printed as lines."""
    text = render_dump(report, rng, "generic_headers", blank=rng.choice(["-", "/"])).decode("utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("三、收到"))
    rows = [i for i in range(start, len(lines)) if lines[i].startswith("|  |  | ") and "." in lines[i][:12]]
    at = rng.choice(rows)
    cells = [c.strip() for c in lines[at].strip().strip("|").split("|")]
    label, values = cells[2], cells[3:]
    if short:
        values = values[:-1]  # a number lost: not a row of this table
    cuts = sorted(rng.sample(range(3, len(label) - 1), rng.randint(1, 2)))
    pieces = [label[a:b] for a, b in zip([0, *cuts], [*cuts, len(label)])]
    tail = pieces.pop() if rng.random() < 0.5 else None  # printed in the next table's made-up header
    head = pieces[0]
    pieces[0] = head[:2] + " " + head[2:] if rng.random() < 0.5 else head  # '4. 无正当理'
    width = len(cells)
    header = "|" + "|".join(tail if c == 2 and tail else f"Col{c + 1}" for c in range(width)) + "|"
    between = [""] + [p for piece in pieces for p in (piece, "", "")] + [" ".join(values), "", header,
                                                                         "|" + "|".join("---" for _ in cells) + "|"]
    lines[at:at + 1] = between
    return "\n".join(lines), "".join(pieces).replace(" ", "")


@pytest.mark.parametrize("seed", range(12))
def test_row_printed_between_two_tables_joins_the_table_before(seed):
    """Members: which row, where its label is cut (two or three lines), a space after its
    number or not, its tail in the next table's header or not, blanks printed "-" or "/".
    A row whose lines left between the tables no longer name it is not read."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    text, printed = _cut_table3(rng, report)
    ex = extract_bytes(text.encode("utf-8"), f"{report.slug}.md")
    got, truth = ex.tables["table3"].nested(), report.to_json()["table3"]
    lost = {key for key in truth if got.get(key) != truth[key]}
    if lost:  # the label's lines left between the tables no longer name it ('4.保护第三'): not read
        key = lost.pop()
        assert not lost and first_match(label_key(printed), TABLE3_ROWS) != key, printed
        assert all(v is None for v in got.get(key, {}).values())


@pytest.mark.parametrize("seed", range(6))
def test_lines_between_tables_with_a_number_short_stay_text(seed):
    """The same with one number less than the rows around: not a row of the table, never
    placed; the other rows are read."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    text, _ = _cut_table3(rng, report, short=True)
    ex = extract_bytes(text.encode("utf-8"), f"{report.slug}.md")
    got, truth = ex.tables["table3"].nested(), report.to_json()["table3"]
    lost = {key for key in truth if got.get(key) != truth[key]}
    assert len(lost) == 1
    assert all(v is None for v in got.get(lost.pop(), {}).values())
