"""Does a page have a text layer worth reading?

Scanned reports have pages that are only an image. Others have a text layer
that extracts as garbage: glyphs without a Unicode mapping (pdfminer shows
them as '(cid:NN)'), private-use or replacement characters, or CID fonts
whose mapping points at the wrong characters — readable-looking but rare
ideographs. Real Chinese prose draws almost all its characters from the
3,755 common ones of GB2312 level 1, so a low share of those gives such
mis-mapped text away without any knowledge of what the document says. A font
re-encoded on its way through PostScript (Ghostscript's pdfwrite, a PDF
printer) may map some glyphs to Latin-1 letters instead: 'ÿ', 'þ', 'Ā' set
between two ideographs ('行政许ÿ'), which no Chinese text has, or the whole
page to a soup of them ('Öˆ…ûä'), which no text in any language is. A page
whose text was converted to outlines (a PDF printer's "text as graphics")
has no glyphs at all but hundreds of filled curved shapes: a picture of text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .pdf_page import PageContent

_MIN_CHARS = 20  # fewer real glyphs than this: no text layer to speak of
_MIN_READABLE = 0.7  # share of glyphs that must be CJK, Latin, digits or punctuation
_MIN_COMMON_CJK = 0.6  # share of ideographs that must be common (GB2312 level 1)
_MIN_IDEOGRAPHS = 30  # the common-ideograph test needs at least this many
_MAX_LATIN_IN_CHINESE = 4  # more Latin-1 letters next to an ideograph than this: mis-mapped
_MAX_LATIN_SHARE = 0.15  # … or a larger share of all glyphs (French prose has ~3% accented letters)
_IMAGE_COVER = 0.3  # an image covering this share of a page makes it a scan
_MIN_OUTLINES = 50  # filled curved shapes on a page without text: its text drawn as outlines


@dataclass(frozen=True, slots=True)
class PageVerdict:
    number: int
    usable: bool
    reason: str = ""  # why not, when not usable
    scanned: bool = False


def judge(page: PageContent) -> PageVerdict:
    glyphs = [c for c in page.chars if not c.text.isspace()]
    scanned = page.image_area >= _IMAGE_COVER * page.width * page.height
    if len(glyphs) < _MIN_CHARS:
        if page.curved_fills >= _MIN_OUTLINES:
            return PageVerdict(page.number, False, f"text drawn as outlines ({page.curved_fills} filled curved "
                               "shapes, no text layer)", True)
        if scanned:
            return PageVerdict(page.number, False, "page is an image without a text layer", True)
        return PageVerdict(page.number, True)  # a blank or near-blank page: nothing to lose
    readable = sum(_readable(c.text) and not c.unmapped for c in glyphs)
    if readable < _MIN_READABLE * len(glyphs):
        return PageVerdict(page.number, False,
                           f"text layer is garbage ({len(glyphs) - readable} of {len(glyphs)} glyphs "
                           "unmapped, private-use or control characters)", scanned)
    ideographs = [c.text for c in glyphs if _ideograph(c.text)]
    if len(ideographs) >= _MIN_IDEOGRAPHS:
        common = sum(_common(ch) for ch in ideographs)
        if common < _MIN_COMMON_CJK * len(ideographs):
            return PageVerdict(page.number, False,
                               f"text layer is mis-mapped ({common} of {len(ideographs)} ideographs "
                               "are common characters)", scanned)
    latin = sum(_stray_latin(c.text) for c in glyphs)
    if latin > _MAX_LATIN_SHARE * len(glyphs):
        return PageVerdict(page.number, False,
                           f"text layer is mis-mapped ({latin} of {len(glyphs)} glyphs are accented Latin "
                           "letters or controls)", scanned)
    stray = _latin_in_chinese(glyphs)
    if stray > _MAX_LATIN_IN_CHINESE:
        return PageVerdict(page.number, False,
                           f"text layer is mis-mapped ({stray} Latin letters or controls set next to an "
                           "ideograph)", scanned)
    return PageVerdict(page.number, True)


def _latin_in_chinese(glyphs) -> int:
    """Latin-1 / Latin Extended letters and C1 controls printed next to an ideograph."""
    stray = 0
    for before, ch, after in zip([None, *glyphs[:-1]], glyphs, [*glyphs[1:], None]):
        if _stray_latin(ch.text) and any(n is not None and _ideograph(n.text) for n in (before, after)):
            stray += 1
    return stray


def _stray_latin(ch: str) -> bool:
    o = ord(ch)
    return 0x80 <= o <= 0x9F or (0xC0 <= o <= 0x24F and unicodedata.category(ch).startswith("L"))


def _readable(ch: str) -> bool:
    o = ord(ch)
    return not (o < 32 or 57344 <= o <= 63743 or o == 65533 or o >= 983040)


def _ideograph(ch: str) -> bool:
    return 0x4E00 <= ord(ch) <= 0x9FFF


def _common(ch: str) -> bool:
    """In GB2312 level 1 (the 3,755 most used characters, lead bytes B0–D7)."""
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xD7
