"""Crawl state in SQLite (``DATA/state.sqlite``): what was seen when.

- ``urls``: one row per URL ever fetched, with its validators (ETag,
  Last-Modified) for conditional requests, the sha256 of its latest content and
  whether it was removed (404/410). Listing pages, report pages and attachments.
- ``links``: what each page pointed to when last parsed, so a page answering
  304 Not Modified can be walked again without downloading it.
- ``reports``: one row per agency-year report found, and what was last loaded
  from it (content digest, extractor version) so a run extracts only what is
  new, changed or made by an older extractor.
- ``fetches``: the provenance of every fetch (mirrored as JSON lines in the raw
  archive). ``source_runs`` / ``runs``: per-run outcomes for the manifest.

Every write commits at once (WAL journal): a run killed at any point leaves a
consistent state, and the next run continues from it. Several crawlers may
write one state at once (``xxgk crawl --frontier`` sharing a data directory):
SQLite serialises the writers (busy timeout 60 s), multi-statement writes take
the write lock up front (``BEGIN IMMEDIATE``), and every row is an upsert
keyed by URL, page or report, so concurrent crawlers merge rather than clobber.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from .records import PageLink, ReportKey

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
  url TEXT PRIMARY KEY, source TEXT NOT NULL, role TEXT NOT NULL, report_key TEXT,
  found_on TEXT, link_title TEXT, depth INTEGER NOT NULL DEFAULT 0,
  etag TEXT, last_modified TEXT, sha256 TEXT, http_status INTEGER,
  first_seen TEXT, last_seen TEXT, last_checked TEXT, removed_at TEXT, last_run TEXT);
CREATE INDEX IF NOT EXISTS urls_report ON urls(report_key);
CREATE INDEX IF NOT EXISTS urls_source ON urls(source, role);
CREATE TABLE IF NOT EXISTS links (
  page TEXT NOT NULL, url TEXT NOT NULL, role TEXT NOT NULL, title TEXT, report_key TEXT,
  depth INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (page, url));
CREATE TABLE IF NOT EXISTS coverage (
  source TEXT NOT NULL, agency TEXT NOT NULL, year INTEGER NOT NULL, status TEXT NOT NULL, detail TEXT,
  region TEXT, run_id TEXT, PRIMARY KEY (source, agency, year));
CREATE TABLE IF NOT EXISTS reports (
  report_key TEXT PRIMARY KEY, source TEXT NOT NULL, agency TEXT NOT NULL, year INTEGER NOT NULL,
  title TEXT, first_seen TEXT, last_seen TEXT,
  loaded_digest TEXT, loaded_version TEXT, loaded_at TEXT, load_status TEXT, loaded_url TEXT);
CREATE TABLE IF NOT EXISTS fetches (
  id INTEGER PRIMARY KEY, run_id TEXT, source TEXT, role TEXT, report_key TEXT, outcome TEXT NOT NULL,
  url TEXT NOT NULL, final_url TEXT, found_on TEXT, link_title TEXT, http_status INTEGER, headers TEXT,
  fetched_at TEXT NOT NULL, size INTEGER, sha256 TEXT, encoding TEXT, agency TEXT, year INTEGER, reason TEXT);
CREATE INDEX IF NOT EXISTS fetches_run ON fetches(run_id);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, kind TEXT, started_at TEXT, finished_at TEXT, exit_code INTEGER);
"""

ROLES = ("listing", "pager", "report", "part", "skipped")
# Columns added after the first release: (table, column, declaration), added to older state files on open.
_ADDED = (("links", "optional", "INTEGER NOT NULL DEFAULT 0"), ("links", "reason", "TEXT"),
          ("links", "context", "TEXT"))


@dataclass(slots=True)
class Known:
    """What the state knows of a URL (for conditional requests and revisits)."""

    url: str
    source: str
    role: str
    report_key: str | None
    found_on: str | None
    link_title: str | None
    depth: int
    etag: str | None
    last_modified: str | None
    sha256: str | None
    removed_at: str | None
    last_checked: str | None = None


@dataclass(slots=True)
class ReportState:
    report_key: str
    source: str
    agency: str
    year: int
    title: str | None
    loaded_digest: str | None
    loaded_version: str | None


_BUSY_S = 60  # how long a statement waits for another process's lock


