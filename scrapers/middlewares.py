"""Downloader middlewares: network safety, conditional requests, retry back-off,
and refusing block pages (Scrapy's ``DOWNLOADER_MIDDLEWARES`` contract)."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from .blocking import block_reason
from .netsafety import UnsafeURL, check_url

log = logging.getLogger(__name__)


class Refused(IgnoreRequest):
    """A request network safety forbids (CONTRACT.md §4)."""


class Blocked(IgnoreRequest):
    """A response that is a challenge, login or captcha page, not content."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to the URL itself (or to an earlier URL of its own chain)."""


class RedirectDuplicate(IgnoreRequest):
    """A redirect to a URL already requested in this run (Scrapy would drop it without a word)."""

    def __init__(self, message: str, target: str):
        super().__init__(message)
        self.target = target


class RedirectRecordMiddleware:
    """Turns redirects that Scrapy's duplicate filter would swallow silently into recorded outcomes.

    Sits before Scrapy's RedirectMiddleware on the way back (a higher number), so
    it sees the 3xx first: a redirect to itself (or a loop in its chain) fails
    with that reason; one to a URL this run already requested is a duplicate,
    named (a listing another source fetched is shared with it instead).
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        where = request.meta.get("xxgk")
        if where is None or response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        from .discovery import clean_url

        target = clean_url(urljoin(request.url, location.decode("latin-1")))
        chain = [clean_url(u) for u in [*request.meta.get("redirect_urls", []), request.url]]
        if target == chain[-1]:
            raise RedirectLoop(f"{chain[0]}: redirects to itself (HTTP {response.status})")
        if target in chain:
            raise RedirectLoop(f"{chain[0]}: redirect loop ({' → '.join([*chain, target])})")
        spider = self.crawler.spider
        first = spider.already_requested(target)
        if first is not None:
            raise RedirectDuplicate(f"{chain[0]}: redirects to {target}, already requested in this run"
                                    f" (for {first})", target)
        spider.note_redirect(target, where.source)
        return response


class NetworkSafetyMiddleware:
    """Refuses non-http(s) URLs and hosts in private/loopback/link-local space.

    Sits on every request, so a redirect (re-scheduled as a new request) into
    private address space is refused exactly like a direct link.
    """

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("XXGK_ALLOW_PRIVATE_NETWORKS"))

    def process_request(self, request: Request) -> None:
        try:
            check_url(request.url, allow_private=self.allow_private)
        except UnsafeURL as exc:
            redirected = request.meta.get("redirect_urls")
            via = f" (redirected from {redirected[0]})" if redirected else ""
            raise Refused(f"{request.url}{via}: {exc}") from None


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since for URLs already in the archive."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("xxgk_conditional"):
            return
        state = self.crawler.spider.state
        known = state.known(request.url)
        if known is None or known.sha256 is None or not self.crawler.spider.archive.has(known.sha256):
            return
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode("latin-1"))
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode("latin-1"))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (timeouts, 5xx, 429; never other 4xx) with exponential back-off.

    The n-th retry of a request waits ``RETRY_BACKOFF_BASE × 2^(n-1)`` seconds
    (at most ``RETRY_BACKOFF_MAX``), or what the server's Retry-After asks.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_request(self, request: Request) -> None:
        n = request.meta.get("retry_times", 0)
        if n:
            delay = request.meta.get("retry_after")
            delay = min(float(delay) if delay is not None else self.base * 2 ** (n - 1), self.cap)
            await asyncio.sleep(delay)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status in self.retry_http_codes:
            after = response.headers.get(b"Retry-After")
            if after and after.strip().isdigit():
                request.meta["retry_after"] = int(after)
            else:
                request.meta.pop("retry_after", None)
        return super().process_response(request, response)


class BlockDetectionMiddleware:
    """Turns challenge/login/captcha responses into :class:`Blocked` (never archived)."""

    def process_response(self, request: Request, response: Response) -> Response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        reason = block_reason(response.status, headers, response.body)
        if reason:
            raise Blocked(f"{request.url}: {reason}")
        return response
