"""PDF reader: paragraphs, headings and tables in reading order.

The fast path: pypdfium2 reads each page's glyphs, ruling lines and images
(~5 ms a page, see ``pdf_page``); pdfplumber's table geometry runs on those
ruling lines only where a page has some, so pdfminer never parses a page.
Tables drawn without lines are found from aligned text columns, a table that
runs onto the next page becomes one block, and pages without a usable text
layer are read by OCR (``read.ocr``; with ``--ocr never`` they make the
document ``needs_ocr``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from ..document import Block, Document, Position
from ..errors import ReadError
from .ocr import ocr_mode
from .ocr.pages import ocr_pdf_pages
from .pdf_layout import Line
from .pdf_page import PageContent, read_page
from .pdf_paragraphs import BodyStyle, ParagraphBuilder, TextBlock, is_page_number, running_lines
from .pdf_quality import PageVerdict, judge
from .pdf_tables import PageTable, aligned_tables, continues, merge, page_table_lines, ruled_tables
from .pdf_unruled import PlacedLine, TextTable, read_by_ocr, read_run

_META_KEYS = {"Title": "title", "Author": "author", "Subject": "subject", "Keywords": "keywords",
              "Creator": "creator", "Producer": "producer", "CreationDate": "created",
              "ModDate": "modified"}
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def read(data: bytes, source: str) -> Document:
    """Read a PDF into a Document (see the module docstring)."""
    pdf = _open(data, source)
    page_problems: list[str] = []
    try:
        meta = _meta(pdf)
        pages = [page for i in range(len(pdf)) if (page := _read_page(pdf, i, page_problems)) is not None]
    finally:
        pdf.close()
    if not pages:
        raise ReadError(source, f"unreadable PDF: {page_problems[0]}")
    doc = Document(source=source, file_type="pdf", meta=meta, warnings=page_problems)
    verdicts = [judge(page) for page in pages]
    _read_by_ocr(data, source, doc, pages, verdicts)
    _set_ocr_status(doc, verdicts)
    usable = [page for page, verdict in zip(pages, verdicts) if verdict.usable]
    doc.blocks, warnings = page_blocks(usable)
    doc.warnings.extend(warnings)
    return doc


def _read_page(pdf: pdfium.PdfDocument, index: int, problems: list[str]) -> PageContent | None:
    """One page's content; a page pdfium cannot take apart is left out and named."""
    try:
        return read_page(pdf[index], index + 1)
    except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
        problems.append(f"page {index + 1}: not read ({_reason(exc)})")
        return None


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _read_by_ocr(data: bytes, source: str, doc: Document, pages: list[PageContent],
                 verdicts: list[PageVerdict]) -> None:
    """Replace the pages without a usable text layer (every page with ``--ocr always``)
    by their OCR reading; a page where OCR finds no text stays unusable."""
    mode = ocr_mode()
    if mode == "never":
        return
    numbers = [v.number for v in verdicts if mode == "always" or not v.usable]
    if not numbers:
        return
    for number, page in ocr_pdf_pages(data, numbers, source).items():
        if not any(not c.text.isspace() for c in page.chars):
            continue
        at = next(i for i, v in enumerate(verdicts) if v.number == number)  # unreadable pages are left out
        was = verdicts[at]
        pages[at] = page
        verdicts[at] = PageVerdict(number, True)
        doc.ocr_pages.append(number)
        if not was.usable:
            doc.warnings.append(f"page {number}: read by OCR ({was.reason})")


def _open(data: bytes, source: str) -> pdfium.PdfDocument:
    # pdfium repairs a cut-off file silently and shows the pages it could
    # salvage; a report missing its end would then look complete.
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\x0c ")[-2048:]:
        raise ReadError(source, "truncated PDF (no %%EOF marker at the end)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        problem = str(exc).splitlines()[0] if str(exc) else "unreadable"
        if "password" in problem.lower():
            raise ReadError(source, "encrypted PDF (needs a password)") from exc
        raise ReadError(source, f"not a readable PDF: {problem}") from exc
    if len(pdf) == 0:
        pdf.close()
        raise ReadError(source, "PDF has no pages")
    return pdf


def _meta(pdf: pdfium.PdfDocument) -> dict[str, str]:
    meta = {"pages": str(len(pdf))}
    for key, value in pdf.get_metadata_dict(skip_empty=True).items():
        name = _META_KEYS.get(key)
        if name is None:
            continue
        value = value.strip()
        if name in ("created", "modified"):
            value = _iso_date(value)
        if value:
            meta[name] = value
    return meta


def _iso_date(value: str) -> str:
    """'D:20250225100250+08'00'' → '2025-02-25T10:02:50' (timezone dropped)."""
    m = _PDF_DATE.match(value)
    if not m:
        return value
    y, mo, d, h, mi, s = (g or dflt for g, dflt in zip(m.groups(), ("", "01", "01", "00", "00", "00")))
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}"


def _set_ocr_status(doc: Document, verdicts: list[PageVerdict]) -> None:
    """needs_ocr when most pages with content have no usable text layer;
    otherwise image-only pages are listed (they may hold a table) and warned about."""
    bad = [v for v in verdicts if not v.usable]
    if not bad:
        return
    doc.images = [f"page:{v.number}" for v in bad if v.scanned]
    for v in bad:
        doc.warnings.append(f"page {v.number}: {v.reason}")
    if len(bad) * 2 >= len(verdicts):
        doc.status = "needs_ocr"
        reasons = sorted({v.reason for v in bad})
        doc.ocr_reason = f"{len(bad)} of {len(verdicts)} pages have no usable text layer: " + "; ".join(reasons)


