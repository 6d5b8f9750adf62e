"""The six sections of a report's text (一、总体情况 … 六、其他需要报告的事项)."""

from __future__ import annotations

import re
import unicodedata

from .document import Document
from .tables.text import nfkc

HEADINGS = {
    "1": r"总体情况",
    "2": r"主动公开政府信息",
    "3": r"收到和处理政府信息公开申请",
    "4": r"(?:政府信息公开)?行政(?:法)?复议",
    "5": r"存在的?主要问题",
    "6": r"其他需要报告",
}
_NUM = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}
PATTERNS = {k: re.compile(rf"^\s*{_NUM[k]}\s*[、.．,，]\s*{v}") for k, v in HEADINGS.items()}
_FIRSTS = frozenset(_NUM.values())


def _may_be_heading(text: str) -> bool:
    """Whether ``text`` may open a section: its first character is 一 … 六, or one NFKC changes
    (a radical ⼀, a compatibility form). Most blocks are neither, and skip the normalisation."""
    first = text[:40].lstrip()[:1]  # (the slice the heading is matched in)
    return first in _FIRSTS or not unicodedata.is_normalized("NFKC", first)


def split_sections(doc: Document) -> dict[str, str]:
    """section number → its text (heading included), from the non-table blocks.

    Sections are looked for in order, so a stray '一、' inside later prose cannot
    restart section 1.
    """
    out: dict[str, list[str]] = {}
    current: str | None = None
    for block in doc.blocks:
        if block.kind == "table" or not block.text.strip():
            continue
        if _may_be_heading(block.text):
            line = nfkc(block.text[:40]).strip()  # a heading is at the start: no need to normalise it all
            for key, pattern in PATTERNS.items():
                if (current is None or key > current) and pattern.match(line):
                    current = key
                    break
        if current is not None:
            out.setdefault(current, []).append(block.text.strip())
    return {k: "\n".join(v) for k, v in out.items()}
