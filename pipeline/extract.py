"""One file → one Extraction: read, map tables, metadata, sections, checks.

Never raises on bad input: a file that cannot be read becomes an Extraction
with status ``failed`` and a one-line error, so a batch goes on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .checks import run_checks
from .checks.ocr import flag_identity_breaks, flag_low_confidence
from .document import Document
from .errors import ReadError
from .metadata import published_date, report_identity
from .read import MAX_BYTES, load_file, read_bytes
from .read.ocr import ocr_mode
from .read.ocr.image_sources import ImageSource, default_source
from .result import Extraction
from .salvage import salvage
from .sections import split_sections
from .stats import apply_pre2019
from .tables import map_tables

# (A .csv is read when named, never picked from a folder: a folder's CSV is a manifest or an index
# far more often than a report.)
REPORT_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".pdf", ".docx", ".doc", ".wps", ".rtf", ".odt",
                   ".xlsx", ".xls", ".et", ".txt", ".md", ".text", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}


def extract_document(doc: Document, *, file: str, sha256: str | None = None,
                     images: ImageSource | None = None) -> Extraction:
    """``images`` gives the bytes of the images ``doc`` lists (HTML ``<img>``, DOCX pictures),
    read by OCR when the text lacks tables (``--ocr auto``) or always (``--ocr always``)."""
    # Each stage runs guarded: a part that fails is a loss named in the problems,
    # the rest is still extracted and the status is ``partial``.
    losses = list(doc.losses)
    mapped = salvage(losses, "table images (OCR)", _tables_with_images, doc, images, losses, default=None)
    agency, year, identity_notes = salvage(losses, "title", report_identity, doc, default=(None, None, []))
    ex = Extraction(file=file, status="ok", file_type=doc.file_type, sha256=sha256, agency=agency, year=year,
                    images=list(doc.images), read_by=doc.read_by)
    ex.published_date = salvage(losses, "publication date", published_date, doc, year, default=None)
    ex.sections = salvage(losses, "sections", split_sections, doc, default={})
    if doc.status == "needs_ocr":
        ex.status, ex.error = "needs_ocr", doc.ocr_reason or "no usable text layer"
        ex.problems = identity_notes + list(doc.warnings) + losses
        return ex
    ex.tables, problems = mapped or map_tables(doc, year=year, losses=losses)
    problems += flag_low_confidence(ex.tables)
    ex.checks = run_checks(ex.tables, losses)
    problems += flag_identity_breaks(ex.tables, ex.checks)
    ex.problems = identity_notes + list(doc.warnings) + losses + problems
    n = len(ex.tables)
    if n == 3 and not losses:
        ex.status = "ok"
    elif n:
        ex.status = "partial"
        why = []
        if n < 3:
            why.append("tables not found: " + ", ".join(t for t in ("table2", "table3", "table4")
                                                         if t not in ex.tables))
        if losses:
            why.append(f"{len(losses)} part(s) not read, first: {losses[0]}")
        ex.error = "; ".join(why)
    elif apply_pre2019(ex, doc):
        pass  # format pre2019: statistics table and/or sentences (status set there)
    elif doc.images:
        ex.status, ex.error = "needs_ocr", f"no statistical tables in the text; {len(doc.images)} image(s) may hold them"
    elif refused := _numbers_refused(doc):
        # The tables are there, but no row's numbers could be placed (a text dump where every
        # row is in doubt): not the same as a document without them, and never read as blanks.
        ex.status, ex.error = "failed", (f"readable, but none of the statistical tables 2–4 was read: {refused} "
                                         "rows of numbers could not be placed (named in problems)")
    else:
        ex.status, ex.error = "failed", "readable, but none of the statistical tables 2–4 was found"
        if losses:
            ex.error += f"; {len(losses)} part(s) not read, first: {losses[0]}"
    return ex


def _tables_with_images(doc: Document, images: ImageSource | None, losses: list[str]):
    """Tables mapped after the document's images were read by OCR, when that is called for;
    the text's own mapping when ``auto`` needed it and no image could be read (it is not
    mapped twice); None when OCR is not called for (no images, OCR off)."""
    mode = ocr_mode()
    if images is None or not doc.images or mode == "never" or doc.status == "needs_ocr":
        return None
    year = report_identity(doc)[1]
    probe: list[str] = []  # the text mapping's losses count only if that mapping is the one used
    text_mapping = map_tables(doc, year=year, losses=probe) if mode == "auto" else None
    if text_mapping is not None and len(text_mapping[0]) == 3 and not probe:
        return text_mapping
    fetched = [(name, data) for name in doc.images if (data := images(name))]
    if not fetched:
        losses += probe
        return text_mapping
    from .read.ocr.reader import add_image_tables

    add_image_tables(doc, fetched)
    return map_tables(doc, year=year, losses=losses)


def extract_bytes(data: bytes, source: str, *, hint: str | None = None, max_bytes: int = MAX_BYTES,
                  images: ImageSource | None = None) -> Extraction:
    """``images`` looks up the images a page lists (the crawler's archive); by default
    a DOCX's own pictures and the files beside a local HTML page."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        doc = read_bytes(data, source, hint=hint, max_bytes=max_bytes)
    except ReadError as exc:
        return Extraction(file=source, status="failed", error=exc.problem, sha256=sha)
    if images is None and doc.images:  # (a page without images needs no lookup: it costs a realpath)
        images = default_source(doc.file_type, data, source)
    return extract_document(doc, file=source, sha256=sha, images=images)


def extract_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Extraction:
    try:
        data = load_file(path, max_bytes=max_bytes)
    except ReadError as exc:
        return Extraction(file=str(path), status="failed", error=exc.problem)
    return extract_bytes(data, str(path), hint=Path(path).suffix.lower().lstrip("."), max_bytes=max_bytes)


def lost_extraction(file: str | Path, exc: BaseException) -> Extraction:
    """The result for a file whose extraction never came back: its worker died (again, when
    retried), its time ran out, or the extractor raised."""
    from .workers import ItemLost

    error = exc.describe(str(file)) if isinstance(exc, ItemLost) else \
        f"extraction failed on {file}: {type(exc).__name__}: {exc}"
    return Extraction(file=str(file), status="failed", error=error.splitlines()[0])


def iter_report_files(paths: list[str | Path]) -> list[Path]:
    """Files named on the command line as given; directories walked for report files."""
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(p)
    return out


def _numbers_refused(doc: Document) -> int:
    """How many rows of numbers the reader named as not read (a doubt it would not settle)."""
    return sum(1 for w in doc.warnings if w.endswith(("not read", "not used")))

