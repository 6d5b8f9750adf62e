"""Agency, year and publication date of a report, from its title, text,
container metadata or file name — in that order of trust."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from itertools import chain
from pathlib import PurePath

from .document import Document
from .tables.text import nfkc
from .titles import AGENCY_END, normalise, parse_title, parse_yearless_title

_DATE = re.compile(r"(20[0-3]\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_PUBLISHED_KEYS = ("published", "PubDate", "pubdate", "发布日期", "发布时间", "发文日期", "成文日期",
                   "firstpublishedtime", "created")


_HEAD_BLOCKS = 12     # a report's title is among its first blocks …
_PAGE_BLOCKS = 80     # … or, on a printed web page, after the site's navigation
_MAX_TITLE = 60
# '统计期限自2024年1月1日起至2024年12月31日止', '本报告所列数据的统计期限自2024年1月1日至…',
# '所列数据统计期限为2020年1月1日至12月31日' (the year said once)
# '数据统计时间为2023年1月1日—12月31日', '数据时间范围为…' (a few words between)
_PERIOD = re.compile(r"(?:统计|数据)[^，。；,;]{0,6}?(20[0-4]\d)年1月1日(?:起)?(?:至|到|—|－|-|~|～)"
                     r"(?:(20[0-4]\d)年)?12月31日")
# Reports are due by 31 January (departments) and 31 March (governments) of the next
# year (条例 art. 49–50); late ones still come out in the first half. A report signed
# later in a year does not say which year it covers.
_LAST_ISSUE_MONTH = 6
_WHITESPACE = re.compile(r"\s+")


def _candidates(doc: Document) -> Iterator[str]:
    """Places a title can be, most trusted first: container metadata, the first
    blocks alone, then two or three of them joined (a title broken over lines or
    blocks: '淮安市人民政府' / '2024 年政府信息公开工作年度报告'), then a short block
    further down (a web page printed with its navigation), or two or three there joined, then a
    table's row, then the file name. Made as they are asked for: most documents' title is among the first."""
    texts = [b.text for b in doc.blocks[:_PAGE_BLOCKS] if b.kind != "table" and b.text]
    head = texts[:_HEAD_BLOCKS]
    joined = ("".join(head[i:i + n]) for n in (2, 3) for i in range(len(head) - n + 1)
              if all(len(t) <= _MAX_TITLE for t in head[i:i + n]))
    further = (t for t in texts[_HEAD_BLOCKS:] if len(t) <= _MAX_TITLE)
    joined_further = ("".join(texts[i:i + n]) for n in (2, 3) for i in range(_HEAD_BLOCKS, len(texts) - n + 1)
                      if all(len(t) <= _MAX_TITLE for t in texts[i:i + n]))
    # A row of a layout table: a page's head set in a table, or a dump's lines of navigation and
    # title taken for one ('网站支持IPV6' / … / '平潭综合实验区2019年度政府信息公开工作年度报告').
    rows = (t for b in doc.blocks[:_PAGE_BLOCKS] if b.kind == "table"
            for row in b.rows if len(t := "".join(c for c in row if c)) <= _MAX_TITLE)
    # A page's title line with its byline on it ('…年度报告 来源：平潭县人民政府 时间：2023-02-20'): a
    # page saved to a workbook or dumped as text keeps them in one cell or line.
    bylined = (m.group(1) for t in texts if (m := _BYLINE.match(t)) and len(m.group(1)) <= _MAX_TITLE)
    metas = (doc.meta.get(k, "") for k in ("ArticleTitle", "title", "Title", "dc.title"))
    for t in chain(metas, head, joined, _year_put_back(head), further, joined_further, bylined, rows,
                   [PurePath(doc.source).stem]):
        if t:
            yield t[:300]  # a title is short


_BYLINE = re.compile(r"(.+?)\s+(?:信息来源|来源|发布时间|发布日期|时间|作者|浏览次数|点击数)\s*[:：]")


# '连云区人民政府 年政府信息公开工作年度报' / '2021' / '告': a dump that sets digits of another font a
# line lower prints a title's year on the next line, alone, and leaves its '年' without digits.
_YEAR_ALONE = re.compile(r"\s*(20[0-4]\d)\s*")
_DIGITLESS_YEAR = re.compile(r"(?<!\d)\s*年(?=度?(?:政府信息|政务|信息)公开)")


def _year_put_back(head: list[str]) -> list[str]:
    """Title lines whose year a dump printed alone on the next line, with the year put back
    before their '年' (and the line after the year joined, the title's tail: '告')."""
    out = []
    for i in range(len(head) - 1):
        year = _YEAR_ALONE.fullmatch(head[i + 1])
        if year and len(head[i]) <= _MAX_TITLE and _DIGITLESS_YEAR.search(head[i]):
            line = _DIGITLESS_YEAR.sub(f"{year[1]}年", head[i], count=1)
            tail = head[i + 2] if i + 2 < len(head) and len(head[i + 2]) <= _MAX_TITLE else ""
            out += [line + tail, line] if tail else [line]
    return out


def title_parts(doc: Document) -> tuple[str | None, int | None]:
    """The first title that names an agency; else the year of the first title found, and the
    agency of the first title that names no year ('沭阳县财政局政府信息公开工作年度报告')."""
    year = None
    candidates: list[str] = []  # (all of them, once the first pass finds no title with an agency)
    for text in _candidates(doc):
        candidates.append(text)
        title = parse_title(text)
        if title and title.agency and not title.wrapper:
            return title.agency, title.year
        year = year or (title and title.year)
    for text in candidates:
        if found := parse_yearless_title(text):
            return found[0], year or found[1]
    return None, year


def report_identity(doc: Document) -> tuple[str | None, int | None, list[str]]:
    """Agency and year from the title; where the title lacks them, the year from
    the statistics period, else from the signing date, and the agency from the
    signature (落款). Each fallback is named in the notes returned."""
    agency, year = title_parts(doc)
    notes = []
    if year is None:
        year, how = _year_from_text(doc)
        if year is not None:
            notes.append(f"metadata: year {year} {how} (no title names it)")
    if agency is None:
        agency = _signature_agency(doc)
        if agency:
            notes.append(f"metadata: agency {agency!r} from the signature (no title names it)")
    return agency, year, notes


def _year_from_text(doc: Document) -> tuple[int | None, str]:
    text = _WHITESPACE.sub("", nfkc(doc.text))  # (a dump breaks a sentence's lines anywhere)
    m = _PERIOD.search(text)
    if m and m[2] in (None, m[1]):
        return int(m[1]), "from the statistics period"
    signed = _signature_date(doc)
    if signed and signed.month <= _LAST_ISSUE_MONTH:
        return signed.year - 1, f"from the signing date {signed.isoformat()} (reports come out early in the next year)"
    return None, ""


def _tail(doc: Document) -> list[str]:
    return [b.text.strip() for b in doc.blocks[-6:] if b.kind != "table" and b.text.strip()]


def _signature_date(doc: Document) -> date | None:
    for text in reversed(_tail(doc)):
        if len(text) <= 40 and (d := _parse_date(_cn_date(text))):
            return d
    return None


def _signature_agency(doc: Document) -> str | None:
    """The line right above the signing date: '沭阳县民政局' / '2022年1月30日'."""
    tail = _tail(doc)
    for i in range(len(tail) - 1, 0, -1):
        if len(tail[i]) <= 40 and _parse_date(_cn_date(tail[i])):
            name = tail[i - 1].replace(" ", "")
            if 2 <= len(name) <= 30 and AGENCY_END.search(name):
                return name
            return None
    return None


def _cn_date(text: str) -> str:
    """'二〇二二年一月三十日' → '2022年1月30日' (years are done by titles.normalise)."""
    text = normalise(text)
    return re.sub(r"([一二三四五六七八九十]{1,3})(?=[月日])", lambda m: str(_cn_number(m[1])), text)


def _cn_number(text: str) -> int:
    digits = "一二三四五六七八九"
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.index(text[1]) + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.index(tens) + 1) * 10 + (digits.index(ones) + 1 if ones else 0)
    return digits.index(text) + 1


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
