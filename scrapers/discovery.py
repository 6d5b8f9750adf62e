"""Finding reports on a site: which links are reports, which lead to them, which are files.

How a listing paginates belongs to its CMS (``scrapers/cms``).

Pure functions over page text, so that they are tested without a crawler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector

from pipeline.titles import normalise

_NAVIGATION = re.compile(r"年报|年度报告|政府信息公开|信息公开|政务公开")
_NEXT_PAGE = re.compile(r"^(?:下一?页|后一?页|next|>|»|›)$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")

ATTACHMENT_EXTS = (".pdf", ".doc", ".docx", ".wps", ".odt", ".xls", ".xlsx", ".et", ".rtf", ".ofd",
                   ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")
IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")
_TEMPLATE_IMG = re.compile(r"/(?:images?|img|static|skin|css|js|template)/|logo|banner|icon|\.gif$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Link:
    url: str   # absolute, fragment removed; any scheme (unsafe ones are refused later, by name)
    text: str  # the link text, or its title attribute when that is longer (listings truncate)


def normalise_text(text: str) -> str:
    """A link text as titles are matched: entities decoded, then ``pipeline.titles.normalise``."""
    return normalise(unescape(text or ""))


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


_DOC_NAME = re.compile(r"\.(?:pdf|docx?|wps|rtf|xlsx?|et|ofd)\s*$", re.IGNORECASE)
_DOWNLOAD = re.compile(r"download|downfile|attach|getfile|filedown|fileserver", re.IGNORECASE)
_QUERY_FILE = re.compile(r"[?&](?:filename|file)=[^&]*\.(?:pdf|docx?|wps|rtf|xlsx?)", re.IGNORECASE)


def is_document_link(link: Link) -> bool:
    """A link to a document file: by its URL's extension, a ``filename=`` in its query, a
    download endpoint (``/attach/download?id=7``) or a link text that is a file name (``报告.pdf``)."""
    parts = urlsplit(link.url)
    return (is_attachment(link.url) or bool(_QUERY_FILE.search(link.url)) or bool(_DOC_NAME.search(link.text))
            or bool(_DOWNLOAD.search(parts.path) and (parts.query or _DOC_NAME.search(link.text))))


def attachments(sel: Selector, base: str, containers: tuple[str, ...]) -> list[Link]:
    """Files attached to a report page: linked documents, embedded viewers' files, and the
    images inside the article body (``containers``, tried in order) that may be its tables."""
    out: dict[str, Link] = {}
    for link in page_links(sel, base):
        if is_document_link(link):
            out.setdefault(link.url, link)
    for src in sel.xpath("//iframe/@src | //embed/@src | //object/@data").getall():
        m = re.search(r"[?&]file=([^&]+)", unescape(src))
        target = m.group(1) if m else src
        link = _link(base, target, "")
        if link and is_attachment(link.url):
            out.setdefault(link.url, link)
    for container in containers:
        imgs = sel.xpath(container + "//img/@src").getall()
        for src in imgs:
            link = _link(base, src, "")
            if link and link.url.lower().endswith(IMAGE_EXTS) and not _TEMPLATE_IMG.search(link.url):
                out.setdefault(link.url, link)
        if imgs:
            break
    return list(out.values())


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
