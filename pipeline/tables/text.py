"""Label and number normalisation shared by the table mappers.

Real labels vary in width (（）vs ()), spacing, line breaks, numbering and
punctuation; matching is done on a normal form with all of that removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Everything that is not a CJK ideograph, a letter or a digit is noise for matching.
_NOISE = re.compile(r"[^\w\u3400-\u9fff]|_", re.UNICODE)
# Leading enumerations: 一、 （一） (1) 1. 1、 1． 第一 … repeated ("三、（一）").
_NUMBERING = re.compile(
    r"^(?:\s*(?:[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]\d+[）)]|\d+\s*[、.．,，)]))+\s*"
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def norm_once(text: str) -> str:
    """Matching form: NFKC, no whitespace, no punctuation. Uncached, for text seen once (a table's
    joined header rows): in :func:`norm`'s cache such unique multi-KB strings
    pushed out the labels and held ~11 MB."""
    return _NOISE.sub("", nfkc(text))


norm = lru_cache(maxsize=8192)(norm_once)  # labels and cells: the same few thousand strings recur


def strip_numbering(text: str) -> str:
    """'（三）不予公开' → '不予公开'; '3. 其他' → '其他'."""
    return _NUMBERING.sub("", nfkc(text).strip())


_ITEM_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.．、]")


def item_number(text: str) -> int | None:
    """The item number a label begins with: '3.危及…' → 3, '（三）…' → None (a group's)."""
    m = _ITEM_NUMBER.match(nfkc(text))
    return int(m.group(1)) if m else None


def label_key_once(text: str) -> str:
    """Normal form without numbering: what a label *says* (uncached: see :func:`norm_once`)."""
    return norm_once(strip_numbering(re.sub(r"\s+", "", nfkc(text))))


label_key = lru_cache(maxsize=8192)(label_key_once)
