"""What the spider yields: fetched content, and events about URLs that gave none."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Where:
    """Why a URL was requested: its source, its role, and the listing link that led to it."""

    source: str            # the sources-file agency this crawl is for
    start: str             # the start URL the walk began at
    role: str              # listing | report | part
    depth: int = 0         # navigation hops from the start URL (listings only)
    found_on: str | None = None
    title: str | None = None       # link text
    report_key: str | None = None  # agency|year, for report pages and their parts
    agency: str | None = None
    year: int | None = None


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
    other HTTP errors, robots.txt, size cap).
    """

    where: Where
    kind: str
    url: str
    fetched_at: str
    http_status: int | None = None
    reason: str | None = None
    final_url: str | None = None
