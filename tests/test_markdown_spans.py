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
