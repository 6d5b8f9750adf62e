"""Test-time producers: the programs real reports are printed or saved with.

Agencies publish a report page, then print it from a browser or save it from
a word processor; the PDF or Word file is what gets archived. These helpers
make those derived files from a source file, so a test can check that every
cell survives each producer:

- headless Chromium's print (A4 or Letter, default margins or none, with or
  without the date/title/URL header and footer), over the DevTools protocol
  on a pipe (no port, one browser for every page);
- LibreOffice Writer: HTML → DOCX, HTML → DOC, HTML → PDF and DOCX → PDF,
  several files per soffice call, each call with a private profile;
- wkhtmltopdf (Qt WebKit), the engine behind many CMSs' "PDF version" links;
- Ghostscript: a PDF re-written as a PDF printer or compressor does;
- cairo (poppler's pdftocairo): a PDF printed to a PDF file from a Linux print
  dialog, CUPS or a cairo-based viewer.
- pandoc: a Word file or a page converted to markdown (gfm, whose tables with
  merged cells stay HTML; pandoc's own, with grid and multiline tables; from a
  page, the markup it has no markdown for kept as it is);
- w3m: a page dumped as text, its tables drawn with box-drawing characters;
- lynx: a page dumped as text, each cell of a table a paragraph of its own;
- LibreOffice Calc: a page imported into a workbook (.xlsx, .xls), or saved as CSV.
- html2text: a page as markdown, its tables GFM tables without outer pipes;
- html-text (Scrapy's): a page's text, a blank line after every element;
- docx2txt: a Word file's text, a blank line after every paragraph and cell;
- inscriptis: a page's text with its tables laid out in columns;
- BeautifulSoup's ``get_text("\n")``: a page's strings a line each;
- pypdf: a PDF's text (``extract_text``, plain or laid out), as LangChain's
  PyPDFLoader and most Python scripts take it;
- markitdown: a page or a Word file as markdown (markdownify: a cell spanning
  rows printed in its first row only, one spanning columns as itself and blanks).

Nothing here reaches the network: Chromium resolves no host name, and the
files are opened from the local disk.
"""

from __future__ import annotations

import ctypes
import fcntl
import io
import json
import os
import select
import shutil
import subprocess
import tempfile
from base64 import b64decode
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from pypdfium2 import raw

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WKHTMLTOPDF = shutil.which("wkhtmltopdf")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TIMEOUT = 300  # seconds for one batch conversion
_PAGE_TIMEOUT = 120  # seconds Chromium may take to answer one DevTools call

# Paper sizes in inches, as Chromium's Page.printToPDF takes them.
PAPER = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
_CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                   "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                   "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-pipe"]


@dataclass(frozen=True, slots=True)
class ChromiumPrint:
    """One way to print a page from Chromium."""

    paper: str  # a key of PAPER
    margins: bool  # Chromium's default margins (0.4 in), or none
    header_footer: bool  # the date/title header and URL/page-number footer
    scale: float = 1.0  # the print dialog's "Scale" (Page.printToPDF's 0.1-2)

    @property
    def name(self) -> str:
        return (f"chromium-{self.paper}-{'margins' if self.margins else 'nomargins'}"
                f"-{'headerfooter' if self.header_footer else 'plain'}"
                + (f"-scale{self.scale:g}" if self.scale != 1.0 else ""))

    def params(self) -> dict:
        width, height = PAPER[self.paper]
        margin = 0.4 if self.margins else 0.0
        return {"paperWidth": width, "paperHeight": height, "marginTop": margin, "marginBottom": margin,
                "marginLeft": margin, "marginRight": margin, "displayHeaderFooter": self.header_footer,
                "printBackground": False, "scale": self.scale}


CHROMIUM_PRINTS = [ChromiumPrint(p, m, hf) for p in PAPER for m in (True, False) for hf in (True, False)]


