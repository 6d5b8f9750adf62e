"""The one report-title pattern of the project: agency and year of a
政府信息公开工作年度报告 title, wherever the title comes from (a link text,
a page title, the first lines of a document, a file name).

Titles as they are printed: Chinese-numeral years (二〇二四年), spaces inside
``2024 年``, full-width brackets around the year, 年/年度, the report named
政府信息公开工作年度报告, 信息公开年度报告, 政务公开工作年报 …, wrapped in
《》 or after 关于 / 附件1：. The text *around* the title decides whether it
is the report itself or a document about it (a notice that forwards it):
that is ``wrapper``, left to the caller to judge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CN_YEAR = re.compile(r"二[〇零○Ｏ][一二三四五六七八九〇零○][〇零○一二三四五六七八九]")
_SPACE = re.compile(r"\s+")
AGENCY_ENDS = (r"人民政府|办公室|办公厅|委员会|管理委员会|管委会|局|厅|委|办|署|院|所|中心|部|会|队|站|处"
                r"|街道|镇|乡|政府")
AGENCY_END = re.compile(f"(?:{AGENCY_ENDS})$")
_REPORT_NAME = r"(?:政务公开(?:和|暨|及|与))?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
_REPORT = re.compile(
    r"[（(]?(?P<year>20[0-4]\d)年度?[)）]?(?:的)?(?:本?(?:单位|机关|部门))?"
    # '2024年度淮安市人民政府政府信息公开…': the agency after the year
    rf"(?P<after>(?![本我])[\u3400-\u9fff（）()]{{1,30}}?(?:{AGENCY_ENDS}))??" + _REPORT_NAME)
_PLACE = re.compile(r"[省市县区州旗盟镇乡]|街道")
# A title with no year before the report's name, the whole of its line: maybe one after it, in
# brackets ('…年度报告（2023年）'), and a version after that ('（超链版）'); a '年' whose digits a
# dump printed on another line stays ('宿豫区人民政府 年政府信息公开工作年度报告').
_YEARLESS_TITLE = re.compile(rf"[《〈“\"【]?(?P<agency>[\u3400-\u9fff（）()·]{{2,40}}?(?:{AGENCY_ENDS}))(?:年度?)?" + _REPORT_NAME +
                             r"(?:[（(](?P<year>20[0-4]\d)年度?[)）])?[》〉”\"】]?(?:[（(][^（）()]{1,6}版[)）])?")
# The agency is the run of name characters right before the year.
_AGENCY = re.compile(r"[\u3400-\u9fff（）()·]{2,40}$")
_AGENCY_NOISE = re.compile(r"^(?:关于|附件\d*|转发|印发|报送|公布|发布|图解|一图读懂)+|(?:转发|印发|报送|公布|发布)+$")
# Words that make a text *about* a report rather than the report.
_WRAPPER = re.compile(r"通知|转发|印发|报送|编制|做好|征集|评估|考核|排名|目录")


@dataclass(frozen=True, slots=True)
class ReportTitle:
    agency: str | None  # None when the title names no agency ('2023年政府信息公开工作年度报告')
    year: int
    title: str          # the matched title, normalised (NFKC, arabic year, no spaces)
    wrapper: str | None = None  # '通知' when the text around the title is a notice about the report


def normalise(text: str) -> str:
    """NFKC, arabic-digit years, no whitespace: the form titles are matched in."""
    text = unicodedata.normalize("NFKC", text or "")
    return _SPACE.sub("", _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), text))


def parse_title(text: str) -> ReportTitle | None:
    """Agency and year of the first report title in ``text``; None if there is none."""
    t = normalise(text)
    m = _REPORT.search(t)
    if not m:
        return None
    before = t[:m.start()]
    agency = _agency(before.rstrip("《〈“\"【[:：_-—")) or m["after"]
    start = before.rfind(agency) if agency else m.start()
    around = before[:start] + before[start + len(agency or ""):] + t[m.end():]
    wrapper = _WRAPPER.search(around)
    return ReportTitle(agency, int(m["year"]), t[start:m.end()], wrapper.group() if wrapper else None)


def parse_yearless_title(text: str) -> tuple[str, int | None] | None:
    """Agency (and the year in brackets after the report's name, if any) of a report title that
    names no year before it ('沭阳县财政局政府信息公开工作年度报告', '…年度报告（2023年）'): a document's
    own title, where its year is printed elsewhere. None without an agency, or for a text that is
    more than the title (a notice about the report, a sentence naming it). (Link titles are read
    by :func:`parse_title` alone: a link without a year is a list or a column as often as a report.)"""
    t = normalise(text)
    m = _YEARLESS_TITLE.fullmatch(t)
    # (No year to anchor it: the title must be the whole text, its agency a name that ends as one
    # and holds a division's: '根据要求现公布政府…' is a sentence.)
    if not m or "关于" in m["agency"] or not _PLACE.search(m["agency"]):
        return None
    return m["agency"], int(m["year"]) if m["year"] else None


def _agency(before: str) -> str | None:
    m = _AGENCY.search(before)
    if not m:
        return None
    agency = _AGENCY_NOISE.sub("", m.group())
    if "关于" in agency:  # '淮安市人民政府关于印发淮安市' → the issuer
        agency = agency.split("关于", 1)[0]
    agency = _AGENCY_NOISE.sub("", agency.strip("（）()·"))
    if not AGENCY_END.search(agency):
        agency = _trim_to_agency(agency)
    return agency if len(agency) >= 2 else None


def _trim_to_agency(text: str) -> str:
    """'淮安市人民政府印发淮安市' → the longest prefix that ends like an agency (else all of it)."""
    for end in range(len(text), 1, -1):
        if AGENCY_END.search(text[:end]):
            return text[:end]
    return text
