"""The reports spider: from each source's start URLs to every annual report and its parts.

Walk: a start page (the 年报 column or the 信息公开 home) → in-site links whose
text points to 年报 / 年度报告 / 政府信息公开 (bounded depth) → listing pages and
their pagination (by the CMS adapter of ``scrapers/cms``) → report entries,
recognised by title and attributed to an agency (distractors and, for
``scope: own``, other agencies' reports are recorded as skipped) → the report
page and its attachments. A listing URL several sources share is fetched once
and given to each of them.

Incremental: every page's outgoing links are kept in the state, so a page that
answers 304 Not Modified is walked again from the state without downloading
it; at the end, reports known from earlier runs but not reached this time are
checked directly (that is how removals are noticed).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from pipeline.storage import DataDir

from ..archive import RawArchive
from ..attribution import attribute, publisher
from ..cms import CmsAdapter, Page, choose
from ..discovery import clean_url, is_document_link, is_navigation, same_site
from ..frontier import Frontier
from ..frontier.scheduler import LeaseOutputs, releases_lease
from ..items import Event, Fetched, Where
from ..middlewares import Blocked, RedirectDuplicate, RedirectLoop, Refused
from ..recheck import due
from ..records import PageLink, ReportKey
from ..sources import Source
from ..state import Known, State
from ..titles import read_title

log = logging.getLogger("xxgk.crawl")

HANDLED = [304, 404, 410]
PRIORITY = {"listing": 20, "pager": 20, "report": 10, "part": 0}
SHARED = ("listing", "pager")  # roles whose one fetch is shared as such (links alike for every source)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sources: list[Source], data_dir: str, run_id: str, years: tuple[int, int] | None = None,
                 max_depth: int = 3, max_listing_pages: int = 300, **kwargs):
        super().__init__(**kwargs)
        self.sources = sources
        self.by_name = {s.agency: s for s in sources}
        self.run_id = run_id
        self.years = years
        self.max_depth = max_depth
        self.max_listing_pages = max_listing_pages
        data = DataDir.of(data_dir)
        self.state = State(data.state_db)
        self.archive = RawArchive(data.raw)
        self._listing_pages: dict[str, int] = {}
        self._revisited = False
        self._walked: set[tuple[str, str]] = set()  # (source, page) walked from the state without a request
        self._requested: dict[str, str] = {}  # URL → the source it was first requested for, in this run
        self._shared: dict[str, list[Where]] = {}   # listing URL in flight → the other sources waiting for it
        self._parsed: dict[str, tuple[list[PageLink], bool]] = {}  # listing URL → (its links, changed)
        self._served: dict[str, set[str]] = {}  # shared URL → the sources it was given to
        self._unreachable: dict[str, Event] = {}  # listing URL → what its one request ended with (no content)
        self._entries: set[str] = set()  # report entries listed so far (bounds generic probing)
        self._chosen: dict[tuple[str, str], str] = {}  # (source, adapter) → why, logged once
        self.recheck_days = 30.0
        self.frontier: Frontier | None = None  # shared with other crawlers (``xxgk crawl --frontier``)
        self.lease_outputs: LeaseOutputs | None = None
        self._elsewhere: set[str] = set()  # URLs the frontier dropped: another crawler requested them

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.recheck_days = crawler.settings.getfloat("XXGK_RECHECK_DAYS", 30.0)
        if crawler.settings.get("XXGK_FRONTIER"):
            spider.frontier = Frontier.from_settings(crawler.settings)
            spider.lease_outputs = LeaseOutputs(spider.frontier)
            crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
            for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
                crawler.signals.connect(spider.lease_outputs.done_item, signal=signal)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    async def start(self):
        for source in self.sources:
            for url in source.start_urls:
                for out in self._requests(clean_url(url), Where(source.agency, url, "listing")):
                    yield out

    # ---- requests ---------------------------------------------------------------------------------

    def _wanted_year(self, year: int | None) -> bool:
        return year is None or self.years is None or self.years[0] <= year <= self.years[1]

    def already_requested(self, url: str) -> str | None:
        """The source ``url`` was requested for in this run (None: not requested)."""
        return self._requested.get(url)

    def note_redirect(self, url: str, source: str) -> None:
        self._requested.setdefault(url, source)

    def _requests(self, url: str, where: Where):
        """A request for ``url``, or the events standing for it: refused, shared (a listing another
        source fetched), duplicate (already requested in this run) — nothing when over a bound."""
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            yield Event(where, "refused", url, now(), reason=f"{url}: only http and https are crawled")
            return
        first = self._requested.get(url)
        if first is not None and url in self._elsewhere:  # another crawler of the frontier has it:
            if where.role in SHARED:                      # a listing's links are read per source
                yield self._request(url, where)
            return
        if first is not None:  # one request per URL and run; every source reaching it gets the answer
            served = self._served.setdefault(url, {first})
            if where.source in served:
                return  # this source reached the page again (pagination links back): nothing new
            served.add(where.source)
            if url in self._parsed:
                yield from self._share(url, where, first)
            elif url in self._shared:
                self._shared[url].append(where)
            elif url in self._unreachable:
                ev = self._unreachable[url]
                yield Event(where, ev.kind, url, now(), ev.http_status, reason=ev.reason, final_url=ev.final_url)
            else:
                yield Event(where, "duplicate", url, now(), reason=f"{url}: already requested in this run for {first}")
            return
        if where.role in SHARED:
            n = self._listing_pages.get(where.source, 0)
            if n >= self.max_listing_pages:
                return
            self._listing_pages[where.source] = n + 1
        self._shared[url] = []
        self._requested[url] = where.source
        yield self._request(url, where)

    def _request(self, url: str, where: Where) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, errback=self.failed, priority=PRIORITY[where.role],
                              meta={"xxgk": where, "xxgk_conditional": True, "handle_httpstatus_list": HANDLED})

    def _dropped(self, request: scrapy.Request) -> None:
        """The frontier's duplicate filter dropped a request: another crawler made it. Sources waiting here
        for that listing request it for themselves (so do later ones, in ``_requests``)."""
        if request.meta.get("xxgk") is None:
            return
        url = request.meta.get("redirect_urls", [request.url])[0]
        self._elsewhere.add(url)
        for where in self._shared.pop(url, []):
            if where.role in SHARED:
                self.crawler.engine.crawl(self._request(url, where))

    def _share(self, url: str, where: Where, first: str):
        links, changed = self._parsed[url]
        yield Event(where, "shared", url, now(), reason=f"{url}: fetched once in this run, for {first}")
        yield from self._follow(url, where, links, changed=changed)

    def _due(self, known: Known) -> bool:
        return due(known, self.recheck_days)

    def _follow(self, page: str, where: Where, links: list[PageLink], changed: bool = True):
        """Requests (or events) for the links of ``page``, as seen by ``where.source``.

        Entry pages (start URLs, 年报 columns reached by navigation) are always
        re-requested (conditionally). Behind an unchanged page, pagination,
        report pages and attachments that are archived and not due for a
        re-check are not requested: their own links are walked from the state
        instead, so nothing behind them is skipped.
        """
        source = self.by_name[where.source]
        for link in links:
            key, skip = link.key, link.reason if link.role == "skipped" else None
            if skip and key is not None and not key.agency:
                key = None  # a distractor naming no agency (a county-wide 通知) is nobody's report-year
            if key is not None:  # filed under the agency it belongs to; another's is skipped (scope own)
                attributed = attribute(source, key)
                key, skip = attributed.key or key, skip or attributed.skip
            if not self._wanted_year(key.year if key else None):
                continue
            child = Where(where.source, where.start, "skipped" if skip else link.role, link.depth, page, link.title,
                          key, link.optional, skip or link.reason, link.context)
            if skip:
                yield Event(child, "skipped", link.url, now(), reason=skip)
                continue
            # Pagination (a listing at the same depth) only changes when its first page does.
            if not changed and (link.role not in SHARED or (link.depth == where.depth and where.role in SHARED)):
                known = self.state.known(link.url)
                if known is not None and known.sha256 and not self._due(known):
                    if (where.source, link.url) not in self._walked:
                        self._walked.add((where.source, link.url))
                        yield from self._follow(link.url, child, self.state.links(link.url), changed=False)
                    continue
            yield from self._requests(link.url, child)

    # ---- responses --------------------------------------------------------------------------------

    @releases_lease
    def parse(self, response: Response):
        where: Where = response.meta["xxgk"]
        url = response.request.meta.get("redirect_urls", [response.url])[0]
        waiting = self._shared.pop(url, [])
        if response.status == 304:
            links = self.state.links(url)
            yield Event(where, "not_modified", url, now(), 304, final_url=response.url)
            yield from self._done(url, where, waiting, links, False)
            return
        if response.status in (404, 410):
            reason = f"HTTP {response.status}" + (f" ({where.reason}; not generated by the site)" if where.optional
                                                  else "")
            for w in (where, *waiting):
                yield Event(w, "gone", url, now(), response.status, reason=reason, final_url=response.url)
            self._unreachable[url] = Event(where, "gone", url, "", response.status, reason, response.url)
            return
        if where.role not in SHARED:  # a document: each source files it under its own attribution
            for w in (where, *waiting):
                yield from self._document(url, w, response)
            return
        links = self._read_links(url, response, where)
        yield self._fetched(url, where, response)
        yield from self._done(url, where, waiting, links, self._changed(url, response))

    def _document(self, url: str, where: Where, response: Response):
        if where.role == "report" and isinstance(response, TextResponse):
            where, skip = self._by_publisher(where, response)
            if skip:
                yield Event(replace(where, role="skipped"), "skipped", url, now(), response.status, reason=skip)
                return
        changed = self._changed(url, response)
        links = self._read_links(url, response, where)
        yield self._fetched(url, where, response)
        yield from self._follow(url, where, links, changed=changed)

    def _changed(self, url: str, response: Response) -> bool:
        known = self.state.known(url)
        return known is None or known.sha256 != hashlib.sha256(response.body).hexdigest()

    def _read_links(self, url: str, response: Response, where: Where) -> list[PageLink]:
        """The page's links, kept in the state first (a run killed before the validators re-downloads)."""
        try:
            links = self._links(response, where) if isinstance(response, TextResponse) else []
        except Exception:  # a page no adapter can read costs its links, never the crawl's records
            log.exception("cannot read the links of %s", url, extra={"event": "parse_error", "url": url})
            links = []
        self.state.set_links(url, links)
        return links

    def _fetched(self, url: str, where: Where, response: Response) -> Fetched:
        return Fetched(where, url, response.url, response.status, _headers(response), response.body, now(),
                       response.encoding if isinstance(response, TextResponse) else None,
                       _header(response, b"ETag"), _header(response, b"Last-Modified"))

    def _done(self, url: str, where: Where, waiting: list[Where], links: list[PageLink], changed: bool):
        """Follow a listing's links for its source and for every source waiting on it."""
        self._parsed[url] = (links, changed)
        yield from self._follow(url, where, links, changed=changed)
        for other in waiting:
            yield from self._share(url, other, where.source)

    def _by_publisher(self, where: Where, response: TextResponse) -> tuple[Where, str | None]:
        """A report whose title names no agency is filed under the publisher its page names (发布机构):
        another agency's, for a ``scope: own`` source, is skipped (the reason returned)."""
        title = read_title(where.title or "")
        if where.key is None or (title is not None and title.agency):
            return where, None
        name = publisher(response.body, response.url)
        if not name:
            return where, None
        attributed = attribute(self.by_name[where.source], ReportKey(name, where.key.year))
        if attributed.key is None:
            return where, f"{attributed.skip} (发布机构 on the page)"
        return replace(where, key=attributed.key), None

    def _adapter(self, source: str, url: str, text: str) -> CmsAdapter:
        adapter, why = choose(self.by_name[source].cms, url, text)
        if (source, adapter.name) not in self._chosen:
            self._chosen[(source, adapter.name)] = why
            log.info("%s: %s pages read as %s (%s)", source, url, adapter.name, why,
                     extra={"event": "cms", "source": source, "url": url, "cms": adapter.name, "why": why})
        return adapter

    def _links(self, response: TextResponse, where: Where) -> list[PageLink]:
        adapter = self._adapter(where.source, response.url, response.text)
        if where.role == "report":
            return [PageLink(a.url, "part", a.text or where.title, where.key, where.depth)
                    for a in adapter.attachments(response.selector, response.url)]
        if where.role == "pager":
            return adapter.pages(Page(response.url, response.text, where.context), listed_new=False,
                                 depth=where.depth)
        if where.role != "listing":
            return []
        return self._listing_links(Page(response.url, response.text), where, adapter)

    def _listing_links(self, page: Page, where: Where, adapter: CmsAdapter) -> list[PageLink]:
        base = clean_url(page.url)
        found = adapter.entries(page)
        titles = {link.url: read_title(link.text) for link in found}
        has_reports = any(t is not None and t.skip is None for t in titles.values())
        out: dict[str, PageLink] = {}
        for link in found:
            if link.url in out or link.url == base:
                continue
            t = titles[link.url]
            if t is not None:
                key = ReportKey(t.agency or "", t.year) if t.year else None
                if t.skip:
                    out[link.url] = PageLink(link.url, "skipped", link.text, key, where.depth, reason=t.skip)
                else:
                    role = "part" if is_document_link(link) else "report"
                    out[link.url] = PageLink(link.url, role, link.text, key, where.depth)
            elif not same_site(link.url, where.start) or urlsplit(link.url).scheme not in ("http", "https"):
                continue
            elif is_navigation(link.text, strict=has_reports) and where.depth < self.max_depth:
                out[link.url] = PageLink(link.url, "listing", link.text, depth=where.depth + 1)
        entries = {u for u, li in out.items() if li.role in ("report", "part")}
        listed_new = bool(entries - self._entries)
        self._entries |= entries
        for pager in adapter.pages(page, listed_new=listed_new, depth=where.depth):
            if pager.url != base and (pager.url not in out or out[pager.url].role == "listing"):
                out[pager.url] = pager
        return list(out.values())

    @releases_lease
    def failed(self, failure: Failure):
        request = failure.request
        where: Where = request.meta["xxgk"]
        url = request.meta.get("redirect_urls", [request.url])[0]
        waiting = self._shared.pop(url, [])
        exc = failure.value
        if isinstance(exc, RedirectDuplicate) and where.role in SHARED and exc.target in self._parsed:
            for w in (where, *waiting):  # another source's listing, reached through a redirect
                yield from self._share(exc.target, w, self._requested.get(exc.target, "?"))
            return
        if isinstance(exc, RedirectDuplicate) and where.role in SHARED and exc.target in self._shared:
            self._shared[exc.target] += [where, *waiting]  # … still in flight: served when it arrives
            return
        for w in (where, *waiting):
            event = _failure_event(w, url, request.url, exc)
            yield event
        self._unreachable[url] = event

    # ---- end of the walk: revisit known reports not reached ------------------------------------------

    def _idle(self) -> None:
        if self.frontier is not None:
            self.lease_outputs.clear()  # idle: whatever is still counted was dropped on the way
            if self.frontier.must_wait():
                raise DontCloseSpider  # other crawlers' work may lead to more: revisit only at the very end
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
        key = ReportKey.parse(known.report_key)
        if not self._wanted_year(key.year if key else None) or not self._due(known) \
                or (source.agency, known.url) in self._walked:
            return None
        where = Where(source.agency, source.start_urls[0], known.role, known.depth, known.found_on,
                      known.link_title, key)
        out = next(self._requests(known.url, where), None)
        return out if isinstance(out, scrapy.Request) else None

    def _closed(self) -> None:
        self.state.close()