class _Chromium:
    """Headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, profile: Path):
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # The child's ends are moved above fd 9, so that they are not 3 or 4 themselves.
        to_child_r, from_child_w = (_above_nine(fd) for fd in (to_child_r, from_child_w))

        # Chromium reads its DevTools pipe on fd 3 and writes on fd 4: the
        # shell (bash: dash takes single-digit fds only) puts the pipe ends there and becomes Chromium.
        wire = f'exec "$0" "$@" 3<&{to_child_r} 4>&{from_child_w} {to_child_r}<&- {from_child_w}>&-'
        self.proc = subprocess.Popen(["bash", "-c", wire, CHROMIUM, *_CHROMIUM_FLAGS,
                                      f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, pass_fds=(to_child_r, from_child_w),
                                     start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def call(self, method: str, session: bool = False, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def wait_for(self, event: str) -> None:
        while self._receive().get("method") != event:
            pass

    def _receive(self) -> dict:
        while b"\0" not in self._buffer:
            if not select.select([self._from_child], [], [], _PAGE_TIMEOUT)[0]:
                raise RuntimeError(f"chromium sent nothing for {_PAGE_TIMEOUT} s")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def print_pdf(self, source: Path, how: ChromiumPrint) -> bytes:
        self.call("Page.navigate", session=True, url=source.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        return b64decode(self.call("Page.printToPDF", session=True, **how.params())["data"])

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


def chromium_print(sources: list[Path], out_dir: Path, prints: list[ChromiumPrint] = CHROMIUM_PRINTS
                   ) -> dict[tuple[str, str], Path]:
    """Print every source every way; returns {(source stem, print name): PDF path}."""
    out: dict[tuple[str, str], Path] = {}
    with tempfile.TemporaryDirectory(prefix="xxgk-chromium-") as profile:
        browser = _Chromium(Path(profile))
        try:
            for source in sources:
                for how in prints:
                    path = out_dir / f"{source.stem}.{how.name}.pdf"
                    path.write_bytes(browser.print_pdf(source, how))
                    out[source.stem, how.name] = path
        finally:
            browser.close()
    return out


def print_html(pages: dict[str, bytes | str], out_dir: Path, how: ChromiumPrint) -> dict[str, Path]:
    """Each page (stem → HTML) written to ``out_dir`` and printed one way: {stem: PDF path}."""
    sources = []
    for stem, html in pages.items():
        source = out_dir / f"{stem}.htm"
        source.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
        sources.append(source)
    return {stem: path for (stem, _), path in chromium_print(sources, out_dir, [how]).items()}


# --- wkhtmltopdf ------------------------------------------------------------

WKHTMLTOPDF_PRINT = "wkhtmltopdf"


def wkhtmltopdf_print(sources: list[Path], out_dir: Path) -> dict[tuple[str, str], Path]:
    """Each source printed by wkhtmltopdf (A4, its default margins); {(stem, 'wkhtmltopdf'): PDF}."""
    out = {}
    for source in sources:
        path = out_dir / f"{source.stem}.{WKHTMLTOPDF_PRINT}.pdf"
        subprocess.run([WKHTMLTOPDF, "--quiet", "--encoding", "utf-8", "--page-size", "A4", str(source), str(path)],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT, check=False,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if path.is_file() and path.stat().st_size:
            out[source.stem, WKHTMLTOPDF_PRINT] = path
    return out


# --- LibreOffice Writer -----------------------------------------------------

@dataclass(frozen=True, slots=True)
class WriterSave:
    """One LibreOffice conversion (Writer, or Calc for a workbook): what it reads and what it writes."""

    name: str
    from_suffix: str  # the source files it takes
    to_suffix: str
    convert_to: str  # soffice --convert-to argument
    infilter: str | None = None  # import filter forced on the sources


# HTML opens in Writer/Web unless the Writer HTML import filter is forced; only
# Writer saves to Word formats and paginates like a word processor.
HTML_TO_DOCX = WriterSave("writer-html-docx", ".htm", ".docx", "docx:MS Word 2007 XML", "HTML (StarWriter)")
HTML_TO_DOC = WriterSave("writer-html-doc", ".htm", ".doc", "doc:MS Word 97", "HTML (StarWriter)")
HTML_TO_ODT = WriterSave("writer-html-odt", ".htm", ".odt", "odt:writer8", "HTML (StarWriter)")
# LibreOffice Calc's import of a page: its text a cell a paragraph, its tables cells with merged ranges.
HTML_TO_XLSX = WriterSave("calc-html-xlsx", ".htm", ".xlsx", "xlsx:Calc MS Excel 2007 XML", "HTML (StarCalc)")
HTML_TO_XLS = WriterSave("calc-html-xls", ".htm", ".xls", "xls:MS Excel 97", "HTML (StarCalc)")
# (comma-separated, text in double quotes, UTF-8 (76), from the first line)
HTML_TO_CSV = WriterSave("calc-html-csv", ".htm", ".csv", "csv:Text - txt - csv (StarCalc):44,34,76,1", "HTML (StarCalc)")
HTML_TO_PDF = WriterSave("writer-html-pdf", ".htm", ".pdf", "pdf:writer_pdf_Export", "HTML (StarWriter)")
DOCX_TO_PDF = WriterSave("writer-docx-pdf", ".docx", ".pdf", "pdf:writer_pdf_Export")


def writer_convert(sources: list[Path], out_dir: Path, how: WriterSave) -> dict[str, Path]:
    """Convert every source in one soffice call; returns {source stem: output path}.

    Each source is copied under its stem into a private folder first, so
    outputs of different conversions never collide."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="xxgk-writer-") as tmp:
        work = Path(tmp)
        inputs = []
        for source in sources:
            copy = work / "in" / f"{source.stem.split('.')[0]}{how.from_suffix}"
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, copy)
            inputs.append(copy)
        target = out_dir / how.name
        target.mkdir(parents=True, exist_ok=True)
        command = [SOFFICE, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}"]
        if how.infilter:
            command.append(f"--infilter={how.infilter}")
        command += ["--convert-to", how.convert_to, "--outdir", str(target), *map(str, inputs)]
        subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT, check=False,
                       start_new_session=True)
    out = {}
    for source in sources:
        stem = source.stem.split(".")[0]
        path = target / f"{stem}{how.to_suffix}"
        if path.is_file() and path.stat().st_size:
            out[stem] = path
    return out


