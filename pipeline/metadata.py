"""Agency, year and publication date of a report, from its title, text,
container metadata or file name — in that order of trust."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from .document import Document
from .tables.text import nfkc
from .titles import parse_title

_DATE = re.compile(r"(20[0-3]\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_PUBLISHED_KEYS = ("published", "PubDate", "pubdate", "发布日期", "发布时间", "发文日期", "成文日期",
                   "firstpublishedtime", "created")


def _candidates(doc: Document) -> list[str]:
    """Places a title can be, most trusted first."""
    out = [doc.meta.get(k, "") for k in ("ArticleTitle", "title", "Title", "dc.title")]
    head = [b.text for b in doc.blocks[:12] if b.kind != "table" and b.text]
    out += head
    out.append("".join(head[:3]))  # a title broken over lines: '淮安市人民政府' / '2024 年…报告'
    out.append(PurePath(doc.source).stem)
    return [t[:300] for t in out if t]  # a title is short


def title_parts(doc: Document) -> tuple[str | None, int | None]:
    """The first title that names an agency; else the year of the first title found."""
    year = None
    for text in _candidates(doc):
        title = parse_title(text)
        if title and title.agency:
            return title.agency, title.year
        year = year or (title and title.year)
    return None, year


def _parse_date(text: str) -> date | None:
    m = _DATE.search(nfkc(text or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def published_date(doc: Document, year: int | None) -> str | None:
    """From the container's metadata, else the date printed at the end of the
    report (the signature line), which must fall after the reported year."""
    for key in _PUBLISHED_KEYS:
        d = _parse_date(doc.meta.get(key, ""))
        if d and (year is None or d.year > year):
            return d.isoformat()
    tail = [b.text for b in doc.blocks[-6:] if b.kind != "table" and b.text]
    for text in reversed(tail):
        if len(text) <= 40:
            d = _parse_date(text)
            if d and (year is None or d.year > year):
                return d.isoformat()
    return None
