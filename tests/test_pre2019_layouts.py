"""Pre-2019 statistics tables in every file type and layout: each value right, or empty and flagged."""

from __future__ import annotations

import random

import pytest
from pre2019_layouts import TITLE, docx, draw, grid, grid_with_spans, html, pdf, text

from pipeline.extract import extract_bytes

SEEDS = range(6)
HEADERS = ["本年度", "2015年度", "本年"]


def _check(data: bytes, name: str, rows, *, exact: bool) -> int:
    ex = extract_bytes(data, name)
    assert ex.status == "ok", (ex.status, ex.error)
    assert ex.format == "pre2019"
    got = {r.label: r for r in ex.stats.table_rows}
    assert list(got) == [r.label for r in rows]
    flagged = 0
    for truth in rows:
        r = got[truth.label]
        assert r.unit == truth.unit
        if r.problem:
            assert not exact, (truth.label, r.problem)
            assert (r.this_year, r.cumulative) == (None, None)
            flagged += 1
        else:
            assert (r.this_year, r.cumulative) == (truth.this_year, truth.cumulative), (truth.label, r.raw)
    return flagged


@pytest.mark.parametrize("seed", SEEDS)
def test_grids_html_docx_pdf(seed):
    rng = random.Random(seed)
    rows = draw(rng)
    g = grid(rows, rng.choice(HEADERS))
    _check(html(g, rng), f"s{seed}.html", rows, exact=True)
    _check(docx(g), f"s{seed}.docx", rows, exact=True)
    if seed < 3:  # PDF layout analysis is the slowest reader
        _check(pdf(g), f"s{seed}.pdf", rows, exact=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_grids_with_index_column_and_spanning_labels(seed):
    rng = random.Random(100 + seed)
    rows = draw(rng)
    g = grid_with_spans(rows, rng.choice(HEADERS))
    _check(html(g, rng), f"s{seed}.html", rows, exact=True)
    _check(docx(g), f"s{seed}.docx", rows, exact=True)


@pytest.mark.parametrize("header", ["项目 单位 本年数 累计数", "统计指标 计量单位 2015年 累计"])
def test_header_variants_in_text(header):
    rows = draw(random.Random(7))
    body = " ".join(f"{r.own} {r.unit} {r.this_year} {r.cumulative}" for r in rows)
    _check(f"{TITLE}\n{header} {body}\n".encode(), "v.txt", rows, exact=True)


def test_without_year_sentences_alone_are_not_a_pre2019_report():
    ex = extract_bytes("关于某事的通知\n2015年共受理政府信息公开申请35件。\n".encode(), "n.txt")
    assert (ex.status, ex.stats) == ("failed", None)


@pytest.mark.parametrize("layout", ["lines", "spaced"])
@pytest.mark.parametrize("seed", SEEDS)
def test_text_layouts(seed, layout):
    rng = random.Random(seed)
    rows = draw(rng)
    _check(text(rows, rng.choice(HEADERS), layout), f"s{seed}.txt", rows, exact=True)


def test_glued_cells_right_or_flagged():
    """Cells run together: never a wrong split, over many tables."""
    flagged = total = 0
    for seed in range(60):
        rng = random.Random(1000 + seed)
        rows = draw(rng)
        flagged += _check(text(rows, "本年度", "glued"), f"g{seed}.txt", rows, exact=False)
        total += len(rows)
    assert flagged < total  # most rows are certain (small numbers, 0 | 0, parents)


@pytest.mark.parametrize("glued", [False, True])
def test_index_column_in_text(glued):
    """A 序号 column flattened into text: taken off where certain; glued into the digits, flagged."""
    rows = draw(random.Random(11))
    sep = "" if glued else " "
    body = sep.join(f"{i}{sep}{r.own}{sep}{r.unit}{sep}{r.this_year}{sep}{r.cumulative}"
                    for i, r in enumerate(rows, 1))
    head = sep.join(["序号", "指标名称", "计量单位", "本年度", "历年累计"])
    flagged = _check(f"{TITLE}\n{head}{sep}{body}\n".encode(), "i.txt", rows, exact=not glued)
    assert flagged == (len(rows) if glued else 0)