def derive_all(html: list[Path], out_dir: Path, prints: list[ChromiumPrint] = CHROMIUM_PRINTS,
               saves: tuple[WriterSave, ...] = (HTML_TO_DOCX, HTML_TO_DOC, HTML_TO_PDF),
               docx_to_pdf: bool = True, wkhtmltopdf: bool = True) -> dict[tuple[str, str], Path]:
    """Producers applied to every HTML page: {(page stem, producer name): file}.

    Chromium prints and the Writer conversions from HTML run in parallel
    (each is its own process); DOCX → PDF runs on Writer's DOCX.
    """
    out: dict[tuple[str, str], Path] = {}
    with ThreadPoolExecutor(max_workers=len(saves) + 2) as pool:
        printing = pool.submit(chromium_print, html, out_dir, prints) if CHROMIUM and prints else None
        jobs = {how: pool.submit(writer_convert, html, out_dir, how) for how in saves} if SOFFICE else {}
        webkit = pool.submit(wkhtmltopdf_print, html, out_dir) if WKHTMLTOPDF and wkhtmltopdf else None
        for how, job in jobs.items():
            out.update({(stem, how.name): path for stem, path in job.result().items()})
        if printing is not None:
            out.update(printing.result())
        if webkit is not None:
            out.update(webkit.result())
    docx = [path for (_, name), path in out.items() if name == HTML_TO_DOCX.name]
    if docx and docx_to_pdf:
        out.update({(stem, DOCX_TO_PDF.name): path
                    for stem, path in writer_convert(docx, out_dir, DOCX_TO_PDF).items()})
    return out


# --- pandoc ---------------------------------------------------------------------
PANDOC = shutil.which("pandoc")


