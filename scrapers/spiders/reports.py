"""The reports spider: from each source's start URLs to every annual report and its parts.

Walk: a start page (the 年报 column or the 信息公开 home) → in-site links whose
text points to 年报 / 年度报告 / 政府信息公开 (bounded depth) → listing pages and
their pagination (TRS ``createPageHTML``, Hanweb ``dataproxy.jsp``, 下一页) →
report entries, recognised by title → the report page and its attachments.

Incremental: every page's outgoing links are kept in the state, so a page that
answers 304 Not Modified is walked again from the state without downloading
it; at the end, reports known from earlier runs but not reached this time are
checked directly (that is how removals are noticed).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..archive import RawArchive
from ..discovery import (
    HanwebListing,
    attachments,
    clean_url,
    hanweb_listing,
    hanweb_records,
    is_attachment,
    is_navigation,
    is_next_page,
    page_links,
    parse_report_title,
    proxy_total,
    same_site,
    trs_pages,
)
from ..items import Event, Fetched, Where
from ..middlewares import Blocked, Refused
from ..sources import Source
from ..state import Known, State, report_key

log = logging.getLogger("xxgk.crawl")

HANDLED = [304, 404, 410]
PRIORITY = {"listing": 20, "report": 10, "part": 0}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def resolve_agency(title_agency: str | None, source_agency: str) -> str:
    """The publisher a report is filed under: the source's own name when the title
    names it (or names nobody), so its agency id stays stable across years."""
    if not title_agency:
        return source_agency
    a, s = title_agency.replace("管委会", ""), source_agency.replace("管委会", "")
    return source_agency if (a in s or s in a) else title_agency


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sources: list[Source], data_dir: str, run_id: str, years: tuple[int, int] | None = None,
                 max_depth: int = 3, max_listing_pages: int = 300, **kwargs):
        super().__init__(**kwargs)
        self.sources = sources
        self.run_id = run_id
        self.years = years
        self.max_depth = max_depth
        self.max_listing_pages = max_listing_pages
        self.state = State(f"{data_dir}/state.sqlite")
        self.archive = RawArchive(f"{data_dir}/raw")
        self._listing_pages: dict[str, int] = {}
        self._revisited = False
        self._walked: set[str] = set()  # pages walked from the state without a request
        self.recheck_days = 30.0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.recheck_days = crawler.settings.getfloat("XXGK_RECHECK_DAYS", 30.0)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    async def start(self):
        for source in self.sources:
            for url in source.start_urls:
                out = self._request(clean_url(url), Where(source.agency, url, "listing"))
                if out is not None:
                    yield out

    # ---- requests ---------------------------------------------------------------------------------

    def _wanted_year(self, year: int | None) -> bool:
        return year is None or self.years is None or self.years[0] <= year <= self.years[1]

    def _request(self, url: str, where: Where):
        """A request for ``url``, or an Event when it cannot be requested (or None when over a bound)."""
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            return Event(where, "refused", url, now(), reason=f"{url}: only http and https are crawled")
        if where.role == "listing":
            n = self._listing_pages.get(where.source, 0)
            if n >= self.max_listing_pages:
                return None
            self._listing_pages[where.source] = n + 1
        return scrapy.Request(url, callback=self.parse, errback=self.failed, priority=PRIORITY[where.role],
                              meta={"xxgk": where, "xxgk_conditional": True, "handle_httpstatus_list": HANDLED})

    def _due(self, known: Known) -> bool:
        """Whether a known document should be re-checked although the page linking it is unchanged.

        Each URL gets its own threshold (0.75–1.25 × XXGK_RECHECK_DAYS), so that
        re-checks spread over runs instead of all falling due together.
        """
        if not known.last_checked:
            return True
        age = (datetime.now(UTC) - datetime.fromisoformat(known.last_checked)).total_seconds() / 86400
        spread = int(hashlib.sha1(known.url.encode()).hexdigest()[:8], 16) / 2**32
        return age >= self.recheck_days * (0.75 + 0.5 * spread)

    def _follow(self, page: str, where: Where, links: list[tuple], changed: bool = True):
        """Requests for the links of ``page``.

        Entry pages (start URLs, 年报 columns reached by navigation) are always
        re-requested (conditionally). Behind an unchanged page, pagination,
        report pages and attachments that are archived and not due for a
        re-check are not requested: their own links are walked from the state
        instead, so nothing behind them is skipped.
        """
        for url, role, title, key, depth in links:
            agency, year = (key.rsplit("|", 1)[0], int(key.rsplit("|", 1)[1])) if key else (None, None)
            if not self._wanted_year(year):
                continue
            child = Where(where.source, where.start, role, depth, page, title, key, agency, year)
            # Pagination (a listing at the same depth) only changes when its first page does.
            if not changed and (role != "listing" or (depth == where.depth and where.role == "listing")):
                known = self.state.known(url)
                if known is not None and known.sha256 and not self._due(known):
                    if url not in self._walked:
                        self._walked.add(url)
                        yield from self._follow(url, child, self.state.links(url), changed=False)
                    continue
            out = self._request(url, child)
            if out is not None:
                yield out

    # ---- responses --------------------------------------------------------------------------------

    def parse(self, response: Response):
        where: Where = response.meta["xxgk"]
        url = response.request.meta.get("redirect_urls", [response.url])[0]
        if response.status == 304:
            yield Event(where, "not_modified", url, now(), 304, final_url=response.url)
            yield from self._follow(url, where, self.state.links(url), changed=False)
            return
        if response.status in (404, 410):
            yield Event(where, "gone", url, now(), response.status, reason=f"HTTP {response.status}",
                        final_url=response.url)
            return
        links = self._links(response, where) if isinstance(response, TextResponse) else []
        known = self.state.known(url)
        changed = known is None or known.sha256 != hashlib.sha256(response.body).hexdigest()
        # Links first, validators second: a run killed in between re-downloads rather than forgets.
        self.state.set_links(url, links)
        yield Fetched(where, url, response.url, response.status, _headers(response), response.body, now(),
                      response.encoding if isinstance(response, TextResponse) else None,
                      _header(response, b"ETag"), _header(response, b"Last-Modified"))
        yield from self._follow(url, where, links, changed=changed)

    def _links(self, response: TextResponse, where: Where) -> list[tuple]:
        if where.role == "report":
            return [(a.url, "part", a.text or where.title, where.report_key, where.depth)
                    for a in attachments(response.selector, response.url)]
        if where.role != "listing":
            return []
        return self._listing_links(response, where)

    def _listing_links(self, response: TextResponse, where: Where) -> list[tuple]:
        text, base = response.text, response.url
        is_proxy = urlsplit(base).path.endswith("dataproxy.jsp")
        found = hanweb_records(text, base) + ([] if is_proxy else page_links(response.selector, base))
        out: dict[str, tuple] = {}
        has_reports = any(parse_report_title(link.text) for link in found)
        for link in found:
            if link.url in out or link.url == base:
                continue
            title = parse_report_title(link.text)
            if title is not None:
                agency = resolve_agency(title.agency, where.source)
                role = "part" if is_attachment(link.url) else "report"
                out[link.url] = (link.url, role, link.text, report_key(agency, title.year), where.depth)
            elif not same_site(link.url, where.start) or urlsplit(link.url).scheme not in ("http", "https"):
                continue
            elif is_next_page(link.text):
                out[link.url] = (link.url, "listing", link.text, None, where.depth)
            elif is_navigation(link.text, strict=has_reports) and where.depth < self.max_depth:
                out[link.url] = (link.url, "listing", link.text, None, where.depth + 1)
        for page in trs_pages(text, base, self.max_listing_pages):
            out.setdefault(page, (page, "listing", None, None, where.depth))
        for page in self._hanweb_pages(text, base, is_proxy):
            out.setdefault(page, (page, "listing", None, None, where.depth))
        return list(out.values())

    def _hanweb_pages(self, text: str, base: str, is_proxy: bool) -> list[str]:
        """The next ``dataproxy.jsp`` group: from the column page, or chained from the previous answer."""
        if not is_proxy:
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
        proxy = base.split("?", 1)[0]
        return HanwebListing(proxy, tuple(params), per_page, total, 0).group_urls(end + 1, end + 1)

    def failed(self, failure: Failure):
        request = failure.request
        where: Where = request.meta["xxgk"]
        url = request.meta.get("redirect_urls", [request.url])[0]
        exc = failure.value
        if isinstance(exc, Blocked):
            yield Event(where, "blocked", url, now(), reason=str(exc), final_url=request.url)
        elif isinstance(exc, Refused):
            yield Event(where, "refused", url, now(), reason=str(exc), final_url=request.url)
        elif isinstance(exc, HttpError):
            status = exc.response.status
            yield Event(where, "failed", url, now(), status, reason=f"{url}: HTTP {status}")
        elif isinstance(exc, IgnoreRequest):
            yield Event(where, "failed", url, now(), reason=f"{url}: {exc or 'ignored'}")
        else:
            yield Event(where, "failed", url, now(), reason=f"{url}: {type(exc).__name__}: {exc}")

    # ---- end of the walk: revisit known reports not reached ------------------------------------------

    def _idle(self) -> None:
        if self._revisited:
            return
        self._revisited = True
        scheduled = 0
        for source in self.sources:
            for known in self.state.revisit(source.agency, self.run_id):
                request = self._revisit_request(source, known)
                if request is not None:
                    self.crawler.engine.crawl(request)
                    scheduled += 1
        if scheduled:
            log.info("revisiting %d known report URLs not reached through listings", scheduled,
                     extra={"event": "revisit", "count": scheduled})
            raise DontCloseSpider

    def _revisit_request(self, source: Source, known: Known):
        year = int(known.report_key.rsplit("|", 1)[1]) if known.report_key else None
        if not self._wanted_year(year) or not self._due(known) or known.url in self._walked:
            return None
        agency = known.report_key.rsplit("|", 1)[0] if known.report_key else None
        where = Where(source.agency, source.start_urls[0], known.role, known.depth, known.found_on,
                      known.link_title, known.report_key, agency, year)
        out = self._request(known.url, where)
        return out if isinstance(out, scrapy.Request) else None

    def _closed(self) -> None:
        self.state.close()


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _headers(response: Response) -> dict[str, list[str]]:
    return {k.decode("latin-1").lower(): [v.decode("latin-1") for v in vs] for k, vs in response.headers.items()}
