"""pdf_intersections.cells gives pdfplumber's cells, in pdfplumber's order, on any ruling."""

from __future__ import annotations

import itertools
import random

from pdfplumber.table import edges_to_intersections, intersections_to_cells

from pipeline.read import pdf_intersections


def _h(x0: float, x1: float, y: float) -> dict:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}


def _v(x: float, top: float, bottom: float) -> dict:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
            "orientation": "v"}


def _ruling(rng: random.Random) -> list[dict]:
    """A grid of rules with some segments missing (merged cells, broken rules), some
    rules drawn in pieces, and sometimes a second table beside the first."""
    edges = []
    for dx in (0.0, 400.0)[: rng.choice((1, 2))]:
        xs = sorted(rng.sample(range(0, 300, 7), rng.randint(2, 7)))
        ys = sorted(rng.sample(range(0, 500, 9), rng.randint(2, 9)))
        for a, b in itertools.pairwise(xs):
            for y in ys:
                if rng.random() > 0.15:
                    edges.append(_h(a + dx, b + dx, y))
        for a, b in itertools.pairwise(ys):
            for x in xs:
                if rng.random() > 0.15:
                    edges.append(_v(x + dx, a, b))
        if rng.random() < 0.5:  # a rule drawn whole over its pieces
            edges.append(_h(xs[0] + dx, xs[-1] + dx, ys[0]))
    return edges


def test_a_plain_grid():
    edges = [_h(0, 20, y) for y in (0, 5, 10)] + [_v(x, 0, 10) for x in (0, 10, 20)]
    got = pdf_intersections.cells(edges_to_intersections(edges, 3, 3))
    assert got == [(0, 0, 10, 5), (0, 5, 10, 10), (10, 0, 20, 5), (10, 5, 20, 10)]


def test_a_merged_cell_is_one_cell():
    # The middle vertical rule stops at y=5: the bottom row is one cell across.
    edges = [_h(0, 20, y) for y in (0, 5, 10)] + [_v(0, 0, 10), _v(10, 0, 5), _v(20, 0, 10)]
    got = pdf_intersections.cells(edges_to_intersections(edges, 3, 3))
    assert got == [(0, 0, 10, 5), (0, 5, 20, 10), (10, 0, 20, 5)]


def test_same_cells_as_pdfplumber_on_random_rulings():
    rng = random.Random(5)
    for _ in range(60):
        intersections = edges_to_intersections(_ruling(rng), 3, 3)
        assert pdf_intersections.cells(intersections) == intersections_to_cells(intersections)