def pandoc(source: Path | bytes, to: str, source_format: str = "docx") -> bytes:
    """``source`` (a file's path, or its bytes) converted by pandoc from ``source_format`` to the
    markdown flavour ``to`` (gfm, commonmark_x, markdown, plain)."""
    if PANDOC is None:
        raise RuntimeError("pandoc is not installed")
    given = isinstance(source, bytes)
    return subprocess.run([PANDOC, "-f", source_format, "-t", to] + ([] if given else [str(source)]),
                          input=source if given else None, capture_output=True, check=True, timeout=TIMEOUT).stdout


def pandoc_html(page: bytes, to: str) -> bytes:
    """A page converted by pandoc to ``to``, given to it in UTF-8 (pandoc reads no meta charset)."""
    return pandoc(_page_text(page).encode("utf-8"), to, "html")


def pandoc_page(derived: dict[tuple[str, str], Path], document: str, to: str) -> bytes:
    """A real page (its ``document`` path) saved as DOCX by Writer (in ``derived``), converted by
    pandoc to ``to``."""
    return pandoc(derived[Path(document).stem, HTML_TO_DOCX.name], to)


W3M = shutil.which("w3m")


def w3m_dump(page: bytes, columns: int) -> bytes:
    """A page as w3m prints it to text (``w3m -dump``) in a terminal ``columns`` wide."""
    if W3M is None:
        raise RuntimeError("w3m is not installed")
    return subprocess.run([W3M, "-dump", "-T", "text/html", "-cols", str(columns), "-O", "UTF-8"], input=page,
                          capture_output=True, check=True, timeout=TIMEOUT).stdout


LYNX = shutil.which("lynx")


def lynx_dump(page: bytes, width: int, links: bool = True) -> bytes:
    """A page as ``lynx -dump`` prints it ``width`` columns wide (``links``: with its list of
    links at the end, as by default)."""
    if LYNX is None:
        raise RuntimeError("lynx is not installed")
    with tempfile.TemporaryDirectory(prefix="xxgk-lynx-") as tmp:
        path = Path(tmp) / "page.html"
        path.write_bytes(page)
        command = [LYNX, "-dump", f"-width={width}", "-display_charset=utf-8"]
        return subprocess.run(command + ([] if links else ["-nolist"]) + [str(path)], capture_output=True,
                              check=True, timeout=TIMEOUT).stdout


def _page_text(page: bytes) -> str:
    """The page decoded as a browser would (its meta charset): what a Python extractor is given."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(page, "lxml").decode()


def html2text_dump(page: bytes, width: int) -> bytes:
    """A page as html2text prints it to markdown, its prose wrapped at ``width`` (0: unwrapped)."""
    import html2text

    converter = html2text.HTML2Text()
    converter.body_width = width
    return converter.handle(_page_text(page)).encode("utf-8")


def html_text_dump(page: bytes) -> bytes:
    """A page's text as html-text (Scrapy's extractor) prints it: a blank line after every block
    and table cell, a space between inline elements ('18 218' for <span>18</span><span>218</span>)."""
    import html_text

    return html_text.extract_text(_page_text(page)).encode("utf-8")


def pypdf_text(pdf: Path, layout: bool = False) -> bytes:
    """A PDF's text as pypdf extracts it, page after page: plain (its ligatures kept, 'ﬁle:'), or
    laid out in columns (``extraction_mode="layout"``)."""
    import pypdf

    mode = {"extraction_mode": "layout"} if layout else {}
    return "\n".join(page.extract_text(**mode) or "" for page in pypdf.PdfReader(pdf).pages).encode("utf-8")


def soup_text(page: bytes) -> bytes:
    """A page's text as ``BeautifulSoup(page).get_text("\n")`` gives it: every string of the page
    on a line of its own (a number set in two elements on two lines: '2' / '0')."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(page, "lxml").get_text("\n").encode("utf-8")


def inscriptis_dump(page: bytes) -> bytes:
    """A page's text as inscriptis prints it: tables laid out in columns as a browser shows them,
    a space between inline elements."""
    import inscriptis

    return inscriptis.get_text(_page_text(page)).encode("utf-8")


