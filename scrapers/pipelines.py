"""Item pipeline: fetched content into the raw archive, every outcome into the crawl state."""

from __future__ import annotations

import logging

from .items import Event, Fetched

log = logging.getLogger("xxgk.crawl")

# Headers kept in provenance (the rest is noise: cookies, CDN ids …).
_HEADERS = ("content-type", "content-length", "content-disposition", "last-modified", "etag", "date", "server",
            "content-encoding", "location", "retry-after")


class ArchivePipeline:
    """Stores content by sha256 and records a provenance record per fetch.

    A URL whose content differs from what was archived before is ``changed``:
    the new object joins the old one (never replacing it). A 404/410 on a URL
    that was live is ``removed``; on a URL never seen, ``missing``.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.state, self.archive, self.run_id = spider.state, spider.archive, spider.run_id

    def process_item(self, item):
        if isinstance(item, Fetched):
            self._fetched(item)
        elif isinstance(item, Event):
            self._event(item)
        return item

    def _fetched(self, item: Fetched) -> None:
        w = item.where
        sha, _ = self.archive.put(item.body)
        known = self.state.known(item.url)
        previous = known.sha256 if known else None
        outcome = "new" if previous is None else ("same" if previous == sha else "changed")
        record = self._record(item.where, item.url, outcome, item.fetched_at, http_status=item.http_status,
                              final_url=item.final_url, sha256=sha, size=len(item.body), encoding=item.encoding,
                              headers={k: v for k, v in item.headers.items() if k in _HEADERS})
        if outcome == "changed":
            record["previous_sha256"] = previous
            log.info("changed: %s (%s → %s)", item.url, previous[:12], sha[:12],
                     extra={"event": "changed", "url": item.url, "source": w.source})
        self.archive.log(record)
        self.state.add_fetch(record)
        if w.report_key and w.role in ("report", "part"):
            self.state.note_report(w.report_key, w.source, w.agency or w.source, w.year, w.title, item.fetched_at)
        self.state.record_url(url=item.url, source=w.source, role=w.role, report_key=w.report_key,
                              found_on=w.found_on, link_title=w.title, depth=w.depth, when=item.fetched_at,
                              run_id=self.run_id, http_status=item.http_status, etag=item.etag,
                              last_modified=item.last_modified, sha256=sha)

    def _event(self, item: Event) -> None:
        w = item.where
        kind = item.kind
        if kind == "not_modified":
            self.state.record_url(url=item.url, source=w.source, role=w.role, report_key=w.report_key,
                                  found_on=w.found_on, link_title=w.title, depth=w.depth, when=item.fetched_at,
                                  run_id=self.run_id, http_status=304, content=False)
        elif kind == "gone":
            kind = "removed" if self.state.mark_removed(item.url, item.http_status, item.fetched_at,
                                                        self.run_id) else "missing"
            if kind == "removed":
                log.warning("removed: %s (HTTP %s)", item.url, item.http_status,
                            extra={"event": "removed", "url": item.url, "source": w.source})
        else:
            level = (logging.WARNING if kind in ("blocked", "refused") else
                     logging.DEBUG if kind in ("skipped", "shared", "duplicate") else logging.INFO)
            log.log(level, "%s: %s", kind, item.reason, extra={"event": kind, "url": item.url, "source": w.source})
        record = self._record(w, item.url, kind, item.fetched_at, http_status=item.http_status,
                              final_url=item.final_url, reason=item.reason)
        self.archive.log(record)
        self.state.add_fetch(record)

    def _record(self, w, url: str, outcome: str, when: str, **extra) -> dict:
        return {"run_id": self.run_id, "source": w.source, "role": w.role, "report_key": w.report_key,
                "outcome": outcome, "url": url, "found_on": w.found_on, "link_title": w.title,
                "fetched_at": when, "agency": w.agency, "year": w.year, **extra}
