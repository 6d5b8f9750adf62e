"""PDF tables as browsers and word processors print them, drawn here with
reportlab so that each class has several members: rules painted as filled
boxes of several thicknesses (Chromium), a table cut by the page break with
its columns running on past the last rule, underlined labels (LibreOffice
keeps HTML's <u>). The producers themselves are run in test_producers.py."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipeline.read.pdf import read

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
COLUMNS = [40.0, 110.0, 250.0, 320.0, 390.0, 460.0]  # group, label, three value columns
ROW = 24.0
GROUP = "（一）分组"
_PAD = 1.5  # cell padding (pt)


def _rows(n: int) -> list[list[str]]:
    return [[GROUP, f"{i + 1}.事项名称第{i + 1}行", str(i), str(i * 7 % 10), str(i * 3)] for i in range(n)]


def _box(c: canvas.Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    c.rect(x0, y0, x1 - x0, y1 - y0, fill=1, stroke=0)


def _ruled_rows(c: canvas.Canvas, rows: list[list[str]], top: float, thick: float, *, closed_top: bool,
                closed_bottom: bool, underline: bool = False, columns: list[float] = COLUMNS) -> None:
    """Rows from ``top`` down (PDF y), every rule a filled box ``thick`` pt
    wide centred on its line; the columns' boxes run over the horizontal
    rules' full thickness, as Chromium paints collapsed borders. The group
    column is one merged cell (its text in the first row); at an open side
    the page break cuts it, and only the other columns are ruled there."""
    bottom = top - ROW * len(rows)
    half = thick / 2
    for k in range(len(rows) + 1):
        y = top - k * ROW
        closed = (k > 0 or closed_top) and (k < len(rows) or closed_bottom)
        if 0 < k < len(rows) or not closed:
            x0 = columns[1]
        else:
            x0 = columns[0]
        _box(c, x0 - half, y - half, columns[-1] + half, y + half)
    for x in columns:
        _box(c, x - half, bottom - half, x + half, top + half)
    c.setFont(FONT, 10)
    for k, row in enumerate(rows):
        baseline = top - k * ROW - 16
        for col, (x, text) in enumerate(zip(columns, row)):
            if col == 0 and (k > 0 or not closed_top):
                continue  # the merged group cell shows its text once
            c.drawString(x + _PAD, baseline, text)
            if underline and col == 1:
                width = pdfmetrics.stringWidth(text, FONT, 10)
                _box(c, x + _PAD, baseline - 1.5, x + _PAD + width, baseline - 1.0)


def _pdf(pagesize, draw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize)
    draw(c, pagesize[1])
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("pagesize", [A4, LETTER], ids=["a4", "letter"])
@pytest.mark.parametrize("thick", [0.5, 0.75, 1.5, 2.25])
@pytest.mark.parametrize("cut", [3, 7])
def test_table_cut_by_the_page_break_with_rules_painted_as_boxes(pagesize, thick, cut):
    rows = _rows(10)

    def draw(c: canvas.Canvas, height: float) -> None:
        _ruled_rows(c, rows[:cut], height - 60, thick, closed_top=True, closed_bottom=False)
        c.showPage()
        _ruled_rows(c, rows[cut:], height - 40, thick, closed_top=False, closed_bottom=True)

    doc = read(_pdf(pagesize, draw), "printed.pdf")
    assert [t.rows for t in doc.tables] == [rows]
    assert (doc.tables[0].pos.page, doc.tables[0].pos.page_end) == (1, 2)


@pytest.mark.parametrize("thick", [0.5, 1.0])
@pytest.mark.parametrize("n", [2, 5])
def test_underlined_labels_do_not_split_their_cells(thick, n):
    """The label fills its cell, so its underline ends a padding away from
    both rules: within reach of them, as in LibreOffice's output."""
    rows = _rows(n)
    width = pdfmetrics.stringWidth(rows[0][1], FONT, 10)
    columns = [40.0, 110.0, 110.0 + width + 2 * _PAD, *(110.0 + width + 2 * _PAD + 70 * k for k in (1, 2, 3))]

    def draw(c: canvas.Canvas, height: float) -> None:
        _ruled_rows(c, rows, height - 60, thick, closed_top=True, closed_bottom=True, underline=True,
                    columns=columns)

    doc = read(_pdf(A4, draw), "underlined.pdf")
    assert [t.rows for t in doc.tables] == [rows]
