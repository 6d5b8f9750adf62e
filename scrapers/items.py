"""What the spider yields: fetched content, and events about URLs that gave none."""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import ReportKey


@dataclass(slots=True)
class Where:
    """Why a URL was requested: its source, its role, and the listing link that led to it."""

    source: str            # the sources-file agency this crawl is for
    start: str             # the start URL the walk began at
    role: str              # listing | pager | report | part | skipped
    depth: int = 0         # navigation hops from the start URL (listings only)
    found_on: str | None = None
    title: str | None = None       # link text
    key: ReportKey | None = None   # the report (agency it is filed under, year): report pages and parts
    optional: bool = False         # a page the CMS may not have generated: a 404 is not an error
    reason: str | None = None      # why the page was requested (or skipped)
    context: tuple[tuple[str, str], ...] = ()

    @property
    def report_key(self) -> str | None:
        """The state DB's form of ``key``."""
        return str(self.key) if self.key else None

    @property
    def agency(self) -> str | None:
        return self.key.agency if self.key else None

    @property
    def year(self) -> int | None:
        return self.key.year if self.key else None


@dataclass(slots=True)
class Fetched:
    """A response with content (HTTP 200), to archive."""

    where: Where
    url: str          # as requested (the key of the crawl state)
    final_url: str    # after redirects
    http_status: int
    headers: dict[str, list[str]]
    body: bytes = field(repr=False)
    fetched_at: str = ""
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class Event:
    """A request that brought no new content.

    ``kind``: not_modified (304), gone (404/410), blocked (challenge, login or
    captcha page), refused (network safety), failed (errors after retries,
    other HTTP errors, robots.txt, size cap, a redirect to itself), skipped (a
    distractor or another agency's report: seen, not fetched), shared (a listing
    another source fetched in this run), duplicate (a redirect to a URL already
    fetched in this run).
    """

    where: Where
    kind: str
    url: str
    fetched_at: str
    http_status: int | None = None
    reason: str | None = None
    final_url: str | None = None
