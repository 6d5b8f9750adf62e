"""OCR: page images → the same ``PageContent`` (glyphs + ruling lines) the PDF text layer gives.

Structure comes before text: a page image is deskewed (``deskew``), its ruling
lines are found with morphology (``rules``) and become the edges the PDF table
code already turns into grids with merged cells; text lines are cut out by ink
projection inside every cell and between the tables (``segment``), and only
those small line images go to a recognition engine (``engines``). ``assemble``
turns the recognised lines back into positioned glyphs carrying their
confidence, so the paragraph builder, the ruled and the text-aligned
(borderless) table finders and the page-break merge all run unchanged.
Nothing is downloaded: the engines' models ship in their packages.
"""

from __future__ import annotations

from .mode import OCR_MODES, OcrMode, ocr_mode, use_ocr_mode

__all__ = ["OCR_MODES", "OcrMode", "ocr_mode", "use_ocr_mode"]