# Above this many ruling segments a page is a drawing (a chart, a map), and
# finding the intersections of its lines would take seconds.
_MAX_EDGES = 3000


@dataclass(slots=True)
class _PageItems:
    """A page's lines and tables in reading order."""

    page: int
    height: float
    items: list[Line | PageTable]
    warnings: list[str]

    @property
    def lines(self) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line)]


def _ruled_items(page: PageContent) -> _PageItems:
    """The page's ruled tables and the lines outside them. Table geometry that
    fails on a page leaves its text as lines and a warning naming the page:
    the rest is still read."""
    warnings: list[str] = []
    tables: list[PageTable] = []
    if len(page.edges) > _MAX_EDGES:
        warnings.append(f"page {page.number}: {len(page.edges)} line segments, ruled tables not searched")
    else:
        try:
            tables = ruled_tables(page.edges, page.chars, page.number, warnings)
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {page.number}: ruled tables not read ({_reason(exc)})")
    lines = [ln for ln in page_table_lines(page.chars, tables) if not is_page_number(ln, page.height)]
    return _PageItems(page.number, page.height, [*lines, *tables], warnings)


def _top(item: Line | PageTable | TextTable) -> float:
    return item.bbox[1] if isinstance(item, PageTable) else item.top


def _add_unruled_tables(pages: list[_PageItems]) -> None:
    """Find the tables set without rules among the lines, in runs that go on
    across page breaks and end at a ruled table (``pdf_unruled``); each table
    goes where its first line was."""
    runs: list[list[PlacedLine]] = [[]]
    for page in pages:
        page.items.sort(key=_top)
        for item in page.items:
            if isinstance(item, Line):
                runs[-1].append(PlacedLine(page.page, item))
            elif runs[-1]:
                runs.append([])
    by_page = {page.page: page for page in pages}
    for run in runs:
        if not run:
            continue
        first = by_page[run[0].page]
        try:
            tables, rest = _unruled_in_run(run, first.warnings)
        except Exception as exc:  # noqa: BLE001 - the lines stay text, the rest is still read
            first.warnings.append(f"page {first.page}: tables without rules not read ({_reason(exc)})")
            continue
        kept = {id(p.line) for p in rest}
        gone = {id(p.line) for p in run} - kept
        for number in {p.page for p in run}:
            by_page[number].items = [i for i in by_page[number].items if id(i) not in gone]
        for table in tables:
            by_page[table.page].items.append(table)
    for page in pages:
        page.items.sort(key=_top)


def _unruled_in_run(run: list[PlacedLine], warnings: list[str]
                    ) -> tuple[list[PageTable | TextTable], list[PlacedLine]]:
    if not read_by_ocr(run):
        return read_run(run, warnings)
    tables: list[PageTable | TextTable] = []
    rest: list[PlacedLine] = []
    for number, group in itertools.groupby(run, key=lambda p: p.page):
        placed = list(group)
        found, lines = aligned_tables([p.line for p in placed], number)
        tables += found
        kept = {id(line) for line in lines}
        rest += [p for p in placed if id(p.line) in kept]
    return tables, rest


def page_blocks(pages: list[PageContent]) -> tuple[list[Block], list[str]]:
    """Blocks in reading order from pages read from a text layer or by OCR."""
    per_page = [_ruled_items(page) for page in pages]
    # Running headers and footers go first: a browser's 'date  title' and
    # 'URL  n/m' lines would otherwise look like rows of a table without rules.
    running = running_lines([(page.height, page.lines) for page in per_page])
    for page in per_page:
        page.items = [i for i in page.items if id(i) not in running]
    _add_unruled_tables(per_page)
    style = BodyStyle.of([p.lines for p in per_page])
    builder = ParagraphBuilder(style)
    ordered: list[TextBlock | PageTable | TextTable] = []
    warnings = [w for p in per_page for w in p.warnings]
    for page in per_page:
        for n, item in enumerate(page.items):
            if isinstance(item, TextTable):
                builder.interrupt()
                ordered.append(item)
            elif isinstance(item, PageTable):
                builder.interrupt()
                last = ordered[-1] if ordered else None
                if n == 0 and isinstance(last, PageTable) and continues(last, item):
                    try:
                        ordered[-1], seam_warnings = merge(last, item)
                        warnings.extend(seam_warnings)
                        continue
                    except Exception as exc:  # noqa: BLE001
                        warnings.append(f"pages {last.page_end}-{item.page}: table not joined across the "
                                        f"page break ({_reason(exc)})")
                ordered.append(item)
            else:
                started = builder.add(item, page.page)
                if started is not None:
                    ordered.append(started)
    blocks = []
    for index, item in enumerate(ordered):
        pos = Position(index, item.page, item.page_end)
        if isinstance(item, PageTable | TextTable):
            try:
                blocks.append(Block("table", pos, rows=item.grid(), confidence=item.confidence_grid(),
                                    copies=item.copies_grid()))
            except Exception as exc:  # noqa: BLE001
                warnings.append(f"page {item.page}: table {_table_number(ordered, index)} not read "
                                f"({_reason(exc)})")
        else:
            blocks.append(Block(item.kind, pos, text=item.text))  # type: ignore[arg-type]
    return blocks, warnings


def _table_number(ordered: list, index: int) -> int:
    """1-based number of the table at ``index`` among the tables on its page."""
    page = ordered[index].page
    return sum(isinstance(item, PageTable | TextTable) and item.page == page for item in ordered[:index + 1])
