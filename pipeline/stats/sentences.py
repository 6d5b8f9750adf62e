"""Figures printed only in sentences: a rule per common phrasing, each a declared Phrasing.

``2012年全县共收到有关政府信息公开的申请21条，其中当面申请数18条`` → requests_received 21,
requests_in_person 18. ``未收到政府信息公开申请`` → requests_received 0. Every figure
keeps its sentence and ``from_text``; it is never merged with a table value
(``checks.py`` compares the two). A phrasing matches inside one clause only, so a
figure is never taken from a neighbouring clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import StatRow

_COUNT = r"(?P<n>\d+)\s*(?P<u>件|条|份|个|项|次|人次|起|宗)"
_CASES = r"(?P<n>\d+)\s*(?P<u>件|起|宗|份|个|次)"
_MONEY = r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>万元|元)"
_IS = r"(?:共|共计|合计|总数|总计)?(?:为|达|有)?"


def _gap(n: int) -> str:
    return r"[^，,。；;：:！？!?\n]{0," + str(n) + "}?"


@dataclass(frozen=True, slots=True)
class Phrasing:
    measure: str
    pattern: re.Pattern
    zero: bool = False            # the phrasing says "none" (未收到…申请): the figure is 0
    unit: str | None = None       # the unit of a zero figure
    exclude: re.Pattern | None = None  # the phrase is about something else when this matches in it


def _p(measure: str, regex: str, *, zero: bool = False, unit: str | None = None,
       exclude: str | None = None) -> Phrasing:
    return Phrasing(measure, re.compile(regex), zero, unit, re.compile(exclude) if exclude else None)


_NOT_REQUESTS = r"复议|诉讼|咨询|举报|投诉|审批|信访"
_NOT_NONE = r"未经"              # 未经行政复议直接起诉 says nothing about the number of reviews
_CHANNELS = {"当面": "requests_in_person", "现场": "requests_in_person", "网上": "requests_online",
             "网络": "requests_online", "在线": "requests_online", "电子邮件": "requests_email",
             "邮件": "requests_email", "信函": "requests_mail", "传真": "requests_fax"}

PHRASINGS: tuple[Phrasing, ...] = (
    _p("requests_received", r"(?:受理|收到|接到|接收)了?" + _gap(20) + r"申请" + _IS + _COUNT,
       exclude=_NOT_REQUESTS),
    _p("requests_received", r"(?:未|没有)(?:收到|受理|接到|发生)" + _gap(20) + r"申请", zero=True, unit="件",
       exclude=_NOT_REQUESTS),
    *(_p(measure, channel + r"(?:提出)?的?申请(?:数|的)?" + _IS + _COUNT, exclude=r"咨询")
      for channel, measure in _CHANNELS.items()),
    _p("replies_total", r"答复总数" + _IS + _COUNT),
    # (?<!主动): 主动予以公开 is proactive disclosure, not a reply to a request.
    _p("granted", r"(?<![不分])(?<!主动)(?:同意|予以)公开(?:答复)?(?:数)?的?" + _IS + _COUNT),
    _p("partially_granted", r"(?<!主动)部分公开(?:答复)?(?:数)?的?" + _IS + _COUNT),
    _p("denied", r"(?:不予公开|不同意公开|否决公开)(?:答复)?(?:数)?的?" + _IS + _COUNT),
    _p("reviews", r"行政复议(?:申请)?(?:案件)?(?:数)?" + _IS + _CASES),
    _p("reviews", r"(?:收到|受理|发生|提起)" + _CASES + _gap(20) + r"行政复议"),
    _p("reviews", r"(?:未|没有)(?:收到|发生|受理|提起)?" + _gap(20) + r"行政复议", zero=True, unit="件",
       exclude=_NOT_NONE),
    _p("lawsuits", r"行政诉讼(?:案件)?(?:数)?" + _IS + _CASES),
    _p("lawsuits", r"(?:收到|发生|提起)" + _CASES + _gap(20) + r"行政诉讼"),
    _p("lawsuits", r"(?:未|没有)(?:收到|发生|提起)?" + _gap(20) + r"行政诉讼", zero=True, unit="件",
       exclude=_NOT_NONE),
    _p("fees_yuan", r"收取了?" + _gap(12) + r"费(?:用)?" + _IS + _MONEY),
    _p("fees_yuan", r"(?:未|没有|不)收取(?:任何)?" + _gap(10) + r"费", zero=True, unit="元"),
    _p("proactive_total", r"(?:(?:19|20)\d{2}年度?|全年|本年度?|今年)(?:全县|全市|全区|全省|全局|我局|我委|本机关)?"
       r"(?:共|累计|新增|共计|总计)?主动公开(?:政府)?信息(?:数|总数|数量)?" + _IS + _COUNT),
    _p("disclosure_spending", r"(?:政府信息公开|信息公开)(?:工作|事务)?" + _gap(6) + r"(?:费用|经费|支出)"
       + _IS + _MONEY, exclude=r"收取|收费"),
)

_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_CLAUSE = re.compile(r"[^，,。；;！？!?\n]+")
_TABLE_HEADER = re.compile(r"指标名称|计量单位")


def is_table_text(sentence: str) -> bool:
    return bool(_TABLE_HEADER.search(sentence))


def prose(text: str) -> str:
    """The text without statistics tables flattened into it."""
    return "。".join(s.group() for s in _SENTENCE.finditer(text) if not is_table_text(s.group()))


def sentence_rows(text: str, *, block_index: int | None = None, page: int | None = None) -> list[StatRow]:
    """Every figure a phrasing finds in ``text``, in reading order (one per measure and clause)."""
    out: list[StatRow] = []
    for sentence in _SENTENCE.finditer(text):
        s = sentence.group().strip()
        if is_table_text(s):
            continue  # a statistics table flattened into text, not a sentence
        for clause in _CLAUSE.finditer(s):
            seen: set[str] = set()
            for ph in PHRASINGS:
                if ph.measure in seen:
                    continue
                m = ph.pattern.search(clause.group())
                if not m or (ph.exclude and ph.exclude.search(m.group())):
                    continue
                seen.add(ph.measure)
                out.append(_row(ph, m, s, block_index, page))
    return out


def _row(ph: Phrasing, m: re.Match, sentence: str, block_index: int | None, page: int | None) -> StatRow:
    if ph.zero:
        value, unit = 0, ph.unit
    else:
        number = float(m["n"])
        value, unit = (int(number) if number.is_integer() else number), m["u"]
    return StatRow(label=m.group(), unit=unit, this_year=value, raw=m.group(), from_text=True,
                   sentence=sentence, measure=ph.measure, block_index=block_index, page=page)
