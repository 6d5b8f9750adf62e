"""Page images as grey-level arrays with their resolution.

PDF pages are rendered with pypdfium2; image files are decoded with Pillow
(every frame of a multi-page TIFF). The resolution converts pixels back to
points, so the layout code's tolerances (in pt) hold for OCR pages too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence

# Rendering resolution for PDF pages: text lines come out ~30 px high, which the
# recogniser (48 px input) reads as well as at 300 dpi, in half the pixels.
RENDER_DPI = 200
# An image file that says nothing about its resolution: a screenshot or a CMS
# table image is made for the screen (96 dpi); a scan is A4 wide.
_SCREEN_DPI = 96.0
_A4_WIDTH_IN = 8.27
_MIN_SIDE = 16
# Pillow refuses images over ~89 Mpx as decompression bombs; a 600-dpi A3 scan is 70 Mpx.
_MAX_PIXELS = 120_000_000


@dataclass(slots=True)
class Raster:
    gray: np.ndarray  # H×W uint8, ink dark
    dpi: float

    @property
    def scale(self) -> float:
        """Points per pixel."""
        return 72.0 / self.dpi


def render_pdf_page(page: pdfium.PdfPage, dpi: float = RENDER_DPI) -> Raster:
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    try:
        image = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    return Raster(np.asarray(image), dpi)


def decode_images(data: bytes) -> list[Raster]:
    """Every frame of an image file (JPEG, PNG, TIFF, BMP, WebP, GIF)."""
    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    with Image.open(io.BytesIO(data)) as image:
        rasters = []
        for frame in ImageSequence.Iterator(image):
            frame = ImageOps.exif_transpose(frame)
            if min(frame.size) < _MIN_SIDE:
                continue
            rasters.append(Raster(np.asarray(_flatten(frame)), _dpi(frame)))
        return rasters


def _flatten(frame: Image.Image) -> Image.Image:
    """Grey levels, transparency composited onto white (CMS images are often transparent PNGs)."""
    if frame.mode in ("RGBA", "LA", "P", "PA"):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return frame.convert("L")


def _dpi(frame: Image.Image) -> float:
    dpi = frame.info.get("dpi")
    if dpi and dpi[0] and 50 <= float(dpi[0]) <= 1200:
        return float(dpi[0])
    width_in = frame.size[0] / _SCREEN_DPI
    if width_in > 2 * _A4_WIDTH_IN:  # far too wide for a screen image: a scanned page
        return frame.size[0] / _A4_WIDTH_IN
    return _SCREEN_DPI
