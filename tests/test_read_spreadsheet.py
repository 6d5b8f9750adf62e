"""Spreadsheets (.xlsx, .xls, .csv): a report's tables published as an Excel attachment (the crawler
kept them, and they were "not a recognised report file"), or a page saved into a workbook, or a
sheet saved as CSV (it read as text: 0 of the real pages' 796 cells; now a sheet, its separator
found by the csv module, sniffed by its name or by rows of one same number of cells).

The reader (``pipeline/read/spreadsheet.py``) takes merged ranges as spanned cells (copies
marked), rows of two cells or more as a table's, a short cell beside them as its title row, and
one sentence (or a section heading) as a paragraph. A title line with its byline in one cell
('…年度报告 来源：平潭县人民政府 时间：…', as Calc puts a page's head) gives the title.

Members: the four real pages imported by LibreOffice Calc and saved as .xlsx, .xls and .csv (in
UTF-8, and in GB 18030 as Excel on a Chinese Windows saves it) at test time;
generated reports written by openpyxl (their tables with merged ranges, or every span written out,
one sheet or a sheet a table, numbers as numbers or as text), and their one-sheet forms as CSV
(commas or semicolons); and a workbook too large to be a report's, refused by its size.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from test_text_dumps import _cell_counts, cell_total

from pipeline.extract import extract_bytes
from pipeline.read import read_bytes
from pipeline.read.sniff import sniff
from pipeline.samples import make_report, render_html

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def calc_books(tmp_path_factory) -> dict[tuple[str, str], Path]:
    if producers.SOFFICE is None:
        pytest.skip("LibreOffice is not installed (make setup installs it)")
    pages = [corpus_path(yaml.safe_load(p.read_text("utf-8"))["document"]) for p in PAGES_EXPECTED]
    out = tmp_path_factory.mktemp("calc")
    books = {}
    for how in (producers.HTML_TO_XLSX, producers.HTML_TO_XLS, producers.HTML_TO_CSV):
        books.update({(stem, how.to_suffix): path for stem, path in producers.writer_convert(pages, out, how).items()})
    if not books:
        pytest.skip("LibreOffice Calc is not installed (make setup installs libreoffice-calc-nogui)")
    return books


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv", ".gb18030.csv"])
@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_imported_by_calc(path, suffix, calc_books):
    exp = yaml.safe_load(path.read_text("utf-8"))
    data = calc_books[Path(exp["document"]).stem, suffix.replace(".gb18030", "")].read_bytes()
    if suffix == ".gb18030.csv":
        data = data.decode("utf-8").encode("gb18030")
    assert sniff(data) == suffix.rsplit(".", 1)[1]
    ex = extract_bytes(data, f"{path.stem}{suffix}")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"]), ex.problems
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


def _workbook(title: str, blocks, rng: random.Random, merged: bool, sheet_a_table: bool, as_text: bool) -> bytes:
    """A workbook of a document's tables, as an agency's attachment: the title in A1, each table
    below its heading (or on a sheet of its own), merged ranges for its spans (or spans written out)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = title
    row = 3
    for block in blocks:
        if block.kind != "table":
            if block.kind == "heading" and not sheet_a_table:
                ws.cell(row, 1, block.text)
                row += 2
            continue
        if sheet_a_table:
            ws = book.create_sheet(f"表{len(book.worksheets)}")
            row = 1
        copies = block.copies or [[False] * len(r) for r in block.rows]
        for r, cells in enumerate(block.rows):
            for c, text in enumerate(cells):
                if merged and copies[r][c]:
                    continue
                value = text
                if not as_text and text.replace(".", "", 1).lstrip("-").isdigit():
                    value = float(text) if "." in text else int(text)
                ws.cell(row + r, c + 1, value)
        if merged:
            _merge(ws, block.rows, copies, row)
        row += len(block.rows) + 1 + rng.randint(0, 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _merge(ws, rows, copies, top: int) -> None:
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if copies[r][c] or (r, c) in taken:
                continue
            cs = 1
            while c + cs < len(cells) and copies[r][c + cs] and cells[c + cs] == text and (r, c + cs) not in taken:
                cs += 1
            rs = 1
            while r + rs < len(rows) and all(c + k < len(rows[r + rs]) and copies[r + rs][c + k]
                                             and rows[r + rs][c + k] == text for k in range(cs)):
                rs += 1
            taken.update((r + i, c + k) for i in range(rs) for k in range(cs))
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=top + r, start_column=c + 1, end_row=top + r + rs - 1, end_column=c + cs)


