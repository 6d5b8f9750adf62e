"""Extracting archived reports: which ones need it, and which part is the report.

A report is (re-)extracted when the digest of its archived parts differs from
the one last loaded (new or changed content), or when it was loaded by an
older ``EXTRACTOR_VERSION``; nothing is downloaded for it. Of its parts (the
report page, attachments, a 解读 page …), the one with the most found is the
report — ok > partial > needs_ocr > failed, then more tables, then more cells;
the others are kept in provenance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pipeline
from pipeline.extract import extract_bytes, lost_extraction
from pipeline.load.prepare import Prepared, pack, prepare
from pipeline.result import Extraction
from pipeline.workers import Executor
from scrapers.archive import RawArchive
from scrapers.discovery import IMAGE_EXTS
from scrapers.state import State

RANK = {"ok": 3, "partial": 2, "needs_ocr": 1, "failed": 0}


@dataclass(slots=True)
class Pending:
    key: str
    agency: str
    year: int
    digest: str
    parts: list[tuple[str, str, str, str | None]]  # (url, role, sha256, fetched_at)
    region: str | None = None  # the source's region hint, for agency resolution


@dataclass(slots=True)
class Extracted:
    pending: Pending
    extraction: Extraction
    parts: list[dict] = field(default_factory=list)  # every part: url, role, sha256, status, error
    prepared: Prepared | None = None  # its rows, when a worker made them (then ``extraction`` has no tables)
    lost: bool = False  # its worker died: not recorded as extracted, the next run tries again


def pending_reports(state: State, sources: list[str], years: tuple[int, int] | None,
                    regions: dict[str, str | None] | None = None) -> list[Pending]:
    """Reports whose content is new or changed, or was extracted by an older extractor.

    ``regions`` maps a source (its agency) to the region hint of the sources file.
    """
    version = pipeline.EXTRACTOR_VERSION
    regions = regions or {}
    out = []
    for report in state.reports(sources):
        if years and not years[0] <= report.year <= years[1]:
            continue
        digest = state.digest(report.report_key)
        if digest is None or (digest == report.loaded_digest and report.loaded_version == version):
            continue
        parts = [(url, role, sha, state.fetched_at(url, sha)) for url, role, sha, _, _ in
                 state.parts(report.report_key)]
        out.append(Pending(report.report_key, report.agency, report.year, digest, parts,
                           regions.get(report.source)))
    return out


def is_image_url(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(IMAGE_EXTS)


def _archived_images(archive: RawArchive, p: Pending):
    """The report's other parts by URL: the table images a page shows were archived with it."""
    by_url = {url: sha for url, _, sha, _ in p.parts}

    def get(url: str) -> bytes | None:
        sha = by_url.get(url)
        try:
            return archive.get(sha) if sha else None
        except OSError:
            return None
    return get


def extract_report(args: tuple[str, Pending]) -> Extracted:
    """Extract every part of one report from the archive and pick the report (runs in a worker)."""
    raw_dir, p = args
    archive = RawArchive.reader(raw_dir)
    results: list[tuple[tuple, Extraction, tuple]] = []
    images = _archived_images(archive, p)
    # Image parts (table images of the page) last, and read on their own only when
    # no other part has a table: OCR is slow, and the page reads them where needed.
    ordered = sorted(enumerate(p.parts), key=lambda item: is_image_url(item[1][0]))
    for order, (url, role, sha, fetched_at) in ordered:
        if is_image_url(url) and any(RANK.get(r[1].status, 0) >= RANK["partial"] for r in results):
            ex = Extraction(file=url, status="needs_ocr", sha256=sha,
                            error="image not read on its own: another part of the report has its tables")
        else:
            try:
                data = archive.get(sha)
            except OSError as exc:
                ex = Extraction(file=url, status="failed", error=f"archived object {sha[:12]} unreadable: {exc}",
                                sha256=sha)
            else:
                ex = extract_bytes(data, url, images=images)
        ex.file = ex.source_url = url
        ex.fetched_at = fetched_at
        score = (RANK.get(ex.status, 0), len(ex.tables), len(ex.cells), role == "report", -order)
        results.append((score, ex, (url, role, sha)))
    best = max(results, key=lambda r: r[0])[1]
    best.agency, best.year, best.region = p.agency, p.year, p.region
    parts = [{"url": url, "role": role, "sha256": sha, "status": ex.status, "error": ex.error,
              "chosen": ex is best} for _, ex, (url, role, sha) in results]
    return Extracted(p, best, parts)


def prepare_report(args: tuple[str, Pending, datetime]) -> Extracted:
    """Extract one report and make its rows, stamped with the load's time (runs in a worker)."""
    raw_dir, p, loaded_at = args
    item = extract_report((raw_dir, p))
    item.prepared = prepare(item.extraction, loaded_at)
    item.extraction = item.prepared.extraction
    return item


def _pack(outcomes: list) -> None:
    """The rows a worker made for a chunk of reports, in one Arrow stream (:func:`pack`)."""
    pack([(place, o.prepared) for place, o in enumerate(outcomes) if isinstance(o, Extracted) and o.prepared])


def _lost(args: tuple, exc: BaseException) -> Extracted:
    p: Pending = args[1]
    ex = lost_extraction(p.parts[0][0] if p.parts else p.key, exc)
    ex.agency, ex.year, ex.region = p.agency, p.year, p.region
    return Extracted(p, ex, lost=True)


def extract_all(raw_dir: Path, pending: list[Pending], executor: Executor) -> Iterator[Extracted]:
    """Extractions in input order, on ``executor``; when it runs them in other processes, the
    workers also make the rows (``Extracted.prepared``), so the loader only appends them."""
    if executor.remote:
        now = datetime.now(UTC)
        return executor.map(prepare_report, ((str(raw_dir), p, now) for p in pending), on_error=_lost,
                            chunksize=2, gather=_pack)
    return executor.map(extract_report, ((str(raw_dir), p) for p in pending), on_error=_lost, chunksize=2)
