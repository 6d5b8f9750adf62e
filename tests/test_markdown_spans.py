"""PDF→markdown converters (pymupdf4llm) print a spanned cell once per column it
covers: table 3's header '社会公益组织' three times, and under it every value
three times ('|1|1|1|'). The copies are one number; copies that differ are two
readings of one cell, and the row is not read (never guessed).

Found on generated narrow pages printed by Chromium and dumped by pymupdf4llm
(seeds 607, 608 of ``tests/bench_dumps.py``): every row of table 3 was lost."""

from __future__ import annotations

import random

import pytest

from pipeline.extract import extract_bytes
from pipeline.samples import make_report
from pipeline.samples.grid import table3_grid
from pipeline.samples.render_dump import render_dump
from pipeline.samples.render_text import cell_text

_APPLICANTS = 7


def _spanned_markdown(report, rng: random.Random, spans: list[int], blank: str) -> tuple[list[str], int]:
    """Table 3 as a markdown table whose applicant columns are printed ``spans[k]`` times
    each (header and values alike); returns its lines and where the values start."""
    grid = table3_grid(report)
    lines = []
    for row in grid.matrix():
        texts = [cell_text(c, blank) for c in row]
        labels, applicants = texts[:-_APPLICANTS], texts[-_APPLICANTS:]
        cells = labels + [t for t, k in zip(applicants, spans) for _ in range(k)]
        lines.append("| " + " | ".join(cells) + " |")
        if len(lines) == 1:
            lines.append("|" + "|".join("---" for _ in cells) + "|")
    return lines, len(grid.matrix()[0]) - _APPLICANTS


def _document(report, table: list[str]) -> bytes:
    text = "\n\n".join([report.title, "三、收到和处理政府信息公开申请情况", "\n".join(table),
                        "四、政府信息公开行政复议、行政诉讼情况"])
    return text.encode("utf-8")


def _spans(rng: random.Random) -> list[int]:
    spans = [rng.choice([1, 1, 2, 3]) for _ in range(_APPLICANTS)]
    spans[rng.randrange(_APPLICANTS)] = rng.choice([2, 3, 4])  # at least one spanned column
    return spans


@pytest.mark.parametrize("seed", range(10))
def test_values_repeated_under_a_spanned_header_are_read_once(seed):
    """Members: both formats, spans of 1-4 columns anywhere, blanks as '-' or '/'."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    lines, _ = _spanned_markdown(report, rng, _spans(rng), rng.choice(["-", "/"]))
    ex = extract_bytes(_document(report, lines), f"{report.slug}.md")
    assert ex.tables["table3"].nested() == {k: v for k, v in report.to_json()["table3"].items()}


@pytest.mark.parametrize("seed", range(10))
def test_spanned_copies_that_differ_leave_the_row_unread(seed):
    """One copy of one row's spanned value changed: which reading is the cell's cannot be
    told, so the row stays empty and is named; every other row is read."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    spans = _spans(rng)
    lines, first_value = _spanned_markdown(report, rng, spans, "-")
    copies = [first_value + sum(spans[:k]) + j for k, n in enumerate(spans) for j in range(1, n)]  # not the first
    at, changed = rng.choice([(c, i) for c in copies for i, line in enumerate(lines)
                              if line.split("|")[c + 1].strip().isdigit()])
    cells = lines[changed].split("|")
    cells[at + 1] = f" {int(cells[at + 1]) + rng.randint(1, 9)} "
    lines[changed] = "|".join(cells)
    ex = extract_bytes(_document(report, lines), f"{report.slug}.md")
    got, truth = ex.tables["table3"].nested(), report.to_json()["table3"]
    lost = {key for key in truth if got.get(key) != truth[key]}
    assert len(lost) == 1
    key = lost.pop()
    assert all(v is None for v in got.get(key, {}).values())  # nothing of it is guessed
    assert any(p.startswith(f"table3: {key}:") and "not read" in p for p in ex.problems)


@pytest.mark.parametrize("seed", range(10))
def test_first_number_glued_to_every_copy_of_the_label(seed):
    """pymupdf4llm glues a row's first number to its label, in each copy of a spanned label
    cell, and may leave an empty cell at the row's end ('|4.无正当理由大量反复申请0|4.无正当理由
    大量反复申请0|0|0|-|0|0|0||', generated narrow page 607): the number is the row's first,
    never a shift of the others (read so it put 0 under social_welfare, printed '-').
    Members: rows, one or two copies, the empty end cell, numbers."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    lines = render_dump(report, rng, "generic_headers", blank="-").decode("utf-8").split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith("|  |  | ") and line.split("|")[4].strip().isdigit()]
    at = rng.choice(rows)
    cells = [c.strip() for c in lines[at].strip().strip("|").split("|")]
    copies = rng.choice([1, 2])
    glued = cells[2] + cells[3]
    cells = ["", ""] * (copies == 1) + [""] * (copies == 2) + [glued] * copies + cells[4:] + ([""] if rng.random() < .5 else [])
    lines[at] = "| " + " | ".join(cells) + " |"
    ex = extract_bytes("\n".join(lines).encode("utf-8"), f"{report.slug}.md")
    assert ex.tables["table3"].nested() == report.to_json()["table3"]
