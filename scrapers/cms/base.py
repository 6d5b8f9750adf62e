"""What every CMS adapter does, and the generic behaviour adapters build on.

An adapter owns, for its CMS family: the fingerprints that recognise it, the
links of a listing page (its report entries), its pagination, and where a
report page keeps its body and attachments. :class:`CmsAdapter` is the generic
one (下一页 and page-number links, bounded ``index_N.html``/``?page=N`` probing);
TRS and Hanweb extend it, so their sites' plain 下一页 links still work.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from pipeline.read.bodies import body_xpaths

from ..discovery import Link, attachments, clean_url, is_next_page, page_links
from ..records import PageLink


@dataclass
class Page:
    """A fetched listing page (HTML, a JSON listing answer, or a pager script)."""

    url: str
    text: str
    context: tuple[tuple[str, str], ...] = ()  # what the page that led here passed on (pager scripts)

    def context_value(self, name: str) -> str | None:
        return dict(self.context).get(name)

    @cached_property
    def selector(self) -> Selector:
        return Selector(text=self.text or "<html></html>", type="html")

    @property
    def is_json(self) -> bool:
        return self.text.lstrip()[:1] in ("{", "[")


_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_INDEX_N = re.compile(r"(?P<stem>.*/index)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")
_PAGE_PARAMS = ("page", "pageNo", "pageno", "pageIndex", "pageindex", "curpage", "p", "pn")
_JSON_TITLE = ("title", "DOCTITLE", "doctitle", "name", "docTitle", "Title")
_JSON_URL = ("url", "DOCPUBURL", "docpuburl", "link", "href", "docUrl", "puburl", "Url")


class CmsAdapter:
    """The generic adapter (any CMS): links, 下一页, page numbers, bounded probing."""

    name = "generic"
    probe = True  # try index_N.html / ?page=N after a page that listed new reports
    # (what it is, pattern searched in the page's HTML or in its URL)
    fingerprints: tuple[tuple[str, re.Pattern], ...] = ()

    def fingerprint(self, url: str, html: str) -> str | None:
        """Which of this CMS's fingerprints the page shows (None: none)."""
        for what, pattern in self.fingerprints:
            if pattern.search(html) or pattern.search(url):
                return what
        return None

    # ---- listing pages ---------------------------------------------------------------------------

    def entries(self, page: Page) -> list[Link]:
        """The links a listing page lists (entries, navigation, pagers alike)."""
        if page.is_json:
            return json_entries(page.text, page.url)
        return page_links(page.selector, page.url)

    def pages(self, page: Page, *, listed_new: bool, depth: int) -> list[PageLink]:
        """Further pages of this listing: 下一页 and page-number links; when the page listed
        reports not seen before and names no other page, its next ``index_N``/``?page=N`` (optional)."""
        links = [] if page.is_json else page_links(page.selector, page.url)
        out = [PageLink(link.url, "listing", link.text, depth=depth) for link in links
               if link.url != clean_url(page.url) and (is_next_page(link.text) or _numbered_page(link, page.url))]
        if not out and listed_new and self.probe:
            probe = next_probe(page.url)
            if probe:
                out.append(PageLink(probe, "listing", depth=depth, optional=True,
                                    reason="probed: the previous page listed new reports"))
        return out

    # ---- report pages ----------------------------------------------------------------------------

    @property
    def body_xpaths(self) -> tuple[str, ...]:
        return body_xpaths(self.name)

    def attachments(self, sel: Selector, base: str) -> list[Link]:
        return attachments(sel, base, self.body_xpaths)


def _numbered_page(link: Link, base: str) -> bool:
    """A page-number link ('2', '3' …) to another page of the same listing."""
    if not _PAGE_NUMBER.match(link.text.strip()):
        return False
    here, there = urlsplit(clean_url(base)), urlsplit(link.url)
    if here.netloc != there.netloc:
        return False
    if _INDEX_N.match(there.path) and there.path.rsplit("/", 1)[0] == here.path.rsplit("/", 1)[0]:
        return True
    return there.path == here.path and any(k in _PAGE_PARAMS for k, _ in parse_qsl(there.query))


def next_probe(url: str) -> str | None:
    """``index.html`` → ``index_1.html``, ``index_3.html`` → ``index_4.html``, ``?page=2`` → ``?page=3``."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (k, v) in enumerate(query):
        if k in _PAGE_PARAMS and v.isdigit():
            query[i] = (k, str(int(v) + 1))
            return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    m = _INDEX_N.match(parts.path)
    if m and not parts.query:
        n = int(m["n"]) + 1 if m["n"] else 1
        return urlunsplit((parts.scheme, parts.netloc, f"{m['stem']}_{n}.{m['ext']}", "", ""))
    return None


def json_entries(text: str, base: str) -> list[Link]:
    """Entries of a JSON listing answer: every object with a title and a URL, wherever it sits."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    out: list[Link] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            title = next((node[k] for k in _JSON_TITLE if isinstance(node.get(k), str)), None)
            url = next((node[k] for k in _JSON_URL if isinstance(node.get(k), str)), None)
            if title and url:
                out.append(Link(clean_url(urljoin(base, url)), title))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return out
