"""OCR of whole pages: PDF pages without a usable text layer, and image files.

Pages are independent, so with ``XXGK_OCR_JOBS`` > 1 (``--jobs`` of a one-file
``xxgk extract``) they are read in worker processes, each of which reopens the
PDF from its bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pypdfium2 as pdfium

from ...workers import ordered_map
from ..pdf_page import PageContent
from .assemble import ocr_page
from .progress import page_done
from .render import Raster, decode_images, render_pdf_page


def ocr_jobs() -> int:
    try:
        return max(1, int(os.environ.get("XXGK_OCR_JOBS", "1")))
    except ValueError:
        return 1


def ocr_pdf_pages(data: bytes, numbers: list[int], source: str) -> dict[int, PageContent]:
    """The given (1-based) pages of a PDF, read by OCR."""
    return _each(_read_pdf_page, [(data, n) for n in numbers], source,
                 lambda args: args[1])


def ocr_rasters(rasters: list[Raster], source: str, first: int = 1) -> list[PageContent]:
    """Decoded images read by OCR, numbered from ``first``."""
    items = [(r, first + i) for i, r in enumerate(rasters)]
    return list(_each(_read_raster, items, source, lambda args: args[1]).values())


def ocr_image_bytes(images: list[bytes], source: str, first: int = 1) -> list[PageContent]:
    """Every frame of every image file, as pages numbered from ``first``."""
    rasters = [r for data in images for r in decode_images(data)]
    return ocr_rasters(rasters, source, first)


def _each(fn: Callable, items: list, source: str, number: Callable) -> dict[int, PageContent]:
    out: dict[int, PageContent] = {}
    for done, (item, page) in enumerate(zip(items, ordered_map(fn, items, jobs=ocr_jobs(), min_items=2)),
                                        start=1):
        out[number(item)] = page
        page_done(source, done, len(items))
    return out


def _read_pdf_page(args: tuple[bytes, int]) -> PageContent:
    data, number = args
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[number - 1]
        raster = render_pdf_page(page)
        page.close()
    finally:
        pdf.close()
    return ocr_page(raster, number)


def _read_raster(args: tuple[Raster, int]) -> PageContent:
    raster, number = args
    return ocr_page(raster, number)
