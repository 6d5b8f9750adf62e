"""PDF rendering with reportlab: A4, STSong-Light CID font, ruled tables, '- N -' page numbers.

Output is byte-identical for the same report and ``rng`` (reportlab's
invariant mode fixes the creation date and document id).
"""

from __future__ import annotations

import io
import random
from functools import cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipeline.samples.grid import Grid, format_number, table2_grid, table3_grid, table4_grid
from pipeline.samples.labels import SECTION_HEADINGS
from pipeline.samples.numbers import ReportNumbers
from pipeline.samples.prose import signature

FONT = "STSong-Light"
_WIDTH = A4[0] - 40 * mm


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = {"fontName": FONT, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("title", fontSize=16, leading=24, alignment=1, spaceAfter=12, **base),
        "heading": ParagraphStyle("heading", fontSize=12, leading=20, spaceBefore=6, **base),
        "body": ParagraphStyle("body", fontSize=11, leading=18, firstLineIndent=22, **base),
        "cell": ParagraphStyle("cell", fontSize=8, leading=10, alignment=1, **base),
        "cell_small": ParagraphStyle("cell_small", fontSize=6.5, leading=8, alignment=1, **base),
        "signature": ParagraphStyle("signature", fontSize=11, leading=18, alignment=2, **base),
    }


def render_pdf(report: ReportNumbers, rng: random.Random) -> bytes:
    styles = _styles()
    blank = rng.choice(["", "", "-", "/"])
    money_decimals = rng.random() < 0.3
    story = [Paragraph(report.title, styles["title"])]
    # Table 3 repeats its 3 header rows after a page break when Word's "repeat header rows" was ticked.
    tables = {"2": (table2_grid(report), 0), "3": (table3_grid(report), rng.choice([0, 3])),
              "4": (table4_grid(report), 0)}
    for n, heading in SECTION_HEADINGS.items():
        story.append(Paragraph(heading, styles["heading"]))
        if n in tables:
            grid, repeat = tables[n]
            story.append(_table(grid, repeat, blank, money_decimals, styles))
            story.append(Spacer(1, 4 * mm))
        else:
            story.extend(Paragraph(p, styles["body"]) for p in report.sections[n].split("\n"))
    story.append(Spacer(1, 8 * mm))
    story.extend(Paragraph(line, styles["signature"]) for line in signature(report))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                            bottomMargin=22 * mm, title=report.title, author=report.agency,
                            creator="", producer="", invariant=1)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()


def _page_number(canvas, doc) -> None:
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {doc.page} -")


def _table(grid: Grid, repeat_rows: int, blank: str, money_decimals: bool,
           styles: dict[str, ParagraphStyle]) -> Table:
    widths = grid.col_widths(_WIDTH)
    data: list[list[object]] = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for c in grid.cells:
        if c.is_value:
            data[c.row][c.col] = blank if c.value is None else format_number(c.value, money_decimals)
        else:
            width = sum(widths[c.col:c.col + c.colspan])
            style = styles["cell_small"] if width < 40 else styles["cell"]
            data[c.row][c.col] = Paragraph(c.text, style)
        if c.rowspan > 1 or c.colspan > 1:
            commands.append(("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1)))
    return Table(data, colWidths=widths, repeatRows=repeat_rows, style=TableStyle(commands))
