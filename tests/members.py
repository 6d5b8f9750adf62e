"""Members of a document class, printed and read: the steps shared by the tests that make a
class of documents (restyled, cut, set vertically …) from generated reports and the real pages,
and hold what is read to exact values or to floors."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from test_producers import _differences

from pipeline.extract import extract_path
from pipeline.samples import make_report, render_html

TABLES = ("table2", "table3", "table4")


def cell_count(expected: dict) -> int:
    """Cells of tables 2-4 in an expected or generated report (``to_json()`` form)."""
    return sum(len(cols) for t in TABLES for cols in expected[t].values())


def printed_generated(make_page: Callable[[bytes, int, random.Random], bytes], folder: Path,
                      how: producers.ChromiumPrint, members: int = 12) -> dict[int, tuple[object, object]]:
    """Generated reports (both formats, seeds 0..members-1), their HTML made a member by
    ``make_page(html, seed, rng)``, printed ``how``: {seed: (report, extraction)}."""
    _need_chromium()
    pages, reports = {}, {}
    for seed in range(members):
        rng = random.Random(seed)
        reports[seed] = make_report(rng, rng.choice(["2019", "2021"]))
        pages[f"g{seed}"] = make_page(render_html(reports[seed], rng), seed, rng)
    printed = producers.print_html(pages, folder, how)
    return {seed: (reports[seed], extract_path(printed[f"g{seed}"])) for seed in range(members)}


def printed_real(make_page: Callable[[bytes, str, str], bytes], variants: list[str], folder: Path,
                 how: producers.ChromiumPrint) -> dict[tuple[str, str], object]:
    """The real pages made members by ``make_page(html, variant, stem)`` for each variant,
    printed ``how``: {(variant, stem): extraction}."""
    _need_chromium()
    pages = {}
    for variant in variants:
        for path in PAGES_EXPECTED:
            exp = yaml.safe_load(path.read_text("utf-8"))
            pages[f"{variant}.{path.stem}"] = make_page(corpus_path(exp["document"]).read_bytes(), variant, path.stem)
    printed = producers.print_html(pages, folder, how)
    return {tuple(name.split(".", 1)): extract_path(pdf) for name, pdf in printed.items()}


def converted_real(make_page: Callable[[bytes, str], bytes], folder: Path,
                   hows: tuple[producers.WriterSave, ...]) -> dict[tuple[str, str], object]:
    """The real pages made members by ``make_page(html, stem)``, converted by each of LibreOffice
    Writer's ``hows``: {(stem, how's name): extraction}."""
    if producers.SOFFICE is None:
        pytest.skip("LibreOffice is needed (make setup installs it)")
    sources = []
    for path in PAGES_EXPECTED:
        exp = yaml.safe_load(path.read_text("utf-8"))
        source = folder / f"{path.stem}.htm"
        source.write_bytes(make_page(corpus_path(exp["document"]).read_bytes(), path.stem))
        sources.append(source)
    return {(stem, how.name): extract_path(made) for how in hows
            for stem, made in producers.writer_convert(sources, folder, how).items()}


def html_grid(table) -> tuple[list, dict[tuple[int, int], tuple]]:
    """An lxml <table>'s rows, and grid position → (cell, its first row, its first column), the
    way a browser lays spans out (for tests that rebuild a table's HTML)."""
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr")
    grid: dict[tuple[int, int], tuple] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./td | ./th"):
            while (r, c) in grid:
                c += 1
            rowspan, colspan = int(cell.get("rowspan") or 1), int(cell.get("colspan") or 1)
            for i in range(rowspan):
                for j in range(colspan):
                    grid[r + i, c + j] = (cell, r, c)
            c += colspan
    return rows, grid


def _need_chromium() -> None:
    if producers.CHROMIUM is None:
        pytest.skip("chromium is needed (make setup installs it)")


def assert_read_to_floor(expected: dict, ex, floor: int) -> None:
    """No number under a wrong key, at least ``floor`` cells right, and any loss named."""
    lost = _differences(expected, ex)
    assert all(got in (None, "MISSING") for _, got in lost.values()), "a number under a wrong key"
    assert cell_count(expected) - len(lost) >= floor
    assert not lost or ex.problems or ex.status == "partial", "a loss not named"
