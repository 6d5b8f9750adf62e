"""Finding reports on a site: which links are reports, which lead to them, and
how listings paginate (TRS ``createPageHTML``, Hanweb ``dataproxy.jsp``, 下一页).

Pure functions over page text, so that they are tested without a crawler.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_CN_YEAR = re.compile(r"[二][〇零○Ｏ][一二三四五六七八九〇零○][〇零○一二三四五六七八九]")
_REPORT = re.compile(
    r"(?P<year>20[0-4]\d)年度?(?:的)?(?:本?(?:单位|机关|部门))?"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度报告|年报|报告)")
_NOT_REPORT = re.compile(r"通知|转发|印发|报送|编制|做好|征集|评估|考核|排名|目录")
_VARIANTS = [("图片版", "image"), ("超链版", "hyperlink"), ("文字版", "text"), ("解读", "interpretation"),
             ("图解", "interpretation"), ("一图读懂", "interpretation")]
_AGENCY_NOISE = re.compile(r"^(?:关于|图解[:：]?|一图读懂[:：]?|[《〈“\"【\[]+)+|[》〉”\"】\]]+$")
_NAVIGATION = re.compile(r"年报|年度报告|政府信息公开|信息公开|政务公开")
_NEXT_PAGE = re.compile(r"^(?:下一?页|后一?页|next|>|»|›)$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")

ATTACHMENT_EXTS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".rtf", ".ofd",
                   ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")
IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")
# Where CMS article bodies live: images inside them may be the report's tables.
_CONTENT = ("//div[contains(@class,'TRS_Editor')]", "//div[@id='zoom' or @id='Zoom']",
            "//div[contains(@class,'article')]", "//div[@id='UCAP-CONTENT']",
            "//div[contains(@class,'bt-article')]", "//div[contains(@class,'content')]")
_TEMPLATE_IMG = re.compile(r"/(?:images?|img|static|skin|css|js|template)/|logo|banner|icon|\.gif$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Link:
    url: str   # absolute, fragment removed; any scheme (unsafe ones are refused later, by name)
    text: str  # the link text, or its title attribute when that is longer (listings truncate)


@dataclass(frozen=True, slots=True)
class ReportTitle:
    year: int
    agency: str | None  # None when the title names no agency ('2023年政府信息公开工作年度报告')
    variant: str        # main | image | hyperlink | text | interpretation


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", unescape(text or ""))
    return _SPACE.sub("", _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), text))


def parse_report_title(text: str) -> ReportTitle | None:
    """The year, agency and variant of a report title; None if ``text`` is not one."""
    t = normalise_text(text)
    m = _REPORT.search(t)
    if not m or _NOT_REPORT.search(t[:m.start()] + t[m.end():]):
        return None
    agency = _AGENCY_NOISE.sub("", t[:m.start()]).strip("（()）_-—·:：")
    variant = next((v for word, v in _VARIANTS if word in t), "main")
    return ReportTitle(int(m["year"]), agency if len(agency) >= 2 else None, variant)


_ANNUAL = re.compile(r"年报|年度报告")


def is_navigation(text: str, *, strict: bool = False) -> bool:
    """Link text that may lead to the 年报 column (政府信息公开, 年报, 年度报告 …).

    ``strict`` (on a page that already lists reports) accepts only links naming
    年报 / 年度报告, so breadcrumbs and side menus do not lead the walk away.
    """
    t = normalise_text(text)
    return 0 < len(t) <= 30 and bool((_ANNUAL if strict else _NAVIGATION).search(t))


def is_next_page(text: str) -> bool:
    return bool(_NEXT_PAGE.match(normalise_text(text)))


def clean_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _link(base: str, href: str, text: str) -> Link | None:
    href = unescape(href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    return Link(clean_url(urljoin(base, href)), text)


def page_links(sel: Selector, base: str) -> list[Link]:
    """Every ``<a href>`` of a page, in order, with its best text."""
    out = []
    for a in sel.xpath("//a[@href]"):
        text = _SPACE.sub(" ", " ".join(a.xpath(".//text()").getall())).strip()
        title = (a.attrib.get("title") or "").strip()
        link = _link(base, a.attrib["href"], title if len(title) > len(text) else text)
        if link:
            out.append(link)
    return out


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXTS)


def attachments(sel: Selector, base: str) -> list[Link]:
    """Files attached to a report page: linked documents, embedded viewers' files, table images."""
    out: dict[str, Link] = {}
    for link in page_links(sel, base):
        if is_attachment(link.url) or re.search(r"[?&](?:filename|file)=[^&]*\.(?:pdf|docx?|wps|xlsx?)", link.url,
                                                re.IGNORECASE):
            out.setdefault(link.url, link)
    for src in sel.xpath("//iframe/@src | //embed/@src | //object/@data").getall():
        m = re.search(r"[?&]file=([^&]+)", unescape(src))
        target = m.group(1) if m else src
        link = _link(base, target, "")
        if link and is_attachment(link.url):
            out.setdefault(link.url, link)
    for container in _CONTENT:
        imgs = sel.xpath(container + "//img/@src").getall()
        for src in imgs:
            link = _link(base, src, "")
            if link and link.url.lower().endswith(IMAGE_EXTS) and not _TEMPLATE_IMG.search(link.url):
                out.setdefault(link.url, link)
        if imgs:
            break
    return list(out.values())


