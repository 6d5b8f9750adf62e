"""Readers for images: a standalone image file (JPG/PNG/TIFF …) as a report, and
the table images of an HTML page or a Word file added to its Document."""

from __future__ import annotations

from ...document import Block, Document, Position
from .mode import ocr_mode
from .pages import ocr_image_bytes
from .render import decode_images


def read_image(data: bytes, source: str) -> Document:
    """An image file: every frame a page, read by OCR (``needs_ocr`` with ``--ocr never``)."""
    from ..pdf import page_blocks

    doc = Document(source=source, file_type="image", meta={"pages": str(len(decode_images(data)))})
    if ocr_mode() == "never":
        doc.status, doc.ocr_reason, doc.images = "needs_ocr", "an image file (OCR is off)", [source]
        return doc
    pages = [p for p in ocr_image_bytes([data], source) if p.chars]
    if not pages:
        doc.status, doc.ocr_reason, doc.images = "needs_ocr", "OCR found no text in the image", [source]
        return doc
    doc.ocr_pages = [p.number for p in pages]
    doc.blocks, doc.warnings = page_blocks(pages)
    return doc


def add_image_tables(doc: Document, images: list[tuple[str, bytes]]) -> None:
    """Append what OCR reads in ``images`` ((name, bytes) in document order) to ``doc``,
    numbered as pages after any it has. An image that cannot be decoded is a warning."""
    from ..pdf import page_blocks

    first = max([b.pos.page_end or b.pos.page or 0 for b in doc.blocks] + [0]) + 1
    pages = []
    for name, data in images:
        try:
            read = ocr_image_bytes([data], doc.source, first + len(pages))
        except Exception as exc:  # noqa: BLE001 - a broken image is a warning, never a failed report
            doc.warnings.append(f"image {name}: not readable ({type(exc).__name__})")
            continue
        pages += [p for p in read if p.chars]
    # Each image on its own: two table images are two figures, never one table
    # continued on the next page (the pages of a scanned PDF or TIFF are).
    for page in pages:
        blocks, warnings = page_blocks([page])
        for block in blocks:
            doc.blocks.append(Block(block.kind, Position(len(doc.blocks), block.pos.page, block.pos.page_end),
                                    block.text, block.rows, block.confidence))
        doc.ocr_pages.append(page.number)
        doc.warnings += warnings
