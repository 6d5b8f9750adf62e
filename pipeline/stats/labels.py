"""Labels of a statistics table: header columns, units, row numbering, 其中 sub-rows.

Shared by the grid reader (HTML/DOCX/PDF/markdown tables) and the flattened-text
reader, so both name columns and nest rows the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Header texts naming each column kind (matched on text without whitespace).
LABEL_HEADERS = ("指标名称", "统计指标", "指标", "项目名称", "项目", "内容")
UNIT_HEADERS = ("计量单位", "单位")
INDEX_HEADERS = ("序号", "编号", "行次")
CUMULATIVE = re.compile(r"累计")
THIS_YEAR = re.compile(r"^(?:本年度?|当年|本期|(?:19|20)\d{2}年度?)(?:数|数量|情况)?$")

# Units printed in the 计量单位 column, longest first so 人次 wins over 次.
UNITS = ("万元", "人次", "元", "条", "件", "个", "项", "次", "份", "宗", "起", "人", "期", "篇")
MONEY_UNITS = ("元", "万元")

# Row numbering at the start of a label: 1、 1. 1． (1) （1） ① 一、
_NUMBERING = re.compile(r"^(?:其中\s*[:：]?\s*)?(?:(?P<n>\d{1,2})\s*[、.．]|[(（]\s*(?P<p>\d{1,2})\s*[)）]"
                        r"|(?P<c>[①-⑩]))")
_SUB_ROW = re.compile(r"^(?:其中|包括|含)\s*[:：]?")


def compact(text: str) -> str:
    """NFKC with whitespace removed: the form header and label tests use."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True, slots=True)
class Column:
    kind: str   # "label", "unit", "this_year", "cumulative", "index" or "other"
    text: str


def column_kind(header: str) -> str:
    text = compact(header)
    if not text:
        return "other"
    if CUMULATIVE.search(text):
        return "cumulative"
    if THIS_YEAR.match(text):
        return "this_year"
    if text in UNIT_HEADERS:
        return "unit"
    if text in INDEX_HEADERS:
        return "index"
    if any(text.startswith(h) for h in LABEL_HEADERS):
        return "label"
    return "other"


def is_stats_header(texts: list[str]) -> bool:
    """A header row of a statistics table: a label or unit column and a 本年度/累计 column."""
    kinds = {column_kind(t) for t in texts}
    return bool(kinds & {"label", "unit"}) and bool(kinds & {"this_year", "cumulative"})


def row_number(label: str) -> int | None:
    """The printed number of a numbered sub-row (``2、政府公报公开`` → 2), else None."""
    m = _NUMBERING.match(compact(label))
    if not m:
        return None
    if m["c"]:
        return ord(m["c"]) - ord("①") + 1
    return int(m["n"] or m["p"])


def is_sub_row(label: str) -> bool:
    """A 其中 row or a numbered row: a part of the row above it."""
    return bool(_SUB_ROW.match(compact(label))) or row_number(label) is not None


def split_unit(text: str) -> tuple[str, str | None]:
    """``主动公开信息数条`` → (``主动公开信息数``, ``条``): a unit glued to the end of a label."""
    text = text.strip()
    for unit in UNITS:
        if text.endswith(unit) and len(text) > len(unit):
            return text[: -len(unit)].strip(), unit
    return text, None


class Nesting:
    """Gives each row its parent: the last top-level row above a run of sub-rows."""

    def __init__(self) -> None:
        self.parent: str | None = None

    def place(self, label: str, *, sub: bool = False) -> tuple[str, str | None]:
        """(full label, parent) of the next row, in table order."""
        if (sub or is_sub_row(label)) and self.parent:
            return f"{self.parent}/{label}", self.parent
        self.parent = label
        return label, None
