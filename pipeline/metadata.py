"""Agency, year and publication date of a report, from its title, text,
container metadata or file name — in that order of trust."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from .document import Document
from .tables.text import nfkc

_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3", "四": "4",
              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"[二][〇零○Ｏ][一二三四五六七八九〇零○][〇零○一二三四五六七八九]")
TITLE = re.compile(
    r"(?P<agency>[\u3400-\u9fff（）()·]{2,40}?)\s*[（(]?(?P<year>20[0-3]\d)\s*年\s*度?[)）]?\s*"
    r"(?:的)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
_AGENCY_END = re.compile(r"(人民政府|办公室|办公厅|委员会|管理委员会|管委会|局|厅|委|办|署|院|所|中心|部|会|队|站|处|街道|镇|乡|政府)$")
_LEADING_NOISE = re.compile(r"^(关于|附件\d*|转发)")
_DATE = re.compile(r"(20[0-3]\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_PUBLISHED_KEYS = ("published", "PubDate", "pubdate", "发布日期", "发布时间", "发文日期", "成文日期",
                   "firstpublishedtime", "created")


def _cn_year(text: str) -> str:
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS.get(ch, ch) for ch in m.group()), text)


def _candidates(doc: Document) -> list[str]:
    """Places a title can be, most trusted first."""
    out = [doc.meta.get(k, "") for k in ("ArticleTitle", "title", "Title", "dc.title")]
    head = [b.text for b in doc.blocks[:12] if b.kind != "table" and b.text]
    out += head
    out.append("".join(head[:3]))  # a title broken over lines: '淮安市人民政府' / '2024 年…报告'
    out.append(PurePath(doc.source).stem)
    return [_cn_year(nfkc(t[:300])).replace(" ", "") for t in out if t]  # a title is short


def title_parts(doc: Document) -> tuple[str | None, int | None]:
    for text in _candidates(doc):
        m = TITLE.search(text)
        if m:
            agency = _LEADING_NOISE.sub("", m["agency"]).strip("（）()")
            if not _AGENCY_END.search(agency):
                agency = _trim_to_agency(agency)
            return (agency or None), int(m["year"])
    return None, None


def _trim_to_agency(text: str) -> str:
    """'淮安市人民政府关于印发淮安市' → the longest prefix that ends like an agency."""
    for end in range(len(text), 1, -1):
        if _AGENCY_END.search(text[:end]):
            return text[:end]
    return text


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