def _into_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite does not wait on a lock while it changes the journal mode (two
    crawlers opening one new state file at once got 'database is locked' at once), so the
    switch is retried here for as long as any statement would wait."""
    deadline = time.monotonic() + _BUSY_S
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class State:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=_BUSY_S)
        _into_wal(self.db)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        for table, column, declaration in _ADDED:
            if column not in {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}:
                try:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                except sqlite3.OperationalError as exc:  # another process added it in between
                    if "duplicate column" not in str(exc):
                        raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- urls -----------------------------------------------------------------------------------

    def known(self, url: str) -> Known | None:
        row = self.db.execute(
            "SELECT url, source, role, report_key, found_on, link_title, depth, etag, last_modified, sha256,"
            " removed_at, last_checked FROM urls WHERE url=?", (url,)).fetchone()
        return Known(*row) if row else None

    def record_url(self, *, url: str, source: str, role: str, report_key: str | None, found_on: str | None,
                   link_title: str | None, depth: int, when: str, run_id: str, http_status: int,
                   etag: str | None = None, last_modified: str | None = None, sha256: str | None = None,
                   content: bool = True) -> None:
        """A successful fetch (``content``: a body with validators) or a 304 confirmation."""
        if content:
            self.db.execute(
                "INSERT INTO urls(url, source, role, report_key, found_on, link_title, depth, etag, last_modified,"
                " sha256, http_status, first_seen, last_seen, last_checked, removed_at, last_run)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)"
                " ON CONFLICT(url) DO UPDATE SET source=excluded.source, role=excluded.role,"
                " report_key=coalesce(excluded.report_key, urls.report_key),"
                " found_on=coalesce(excluded.found_on, urls.found_on),"
                " link_title=coalesce(excluded.link_title, urls.link_title), depth=excluded.depth,"
                " etag=excluded.etag, last_modified=excluded.last_modified, sha256=excluded.sha256,"
                " http_status=excluded.http_status, last_seen=excluded.last_seen,"
                " last_checked=excluded.last_checked, removed_at=NULL, last_run=excluded.last_run",
                (url, source, role, report_key, found_on, link_title, depth, etag, last_modified, sha256,
                 http_status, when, when, when, run_id))
        else:
            self.db.execute("UPDATE urls SET last_seen=?, last_checked=?, http_status=?, last_run=?, removed_at=NULL"
                            " WHERE url=?", (when, when, http_status, run_id, url))

    def mark_removed(self, url: str, http_status: int, when: str, run_id: str) -> bool:
        """Record a 404/410; True when this is news (it was live before)."""
        cur = self.db.execute("UPDATE urls SET removed_at=?, http_status=?, last_checked=?, last_run=?"
                              " WHERE url=? AND removed_at IS NULL", (when, http_status, when, run_id, url))
        return cur.rowcount > 0

    def revisit(self, source: str, run_id: str) -> list[Known]:
        """Report pages and parts of ``source`` not fetched in this run and not known removed."""
        rows = self.db.execute(
            "SELECT url, source, role, report_key, found_on, link_title, depth, etag, last_modified, sha256,"
            " removed_at, last_checked FROM urls WHERE source=? AND role IN ('report','part') AND removed_at IS NULL"
            " AND coalesce(last_run,'') != ? ORDER BY url", (source, run_id)).fetchall()
        return [Known(*r) for r in rows]

    # ---- links ----------------------------------------------------------------------------------

    def set_links(self, page: str, links: Iterable[PageLink]) -> None:
        """Replace what ``page`` points to."""
        rows = [(page, li.url, li.role, li.title, str(li.key) if li.key else None, li.depth, int(li.optional),
                 li.reason, json.dumps(li.context, ensure_ascii=False) if li.context else None) for li in links]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM links WHERE page=?", (page,))
            self.db.executemany("INSERT OR REPLACE INTO links(page, url, role, title, report_key, depth, optional,"
                                " reason, context) VALUES (?,?,?,?,?,?,?,?,?)", rows)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def links(self, page: str) -> list[PageLink]:
        rows = self.db.execute("SELECT url, role, title, report_key, depth, optional, reason, context FROM links"
                               " WHERE page=? ORDER BY rowid", (page,)).fetchall()
        return [PageLink(url, role, title, ReportKey.parse(key), depth, bool(optional), reason,
                         tuple(tuple(p) for p in json.loads(context)) if context else ())
                for url, role, title, key, depth, optional, reason, context in rows]

    # ---- reports --------------------------------------------------------------------------------

    def note_report(self, key: str, source: str, agency: str, year: int, title: str | None, when: str) -> None:
        self.db.execute(
            "INSERT INTO reports(report_key, source, agency, year, title, first_seen, last_seen)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(report_key) DO UPDATE SET last_seen=excluded.last_seen,"
            " title=coalesce(reports.title, excluded.title)", (key, source, agency, year, title, when, when))

    def reports(self, sources: Iterable[str] | None = None) -> list[ReportState]:
        rows = self.db.execute("SELECT report_key, source, agency, year, title, loaded_digest, loaded_version"
                               " FROM reports ORDER BY source, agency, year").fetchall()
        wanted = set(sources) if sources is not None else None
        return [ReportState(*r) for r in rows if wanted is None or r[1] in wanted]

    def parts(self, key: str) -> list[tuple[str, str, str, str | None, str | None]]:
        """(url, role, sha256, last_seen, removed_at) of every archived part of a report."""
        return self.db.execute("SELECT url, role, sha256, last_seen, removed_at FROM urls WHERE report_key=?"
                               " AND sha256 IS NOT NULL ORDER BY role DESC, url", (key,)).fetchall()

    def digest(self, key: str) -> str | None:
        """Identity of a report's latest content: its parts' URLs and hashes (removal does not change it)."""
        parts = self.parts(key)
        if not parts:
            return None
        text = "\n".join(f"{url} {sha}" for url, _, sha, _, _ in parts)
        return hashlib.sha256(text.encode()).hexdigest()

    def mark_loaded(self, key: str, digest: str, version: str, status: str, url: str, when: str) -> None:
        self.db.execute("UPDATE reports SET loaded_digest=?, loaded_version=?, load_status=?, loaded_url=?,"
                        " loaded_at=? WHERE report_key=?", (digest, version, status, url, when, key))

    def fetched_at(self, url: str, sha256: str) -> str | None:
        row = self.db.execute("SELECT min(fetched_at) FROM fetches WHERE url=? AND sha256=?", (url, sha256)).fetchone()
        return row[0] if row else None

    # ---- completeness ledger ------------------------------------------------------------------

    def set_coverage(self, rows: Iterable[dict], run_id: str) -> None:
        """Replace the ledger of the sources in ``rows`` (source, agency, year, status, detail, region)."""
        rows = list(rows)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for source in {r["source"] for r in rows}:
                self.db.execute("DELETE FROM coverage WHERE source=?", (source,))
            self.db.executemany("INSERT OR REPLACE INTO coverage(source, agency, year, status, detail, region, run_id)"
                                " VALUES (:source, :agency, :year, :status, :detail, :region, :run_id)",
                                [{**r, "run_id": run_id} for r in rows])
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def coverage(self) -> list[dict]:
        cur = self.db.execute("SELECT source, agency, year, status, detail, region FROM coverage"
                              " ORDER BY source, agency, year")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    # ---- provenance & runs ----------------------------------------------------------------------

    def add_fetch(self, record: dict) -> None:
        cols = ("run_id", "source", "role", "report_key", "outcome", "url", "final_url", "found_on", "link_title",
                "http_status", "headers", "fetched_at", "size", "sha256", "encoding", "agency", "year", "reason")
        values = [json.dumps(record[c], ensure_ascii=False) if c == "headers" and record.get(c) is not None
                  else record.get(c) for c in cols]
        self.db.execute(f"INSERT INTO fetches({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values)

    def run_fetches(self, run_id: str) -> Iterator[tuple]:
        yield from self.db.execute("SELECT source, role, outcome, url, reason, report_key FROM fetches WHERE run_id=?"
                                   " ORDER BY id", (run_id,))

    def start_run(self, run_id: str, kind: str, when: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO runs(run_id, kind, started_at) VALUES (?,?,?)", (run_id, kind, when))

    def finish_run(self, run_id: str, when: str, exit_code: int) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, exit_code=? WHERE run_id=?", (when, exit_code, run_id))
