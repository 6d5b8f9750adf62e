"""File type from content, with the file name's extension only as a tie-breaker."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from .encoding import utf16_without_bom

_HTML_MARKERS = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|meta|div|p)[\s>/]", re.IGNORECASE)
# Markdown from a converter that prints tables as HTML (MinerU: '<html><body><table>' on a line):
# its first markup is a table, after text of its own, and nothing holds a page's head.
_EMBEDDED_TABLE = re.compile(rb"(?:<html[^>]*>\s*)?(?:<body[^>]*>\s*)?<table\b", re.IGNORECASE)
_PAGE_HEAD = re.compile(rb"<\s*(!doctype\s+html|head|meta|title)[\s>/]", re.IGNORECASE)
_STARTS_WITH_MARKUP = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<")
# Markdown's own syntax, which no page's markup holds: a pipe table's delimiter row, an image or a link.
_MARKDOWN_SYNTAX = re.compile(rb"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|[-:| \t]*$|!\[[^\]\n]*\]\(|\]\((?:https?:|/)", re.MULTILINE)
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_WORKBOOK_STREAM = "Workbook".encode("utf-16-le")  # an Excel 97 (or WPS 表格 .et) workbook's stream
_WORD_STREAM = "WordDocument".encode("utf-16-le")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Image formats a scanned report or a table image comes in (read by OCR).
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")


def sniff(data: bytes, hint: str | None = None) -> str | None:
    """Return one of html, pdf, docx, odt, xlsx, xls, csv, doc, wps, rtf, text, image, or None if unknown."""
    head = data[:2048]
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP") or _is_bmp(data):
        return "image"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        if _WORKBOOK_STREAM in data and _WORD_STREAM not in data:  # (stream names in the OLE2 directory)
            return "xls"
        return "wps" if hint == "wps" else "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                # OpenDocument text: a member 'mimetype' says so
                if "mimetype" not in names:
                    return None
                with zf.open("mimetype") as member:  # (a few bytes: never a whole member of a hostile zip)
                    odt = member.read(64).strip() == _ODT_MIMETYPE
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            return None
        return "odt" if odt else None
    utf16 = _utf16(head)
    if utf16:  # markup and text are judged on the decoded characters
        data = head = head[: len(head) - len(head) % 2].decode(utf16, "replace").encode("utf-8")
    elif b"\x00" in head:
        return None  # binary
    marker = _HTML_MARKERS.search(data[:65536])
    if marker:
        return "text" if _is_text_with_tables(data, marker.start()) else "html"
    if _is_text(head):
        return "csv" if _is_csv(data[:16384], hint) else "text"
    return None


def _is_text_with_tables(data: bytes, first_marker: int) -> bool:
    """Markdown that holds some of its page's markup, not a page (it has no head): its first markup
    is an HTML table, after text of its own (MinerU), or it prints markdown's own syntax among the
    markup (pandoc's HTML → markdown keeps what it has no markdown for: <div>s, <span>s, tables with
    merged cells)."""
    if _PAGE_HEAD.search(data[:65536]):
        return False
    return (_EMBEDDED_TABLE.match(data, first_marker) is not None and not _STARTS_WITH_MARKUP.match(data)) \
        or _MARKDOWN_SYNTAX.search(data, 0, 1 << 20) is not None


def _utf16(head: bytes) -> str | None:
    """The UTF-16 codec of a file with a byte-order mark or that reads as UTF-16 without one."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    return utf16_without_bom(head)


_CSV_LINES = 5  # lines at least, for a text to be a sheet's rows by its separators alone


def _is_csv(head: bytes, hint: str | None) -> bool:
    """A sheet saved as text: named .csv, or its rows (five or more, a quoted cell may hold line
    breaks) nearly all of one same number of cells (three or more) parted by commas or semicolons."""
    if hint == "csv":
        return True
    text = next((t for enc in ("utf-8", "gb18030") if (t := _decode_prefix(head, enc)) is not None), "")
    text = text[: text.rfind("\n") + 1]  # (the last line may be cut)
    for sep in ",;":
        if text.count(sep) < 2 * _CSV_LINES:
            continue
        try:
            counts = [len(row) for row in csv.reader(io.StringIO(text), delimiter=sep) if any(c.strip() for c in row)]
        except csv.Error:
            continue
        common = max(set(counts), key=counts.count) if counts else 0
        if len(counts) >= _CSV_LINES and common >= 3 and counts.count(common) >= 0.8 * len(counts):
            return True
    return False


def _is_bmp(data: bytes) -> bool:
    """'BM' and the file's own length: two letters alone could start a text file."""
    return data[:2] == b"BM" and len(data) > 26 and int.from_bytes(data[2:6], "little") == len(data)


def _is_text(head: bytes) -> bool:
    for enc in ("utf-8", "gb18030"):
        text = _decode_prefix(head, enc)
        if text is None:
            continue
        printable = sum(ch.isprintable() or ch.isspace() for ch in text)
        return printable >= 0.95 * max(1, len(text))
    return False


def _decode_prefix(head: bytes, enc: str) -> str | None:
    """Decode a prefix whose last multi-byte character may be cut (up to 3 bytes)."""
    for cut in range(4):
        try:
            return head[: len(head) - cut].decode(enc)
        except UnicodeDecodeError:
            continue
    return None
