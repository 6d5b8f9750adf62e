"""Hanweb (大汉) sites: ``/col/colN/index.html`` columns whose listing is CDATA records
paged through ``/module/web/jpage/dataproxy.jsp`` (jpage), articles ``/art/Y/M/D/art_N.html``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from ..discovery import Link, page_links
from ..records import PageLink
from .base import CmsAdapter, Page

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


def _is_proxy(url: str) -> bool:
    return urlsplit(url).path.endswith("dataproxy.jsp")


class HanwebAdapter(CmsAdapter):
    name = "hanweb"
    probe = False  # dataproxy.jsp says how many records there are
    fingerprints = (
        ("jpage dataproxy.jsp listing", re.compile(r"dataproxy\.jsp|\.jpage\s*\(")),
        ("Hanweb generator meta", re.compile(r"<meta[^>]+content=['\"][^'\"]*(?:Hanweb|大汉)", re.IGNORECASE)),
        ("Hanweb column URL (/col/colN/)", re.compile(r"/col/col\d+/")),
        ("Hanweb article URL (/art/Y/M/D/art_N)", re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+")),
    )

    def entries(self, page: Page) -> list[Link]:
        records = hanweb_records(page.text, page.url)
        return records if _is_proxy(page.url) else records + super().entries(page)

    def pages(self, page: Page, *, listed_new: bool, depth: int) -> list[PageLink]:
        own = [PageLink(url, "listing", depth=depth) for url in self._groups(page.text, page.url)]
        if _is_proxy(page.url):
            return own
        return own + [p for p in super().pages(page, listed_new=listed_new, depth=depth)
                      if p.url not in {o.url for o in own}]

    def _groups(self, text: str, base: str) -> list[str]:
        """The next ``dataproxy.jsp`` group: from the column page, or chained from the previous answer."""
        if not _is_proxy(base):
            listing = hanweb_listing(text, base)
            if listing is None or (listing.total is not None and listing.total <= listing.inline):
                return []
            return listing.group_urls(listing.inline + 1, listing.inline + 1)
        query = dict(parse_qsl(urlsplit(base).query))
        total, end = proxy_total(text), int(query.get("endrecord", "0") or 0)
        if total is None or end >= total or not hanweb_records(text, base):
            return []
        per_page = int(query.get("perpage", "15") or 15)
        params = [(k, v) for k, v in parse_qsl(urlsplit(base).query, keep_blank_values=True)
                  if k not in ("startrecord", "endrecord", "perpage")]
        return HanwebListing(base.split("?", 1)[0], tuple(params), per_page, total, 0).group_urls(end + 1, end + 1)