def _failure_event(where: Where, url: str, final: str, exc: BaseException) -> Event:
    if isinstance(exc, Blocked):
        return Event(where, "blocked", url, now(), reason=str(exc), final_url=final)
    if isinstance(exc, Refused):
        return Event(where, "refused", url, now(), reason=str(exc), final_url=final)
    if isinstance(exc, RedirectDuplicate):
        return Event(where, "duplicate", url, now(), reason=str(exc), final_url=exc.target)
    if isinstance(exc, HttpError):
        status = exc.response.status
        if status in (404, 410) and where.optional:
            return Event(where, "gone", url, now(), status, reason=f"HTTP {status} ({where.reason})")
        return Event(where, "failed", url, now(), status, reason=f"{url}: HTTP {status}")
    if isinstance(exc, RedirectLoop):
        return Event(where, "failed", url, now(), reason=str(exc), final_url=final)
    if isinstance(exc, IgnoreRequest):
        return Event(where, "failed", url, now(), reason=f"{url}: {exc or 'ignored'}")
    return Event(where, "failed", url, now(), reason=f"{url}: {type(exc).__name__}: {exc}")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _headers(response: Response) -> dict[str, list[str]]:
    return {k.decode("latin-1").lower(): [v.decode("latin-1") for v in vs] for k, vs in response.headers.items()}
