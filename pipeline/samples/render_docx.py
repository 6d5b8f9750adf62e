"""Word (.docx) rendering with python-docx: merged cells for header blocks and group labels.

python-docx stamps the current time into the core properties and into the zip
entries; both are fixed here so that output is byte-identical for a seed.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import UTC, datetime
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from pipeline.samples.grid import Grid, GridCell, format_number, table2_grid, table3_grid, table4_grid
from pipeline.samples.labels import SECTION_HEADINGS
from pipeline.samples.numbers import ReportNumbers

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_TABLE_WIDTH_TWIPS = 9000  # A4 text width


def render_docx(report: ReportNumbers, rng: random.Random) -> bytes:
    blank = rng.choice(["", "", "-", "/", "—"])
    money_decimals = rng.random() < 0.3
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    title = doc.add_paragraph(report.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tables = {"2": table2_grid(report), "3": table3_grid(report), "4": table4_grid(report)}
    for n, heading in SECTION_HEADINGS.items():
        doc.add_paragraph().add_run(heading).bold = True
        if n in tables:
            _table(doc, tables[n], blank, money_decimals)
        else:
            for text in report.sections[n].split("\n"):
                doc.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
    stamp = datetime.combine(report.published_date, datetime.min.time(), UTC).replace(hour=9)
    props = doc.core_properties
    props.title = report.title
    props.author = report.agency
    props.last_modified_by = report.agency
    props.created = props.modified = stamp
    props.revision = rng.randint(1, 9)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _table(doc, grid: Grid, blank: str, money_decimals: bool) -> None:
    """Append the grid as a Word table whose merges are gridSpan/vMerge, as Word writes them.

    The XML is built directly: python-docx's ``cell.merge`` costs ~1 ms per merge
    and table 3 has dozens; the result is the same markup and python-docx reads it.
    """
    widths = [round(w) for w in grid.col_widths(_TABLE_WIDTH_TWIPS)]
    matrix = grid.matrix()
    covering: dict[tuple[int, int], GridCell] = {}
    for c in grid.cells:
        for r in range(c.row + 1, c.row + c.rowspan):
            covering[(r, c.col)] = c
    rows = []
    for r in range(grid.n_rows):
        tcs, col = [], 0
        while col < grid.n_cols:
            cell, text, vmerge = matrix[r][col], "", None
            if cell is not None:
                text = cell.text if not cell.is_value else (
                    blank if cell.value is None else format_number(cell.value, money_decimals))
                vmerge = "restart" if cell.rowspan > 1 else None
            elif (r, col) in covering:
                cell, vmerge = covering[(r, col)], "continue"
            span = cell.colspan if cell is not None else 1
            tcs.append(_tc(text, sum(widths[col:col + span]), span, vmerge))
            col += span
        rows.append("<w:tr>" + "".join(tcs) + "</w:tr>")
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr>'
        f'<w:tblGrid>{grid_cols}</w:tblGrid>{"".join(rows)}</w:tbl>')
    placeholder = doc.add_table(rows=0, cols=grid.n_cols)._tbl
    placeholder.getparent().replace(placeholder, tbl)


def _tc(text: str, width: int, span: int, vmerge: str | None) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge:
        props += f'<w:vMerge w:val="{vmerge}"/>'
    run = f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>{xml_escape(text)}</w:t></w:r>' if text else ""
    return (f'<w:tc><w:tcPr>{props}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run}</w:p></w:tc>')


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite the package with constant entry timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, _ZIP_EPOCH), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
