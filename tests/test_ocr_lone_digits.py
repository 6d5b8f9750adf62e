"""OCR of the class 'a lone digit among many identical numbers' (found at 300 dpi:
the '3' of a table-3 row of zeros read as nothing, or as the Cyrillic З).

Table cells are read as short line images packed side by side; a glyph that
sits in a wide margin is small for the recogniser, and in a run of zeros it
drops the odd digit or reads a look-alike ('8' → 'α'). Tables of mostly
zeros, with other digits at several positions, are drawn here in the fonts
reports print in, at the sizes of 150–300 dpi scans, and read by the OCR reader.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.read.ocr.assemble import ocr_page
from pipeline.read.ocr.render import Raster
from pipeline.read.pdf import page_blocks

FONTS = [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
         Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
         Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
COLUMNS = 8


ROWS = 10


def zeros_with_odd_digits(seed: int) -> list[list[str]]:
    """Rows of zeros (as most of table 3 is), with a few other digits at varying places."""
    rng = np.random.default_rng(seed)
    cells = ["0"] * (ROWS * COLUMNS)
    for value, at in zip("2358697", rng.choice(len(cells), 7, replace=False)):
        cells[at] = value
    return [cells[r * COLUMNS:(r + 1) * COLUMNS] for r in range(ROWS)]


def table_image(rows: list[list[str]], font: Path, dpi: int) -> np.ndarray:
    """A ruled table, numbers centred in their cells, 10.5 pt at ``dpi``."""
    f = ImageFont.truetype(str(font), round(10.5 * dpi / 72))
    cw, ch, m = round(0.8 * dpi), round(0.3 * dpi), round(0.5 * dpi)
    img = Image.new("L", (2 * m + cw * COLUMNS, 2 * m + ch * len(rows)), 255)
    draw = ImageDraw.Draw(img)
    line = max(1, dpi // 150)
    for r in range(len(rows) + 1):
        draw.line([(m, m + r * ch), (m + cw * COLUMNS, m + r * ch)], fill=0, width=line)
    for c in range(COLUMNS + 1):
        draw.line([(m + c * cw, m), (m + c * cw, m + ch * len(rows))], fill=0, width=line)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            draw.text((m + c * cw + cw / 2, m + r * ch + ch / 2), text, font=f, fill=0, anchor="mm")
    return np.asarray(img)


@pytest.mark.parametrize("dpi", [150, 200, 300])
@pytest.mark.parametrize("font", FONTS, ids=lambda p: p.stem)
def test_odd_digits_among_zeros_are_read(font, dpi):
    if not font.exists():
        pytest.skip(f"font {font} not installed")
    rows = zeros_with_odd_digits(dpi)
    page = ocr_page(Raster(table_image(rows, font, dpi), dpi), 1)
    blocks, _ = page_blocks([page])
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows == rows


def test_ink_read_as_nothing_in_a_cell_is_unreadable_never_blank():
    """A blank number cell counts as nothing printed; ink the recogniser could not read must not become one."""
    from pipeline.read.ocr.assemble import UNREADABLE, _marked_if_unread
    from pipeline.read.ocr.engines import Recognized

    cell = (10, 10, 90, 40)
    assert _marked_if_unread(Recognized("", 0.0), cell) == Recognized(UNREADABLE, 0.0)
    assert _marked_if_unread(Recognized("17", 0.98), cell) == Recognized("17", 0.98)
    assert _marked_if_unread(Recognized("", 0.0), None) == Recognized("", 0.0)  # outside tables: nothing to keep