# ---- pagination ------------------------------------------------------------------------------------

_TRS = re.compile(r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*['\"]([\w.-]+)['\"]"
                  r"\s*,\s*['\"](\w+)['\"]")


def trs_pages(html: str, base: str, limit: int) -> list[str]:
    """``createPageHTML(n, cur, "index", "html")`` → ``index_1.html`` … ``index_{n-1}.html``."""
    m = _TRS.search(html)
    if not m:
        return []
    count, _current, prefix, ext = int(m[1]), int(m[2]), m[3], m[4]
    return [urljoin(base, f"{prefix}_{i}.{ext}") for i in range(1, min(count, limit))]


_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)['\"]", re.DOTALL | re.IGNORECASE)
_TOTAL = re.compile(r"(?:totalRecord|<totalrecord>)\s*[:=]?\s*['\"]?(\d+)", re.IGNORECASE)
_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_PROXY = re.compile(r"proxyUrl\s*[:=]\s*['\"]([^'\"]+dataproxy\.jsp)['\"]", re.IGNORECASE)
HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"


def hanweb_records(html: str, base: str) -> list[Link]:
    """Links inside the CDATA records of a Hanweb page or ``dataproxy.jsp`` answer."""
    out = []
    for fragment in _RECORD.findall(html):
        out += page_links(Selector(text=f"<div>{fragment}</div>"), base)
    return out


@dataclass(frozen=True, slots=True)
class HanwebListing:
    """What a Hanweb column page says about its ``dataproxy.jsp`` listing."""

    proxy: str          # absolute URL of dataproxy.jsp
    params: tuple       # the column's query parameters (col, appid, webid, columnid, unitid …)
    per_page: int
    total: int | None   # totalRecord, when the page states it
    inline: int         # records already on the page

    def group_urls(self, start: int, end_limit: int) -> list[str]:
        """GET URLs for the records from ``start`` on, ``3 × perPage`` per request as jpage asks."""
        step = max(self.per_page, 1) * 3
        total = self.total if self.total is not None else start + step - 1
        urls = []
        for first in range(start, min(total, end_limit) + 1, step):
            query = urlencode([("startrecord", first), ("endrecord", first + step - 1),
                               ("perpage", self.per_page), *self.params])
            urls.append(f"{self.proxy}?{query}")
        return urls


def hanweb_listing(html: str, base: str) -> HanwebListing | None:
    """The dataproxy listing of a Hanweb column page (None when the page has none)."""
    group = _NEXTGROUP.search(html)
    proxy_m = _PROXY.search(html)
    if not group and not proxy_m:
        return None
    href = unescape(group.group(1)) if group else ""
    parts = urlsplit(urljoin(base, href or (proxy_m.group(1) if proxy_m else HANWEB_PROXY)))
    proxy = urljoin(base, proxy_m.group(1)) if proxy_m else urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    params = tuple((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in ("startrecord", "endrecord", "perpage", "page"))
    per_page = int(m[1]) if (m := _PERPAGE.search(html)) else 15
    total = int(m[1]) if (m := _TOTAL.search(html)) else None
    return HanwebListing(proxy, params, per_page, total, len(_RECORD.findall(html)))


def proxy_total(xml: str) -> int | None:
    m = re.search(r"<totalrecord>\s*(\d+)", xml, re.IGNORECASE)
    return int(m[1]) if m else None


def site_of(host: str) -> str:
    """The site a host belongs to: www.x.gov.cn and zwgk.x.gov.cn are one site (x.gov.cn)."""
    host = (host or "").lower().rstrip(".")
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in ("gov", "com", "org", "net", "edu") else 2
    return ".".join(labels[-keep:])


def same_site(url: str, start: str) -> bool:
    return site_of(urlsplit(url).hostname or "") == site_of(urlsplit(start).hostname or "")
