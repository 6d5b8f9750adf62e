"""Radical code points that stand for ideographs.

A CJK font draws 民 and the radical ⺠ with one glyph. A PDF producer that maps
glyphs back to Unicode may pick the radical's code point (Chromium and
wkhtmltopdf printing with Noto CJK do): the text then reads '宿城区⼈⺠政府',
which no search, label or agency name matches. Kangxi radicals (U+2F00–U+2FD5)
and compatibility ideographs have Unicode decompositions; the CJK Radicals
Supplement (U+2E80–U+2EF3) has none, so its forms that are the shape of a whole
character are listed here (Unicode's EquivalentUnifiedIdeograph data). Forms
that only occur inside a character (⺊, ⺌) are left alone.
"""

from __future__ import annotations

import re
import unicodedata

_SUPPLEMENT = {
    "⺁": "厂", "⺃": "乚", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺉": "刂", "⺎": "兀", "⺐": "尢", "⺒": "巳",
    "⺓": "幺", "⺔": "彐", "⺖": "忄", "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺝": "月", "⺟": "母", "⺠": "民",
    "⺡": "氵", "⺣": "灬", "⺦": "丬", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺬": "示", "⺭": "礻", "⺯": "糸",
    "⺰": "纟", "⺱": "罒", "⺹": "耂", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⻁": "虎", "⻂": "衤",
    "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝", "⻋": "车", "⻌": "辶", "⻏": "阝",
    "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长", "⻔": "门", "⻖": "阝", "⻘": "青", "⻙": "韦", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼",
    "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯", "⻮": "齿",
    "⻯": "竜", "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
}
_KANGXI = {chr(o): unicodedata.normalize("NFKC", chr(o)) for o in range(0x2F00, 0x2FD6)}
_COMPATIBILITY = {chr(o): unicodedata.normalize("NFKC", chr(o)) for o in range(0xF900, 0xFB00)
                  if unicodedata.normalize("NFKC", chr(o)) != chr(o)}
_IDEOGRAPH_OF = {**_KANGXI, **_SUPPLEMENT, **_COMPATIBILITY}
_TABLE = str.maketrans(_IDEOGRAPH_OF)
_ANY = re.compile("[\u2e80-\u2fd5\uf900-\ufaff]")


def as_ideographs(text: str) -> str:
    """``text`` with radical and compatibility code points read as the ideographs they draw."""
    return text.translate(_TABLE) if _ANY.search(text) else text


def glyph_text(text: str) -> str:
    """One glyph's text as the ideograph it draws (a dict lookup: PDF pages have thousands)."""
    return _IDEOGRAPH_OF.get(text, text) if len(text) == 1 else as_ideographs(text)