@pytest.mark.parametrize("seed", range(8))
def test_generated_reports_as_workbooks(seed):
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    doc = read_bytes(render_html(report, rng), f"{report.slug}.html")
    data = _workbook(report.title, doc.blocks, rng, merged=seed % 4 != 3, sheet_a_table=seed % 3 == 1,
                     as_text=seed % 2 == 1)
    assert sniff(data) == "xlsx"
    ex = extract_bytes(data, f"{report.slug}.xlsx")
    truth = report.to_json()
    assert (ex.agency, ex.year) == (truth["agency"], truth["year"])
    assert _cell_counts(ex, truth) == (cell_total(truth), {})


def _as_csv(book: bytes, sep: str) -> bytes:
    """The first sheet of a workbook saved as CSV (a merged range's other cells blank)."""
    ws = openpyxl.load_workbook(io.BytesIO(book)).active
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    for row in ws.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("seed", range(8))
def test_generated_reports_as_csv(seed):
    """One sheet, spans written out (a CSV keeps no merged range; where the sheet merged them,
    the other cells are blank, and which blank is a span's is not known)."""
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    doc = read_bytes(render_html(report, rng), f"{report.slug}.html")
    book = _workbook(report.title, doc.blocks, rng, merged=False, sheet_a_table=False, as_text=seed % 2 == 1)
    data = _as_csv(book, ",;"[seed % 2])
    assert sniff(data) == "csv"
    ex = extract_bytes(data, f"{report.slug}.csv")
    truth = report.to_json()
    assert (ex.agency, ex.year) == (truth["agency"], truth["year"])
    assert _cell_counts(ex, truth) == (cell_total(truth), {})


def test_a_sheet_too_large_is_refused_by_its_size():
    book = openpyxl.Workbook()
    book.active.cell(2_000, 60, 1)
    out = io.BytesIO()
    book.save(out)
    ex = extract_bytes(out.getvalue(), "huge.xlsx")
    assert ex.status == "failed" and "over the 100,000-cell limit" in ex.error


def test_a_csv_too_large_is_refused_as_its_rows_come():
    data = ("标题,,\n" + "1," * 60 + "\n") * 2_000
    ex = extract_bytes(data.encode("utf-8"), "huge.csv", hint="csv")
    assert ex.status == "failed" and "over the 100,000-cell limit" in ex.error


def test_sheets_of_too_much_xml_are_refused_before_they_are_built():
    """30 MB of sheet XML (well-compressed: zipsafety lets it through) would cost openpyxl a
    Python object per cell, gigabytes: refused by the declared size first, named."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(1, 400_000))
    sheet = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    out = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            dst.writestr(item.filename, data)
    ex = extract_bytes(out.getvalue(), "big.xlsx")
    assert ex.status == "failed" and "bytes of XML, over the" in ex.error


def test_a_folder_s_csv_is_not_taken_for_a_report(tmp_path):
    """A CSV is read when named; a folder's CSV (the corpus's MANIFEST.csv) is a manifest or an
    index far more often than a report, and is not picked from the folder."""
    from pipeline.extract import iter_report_files

    (tmp_path / "MANIFEST.csv").write_text("file,agency,year\na.html,某县人民政府,2023\n", "utf-8")
    (tmp_path / "a.html").write_text("<html><body>x</body></html>", "utf-8")
    assert [p.name for p in iter_report_files([tmp_path])] == ["a.html"]
    assert [p.name for p in iter_report_files([tmp_path / "MANIFEST.csv"])] == ["MANIFEST.csv"]
