"""Bytes → text for HTML pages and text files from Chinese government sites.

Most sites serve GBK/GB2312 or UTF-8, and their declarations are often wrong
(a template saying gb2312 around a UTF-8 body, a server defaulting to
ISO-8859-1). Every GB-family label decodes as gb18030, a strict superset.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz"}  # codec names, after alias lookup
_ALIASES = {"x-gbk": "gbk", "x-euc-cn": "gb2312", "gb_2312-80": "gb2312", "csgb2312": "gb2312"}
# What servers send by default, never meant for a page of Chinese.
_WESTERN_DEFAULTS = {"iso8859-1", "cp1252", "ascii"}

# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_META_SCAN_BYTES = 8192  # CMS heads carry dozens of <meta> before the charset one

# How much of a long file charset-normalizer looks at: enough for a verdict, and
# detection time grows with the sample.
_DETECT_SAMPLE = 64 * 1024


def normalize_encoding(label: str | None) -> str | None:
    """Python codec name for a charset label, GB-family labels as gb18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; return (text, encoding used).

    Order: byte-order mark, then ``declared`` (the HTTP Content-Type charset),
    then <meta charset>/http-equiv, then detection. A declaration is trusted
    only if the bytes decode under it without error, and a non-UTF-8 one is
    overruled when the bytes are valid UTF-8 with non-ASCII text (that is never
    accidental for a page of Chinese).
    """
    bom = _bom_encoding(data)
    if bom:
        return data.decode(bom), bom
    meta = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    for label in (declared, meta.group(1).decode("ascii", "replace") if meta else None):
        enc = normalize_encoding(label)
        if enc is None or enc in _WESTERN_DEFAULTS and not data.isascii():
            continue
        if enc != "utf-8" and _is_utf8_text(data):
            return _decode(data, "utf-8"), "utf-8"
        text = _decode(data, enc)
        if text is not None:
            return text, enc
    return decode_text(data)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text with no declaration: BOM, UTF-16 without BOM, UTF-8, then detection.

    Never fails: undecodable bytes become U+FFFD, which callers can count to
    tell text from garbage.
    """
    bom = _bom_encoding(data)
    if bom:
        return data.decode(bom), bom
    # Before UTF-8: UTF-16 of ASCII is valid UTF-8 with a NUL in every other byte.
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, "replace"), utf16
    for enc in ("utf-8", "gb18030"):  # gb18030: the usual case of a non-UTF-8 Chinese page
        text = _decode(data, enc)
        if text is not None:
            return text, enc
    enc = _detect(data) or "gb18030"
    return data.decode(enc, "replace"), enc


def _bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def _is_utf8_text(data: bytes) -> bool:
    return not data.isascii() and _decode(data, "utf-8") is not None


def _decode(data: bytes, enc: str) -> str | None:
    """``data`` decoded, also when the file was cut inside its last character; None if it does not decode."""
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.start >= len(data) - 3:  # a multi-byte character cut short
            return _decode(data[: exc.start], enc)
        return None


# The high byte of a UTF-16 code unit in a Chinese report: ASCII (00), general
# punctuation (20: “”—…), letterlike and enclosed forms (21, 24: ℃ ①), box
# drawing (25), CJK punctuation (30: 、。《》), CJK ideographs (4E–9F) and
# full-width forms (FF: ，：（）). Bytes of GBK, UTF-8 or binary data fall in
# this set about a third of the time.
_UTF16_HIGH_BYTES = bytes([0x00, 0x20, 0x21, 0x24, 0x25, 0x30, *range(0x4E, 0xA0), 0xFF])
_UTF16_MIN_SHARE = 0.9


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` reads as UTF-16 text without a BOM, else None.

    Which side holds the high bytes shows in their values: for ASCII they are
    NUL, for Chinese text they fall in a few narrow ranges (``_UTF16_HIGH_BYTES``).
    The high side must hold some NULs (a report has digits and line breaks), the
    other side almost none (a run of NULs is binary), and the sample must decode.
    """
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    evens, odds = sample[0::2], sample[1::2]
    le, be = _high_share(odds), _high_share(evens)
    if max(le, be) < _UTF16_MIN_SHARE or min(le, be) >= _UTF16_MIN_SHARE:
        return None
    enc, high, low = ("utf-16-le", odds, evens) if le > be else ("utf-16-be", evens, odds)
    # ASCII text has no NUL: lowercase letters alone fall in the high-byte set.
    if high.count(0) < 0.02 * len(high) or low.count(0) > 0.05 * len(low):
        return None
    try:
        sample[:-2].decode(enc)  # the cut may fall inside a surrogate pair
    except UnicodeDecodeError:
        return None
    return enc


def _high_share(side: bytes) -> float:
    return (len(side) - len(side.translate(None, _UTF16_HIGH_BYTES))) / len(side)


# What no real document holds: U+FFFD left by decoding, C0 controls other than whitespace.
_GARBAGE_CHARS = "\ufffd" + "".join(map(chr, [*range(0x09), *range(0x0E, 0x20)]))
_GARBAGE_CHAR = re.compile(f"[{re.escape(_GARBAGE_CHARS)}]")


def garbage_share(text: str) -> float:
    """Share of ``text``'s characters no real document has: a binary file's bytes decoded as text.

    Almost every page has none, and a substring test per character finds that in a
    quarter of the time a regex scan takes (it runs on every page read).
    """
    if not text or not any(ch in text for ch in _GARBAGE_CHARS):
        return 0.0
    return len(_GARBAGE_CHAR.findall(text)) / len(text)


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: rarely needed

    best = from_bytes(data[:_DETECT_SAMPLE]).best()
    return normalize_encoding(best.encoding) if best else None