def docx2txt_dump(docx: bytes) -> bytes:
    """A Word file's text as docx2txt prints it: each paragraph and each table cell a paragraph,
    a blank line after each (a blank cell prints as an empty one)."""
    import docx2txt

    return docx2txt.process(io.BytesIO(docx)).encode("utf-8")


def markitdown_file(data: bytes, suffix: str) -> bytes:
    """A page (``suffix`` '.html') or a Word file ('.docx') as markitdown converts it to markdown."""
    from markitdown import MarkItDown

    with tempfile.TemporaryDirectory(prefix="xxgk-markitdown-") as tmp:
        path = Path(tmp) / f"source{suffix}"
        path.write_bytes(data)
        return MarkItDown().convert(str(path)).text_content.encode("utf-8")


# --- Ghostscript ----------------------------------------------------------------
# A PDF printer (CUPS, Adobe's Distiller) or a PDF "compressor" re-writes a PDF
# through PostScript: the fonts are re-encoded, and their Unicode maps may point
# at Latin-1 letters or nowhere ('行政许ÿ', or a page of 'Öˆ…ûä'); asked for
# "text as graphics", it leaves no text at all, only the glyphs' outlines.

GS = shutil.which("gs")
PDFTOPS = shutil.which("pdftops")


@dataclass(frozen=True, slots=True)
class GhostscriptRewrite:
    """One way a PDF goes through Ghostscript: straight (pdfwrite) or printed to PostScript first."""

    name: str
    via_postscript: bool
    outlines: bool = False  # text converted to outlines ("text as graphics"): no text layer left

    def convert(self, source: Path, out: Path) -> Path:
        if GS is None or (self.via_postscript and PDFTOPS is None):
            raise RuntimeError("Ghostscript (gs) and poppler's pdftops are needed")
        with tempfile.TemporaryDirectory(prefix="xxgk-gs-") as tmp:
            given = source
            if self.via_postscript:
                given = Path(tmp) / "printed.ps"
                subprocess.run([PDFTOPS, str(source), str(given)], check=True, capture_output=True, timeout=TIMEOUT)
            subprocess.run([GS, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                            *(["-dNoOutputFonts"] if self.outlines else []),
                            f"-sOutputFile={out}", str(given)], check=True, capture_output=True, timeout=TIMEOUT)
        return out


GS_PDFWRITE = GhostscriptRewrite("gs-pdfwrite", False)
PS2PDF = GhostscriptRewrite("pdftops-ps2pdf", True)
GS_OUTLINES = GhostscriptRewrite("gs-text-as-outlines", False, outlines=True)


# --- cairo --------------------------------------------------------------------
# Linux print dialogs, CUPS's PDF printer and cairo-based viewers re-draw a PDF
# through cairo, as pdftocairo does. Text set bold by stroking its glyphs (Word
# and WPS with a face that has no bold, e.g. 宋体) comes back as the text plus
# every glyph's outline stroked as a path.

PDFTOCAIRO = shutil.which("pdftocairo")


def cairo_print(source: Path, out: Path) -> Path:
    if PDFTOCAIRO is None:
        raise RuntimeError("poppler's pdftocairo is needed")
    subprocess.run([PDFTOCAIRO, "-pdf", str(source), str(out)], check=True, capture_output=True, timeout=TIMEOUT)
    return out


def stroke_bold(data: bytes, every: int, width: float) -> bytes:
    """Set every ``every``-th text object of each page bold the way Word and WPS
    fake a bold face: filled and stroked (text render mode 2) with a ``width`` pt pen."""
    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            texts = [obj for i in range(raw.FPDFPage_CountObjects(page.raw))
                     if raw.FPDFPageObj_GetType(obj := raw.FPDFPage_GetObject(page.raw, i)) == raw.FPDF_PAGEOBJ_TEXT]
            for obj in texts[every - 1::every]:
                raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_FILL_STROKE)
                raw.FPDFPageObj_SetStrokeWidth(obj, ctypes.c_float(width))
                raw.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
            raw.FPDFPage_GenerateContent(page.raw)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()
