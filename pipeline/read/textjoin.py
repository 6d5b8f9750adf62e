"""Joining the wrapped lines of Chinese text, shared by the readers.

A line break inside Chinese text is layout, not a space ('商业企' + '业' is
'商业企业'); between two Latin words it is a space.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def is_wide(ch: str) -> bool:
    """A character of Chinese text (ideograph, kana, full-width form or CJK punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in "“”‘’…—·"


def normalize_spaces(text: str) -> str:
    """Collapse whitespace, keeping one space only between two non-Chinese
    characters ('hazwgkc @ 163' stays, '2024 年' becomes '2024年': the gap a
    typesetter puts between Chinese and Latin text is spacing, not a space)."""
    parts = _SPACES.split(text.strip())
    out = parts[0]
    for part in parts[1:]:
        if part:
            out += part if is_wide(out[-1:] or " ") or is_wide(part[0]) else " " + part
    return out


def join_wrapped(lines: list[str]) -> str:
    """Join the visual lines of one paragraph or table cell: no space across a
    break unless both sides are Latin letters/digits ('商业企' + '业' →
    '商业企业'; 'annual' + 'report' → 'annual report')."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return normalize_spaces(out)
