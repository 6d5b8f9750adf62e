"""``xxgk run`` / ``xxgk crawl``: the batch, start to finish.

1. lock the data directory (one run at a time);
2. crawl every source in a child process (raw archive + state DB);
3. extract the reports that are new, changed or made by an older extractor;
4. load them into the datasets (one atomic snapshot switch);
5. keep the completeness ledger (``coverage``: expected agency × year found or not, and why);
6. write ``DATA/runs/<timestamp>.json``: counts per source and status, errors, durations.

Everything a run does is recorded as it happens (archive objects, state rows,
snapshots), so a run killed at any point is finished by the next one: what
was fetched is conditional-requested, what was not loaded is still pending.

Exit codes: 0 every source fine; 1 some sources failed or were blocked (the
rest done); 2 nothing could run (bad sources file, data directory busy,
crawler or loader crashed).
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pipeline
from pipeline import coverage
from pipeline.storage import DataDir
from scrapers.crawl import CrawlJob, run_crawl
from scrapers.frontier import DEFAULT_LEASE_SECONDS, Frontier, FrontierError, joined, redacted
from scrapers.sources import Source, SourcesError, load_sources
from scrapers.state import State
from scrapers.summary import summarize

from . import coverage_stage
from .extract_stage import extract_all, pending_reports
from .lock import Busy, RunLock

log = logging.getLogger("xxgk.run")

OK, SOME_FAILED, NOTHING_RAN = 0, 1, 2


@dataclass(slots=True)
class BatchOptions:
    sources_file: Path
    data_dir: str | Path = "data"   # a local path or an fsspec URL (pipeline.storage.DataDir)
    years: tuple[int, int] | None = None
    allow_private: bool = False
    settings: dict = field(default_factory=dict)
    log_format: str = "human"
    extract: bool = True   # False for ``xxgk crawl``: collect only
    jobs: int = 0
    frontier: str | None = None  # redis://… shared with other crawlers (``xxgk crawl`` only)
    scheduler: str | None = None  # a Dask scheduler address to extract on (None: local processes)
    time_limit: float | None = None  # seconds per report (None: XXGK_TIME_LIMIT or the default)


@dataclass(slots=True)
class BatchResult:
    exit_code: int
    manifest: dict
    manifest_path: Path | None = None


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2019-2025`` or ``2024`` → (first, last)."""
    if not text:
        return None
    first, _, last = text.partition("-")
    try:
        a, b = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"--years expects YYYY or YYYY-YYYY, not {text!r}") from None
    if not (1990 <= a <= b <= 2100):
        raise ValueError(f"--years range {text!r} is not a range of years")
    return a, b


def _now() -> datetime:
    return datetime.now(UTC)


def run_batch(opts: BatchOptions) -> BatchResult:
    started = _now()
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    manifest: dict = {"run_id": run_id, "kind": "run" if opts.extract else "crawl",
                      "started_at": started.isoformat(timespec="seconds"), "sources_file": str(opts.sources_file),
                      "data_dir": str(opts.data_dir), "years": list(opts.years) if opts.years else None,
                      "extractor_version": pipeline.EXTRACTOR_VERSION, "durations": {}, "errors": []}
    try:
        sources = load_sources(opts.sources_file)
    except SourcesError as exc:
        for line in exc.problems:
            log.error(line, extra={"event": "sources_error"})
        manifest["errors"] = exc.problems
        return _finish(opts, manifest, started, NOTHING_RAN, write=False)
    lease = float(opts.settings.get("XXGK_FRONTIER_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))
    try:
        with RunLock(opts.data_dir, shared=bool(opts.frontier)), \
                joined(opts.frontier, run_id, sources, opts.years, lease) as frontier:
            if frontier is not None:  # every crawler of a frontier records its fetches under one run id
                manifest["run_id"] = run_id = frontier.run_id
                manifest["frontier"] = {"url": redacted(frontier.url), "worker": frontier.worker}
            return _locked(opts, sources, manifest, run_id, started, frontier)
    except (Busy, FrontierError) as exc:
        log.error(str(exc), extra={"event": "busy" if isinstance(exc, Busy) else "frontier_error"})
        manifest["errors"].append(str(exc))
        return _finish(opts, manifest, started, NOTHING_RAN, write=False)


def _locked(opts: BatchOptions, sources: list[Source], manifest: dict, run_id: str, started: datetime,
            frontier: Frontier | None = None) -> BatchResult:
    data = DataDir.of(opts.data_dir)
    with State(data.state_db) as state:
        state.start_run(run_id, manifest["kind"], manifest["started_at"])
    log.info("crawling %d sources into %s", len(sources), data, extra={"event": "crawl_start", "run_id": run_id})
    t = time.monotonic()
    rc = run_crawl(CrawlJob(sources, str(data.work), run_id, opts.years, opts.allow_private, opts.settings,
                            opts.log_format, opts.frontier, frontier.worker if frontier else None))
    if frontier is not None:
        frontier.leave()  # what a crashed crawler had taken goes back now, for the others
    manifest["durations"]["crawl"] = round(time.monotonic() - t, 2)
    elsewhere = _crawled_elsewhere(data, run_id, sources) if frontier is not None else set()
    ledger = coverage_stage.record(data, run_id, [s for s in sources if s.agency not in elsewhere], opts.years)
    found = ledger[ledger.status == "found"]
    with State(data.state_db) as state:
        summaries = summarize(state, run_id, sources, {
            s: {f"{a}|{y}" for a, y in zip(rows.agency, rows.year, strict=True)} for s, rows in found.groupby("source")},
            elsewhere)
        fetches = Counter(f"{role}/{outcome}" for _, role, outcome, *_ in state.run_fetches(run_id))
        events = {kind: [url for _, _, outcome, url, _, _ in state.run_fetches(run_id) if outcome == kind]
                  for kind in ("changed", "removed")}
    manifest["coverage"] = {"counts": coverage.counts(ledger),
                            "not_found": [f"{a} {y}" for a, y in ledger[ledger.status == "not_found"]
                                          [["agency", "year"]].itertuples(index=False)],
                            "blocked": [f"{a} {y}: {d}" for a, y, d in ledger[ledger.status == "blocked"]
                                        [["agency", "year", "detail"]].itertuples(index=False)]}
    log.info("%s", coverage.summary_line(ledger), extra={"event": "coverage", **coverage.counts(ledger)})
    manifest["sources"] = [s.as_json() for s in summaries.values()]
    manifest["fetches"] = dict(sorted(fetches.items()))
    manifest.update(events)
    for s in summaries.values():
        level = logging.INFO if s.status in ("ok", "empty", "elsewhere") else logging.WARNING
        log.log(level, "%s: %s, %d reports%s", s.source, s.status, len(s.reports),
                f" ({s.errors[0]})" if s.errors else "",
                extra={"event": "source", "source": s.source, "status": s.status, "reports": len(s.reports)})
    if rc != 0:
        message = f"the crawler exited with code {rc}; what it collected is kept and the next run continues"
        log.error(message, extra={"event": "crawl_failed", "code": rc})
        manifest["errors"].append(message)
        return _finish(opts, manifest, started, NOTHING_RAN, run_id=run_id)
    if opts.extract:
        try:
            _extract_and_load(opts, sources, manifest)
        except Exception as exc:  # the loader keeps the previous datasets intact
            log.exception("extract/load failed", extra={"event": "load_failed"})
            manifest["errors"].append(f"extract/load failed: {type(exc).__name__}: {exc}")
            return _finish(opts, manifest, started, NOTHING_RAN, run_id=run_id)
    coverage_stage.publish(data)
    bad = [s for s in summaries.values() if s.status in ("failed", "blocked")]
    return _finish(opts, manifest, started, SOME_FAILED if bad else OK, run_id=run_id)


def _crawled_elsewhere(data: DataDir, run_id: str, sources: list[Source]) -> set[str]:
    """Sources of a frontier crawl this data directory holds nothing of: other crawlers (with their own
    data directories) crawled them; their ledger here is left as it was, and they are not failures."""
    with State(data.state_db) as state:
        here = {source for source, *_ in state.run_fetches(run_id)}
    return {s.agency for s in sources} - here


@dataclass(slots=True)
class _Done:
    """What the run records of an extracted report (the extraction itself is not kept)."""

    key: str
    digest: str
    status: str
    url: str
    error: str | None
    parts: list[dict]
    lost: bool


def _extract_and_load(opts: BatchOptions, sources: list[Source], manifest: dict) -> None:
    from pipeline.load import load
    from pipeline.workers import executor_for

    data = DataDir.of(opts.data_dir)
    with State(data.state_db) as state:
        pending = pending_reports(state, [s.agency for s in sources], opts.years,
                                  {s.agency: s.region for s in sources})
    log.info("extracting %d new, changed or outdated reports", len(pending),
             extra={"event": "extract_start", "reports": len(pending)})
    t = time.monotonic()
    done: list[_Done] = []

    def extractions(pool):
        for item in extract_all(data.raw, pending, pool):
            ex = item.extraction
            done.append(_Done(item.pending.key, item.pending.digest, ex.status, ex.file, ex.error, item.parts,
                              item.lost))
            if ex.status in ("failed", "needs_ocr"):
                log.warning("%s %s: %s: %s", ex.agency, ex.year, ex.status, ex.error,
                            extra={"event": "extracted", "report": item.pending.key, "status": ex.status,
                                   "url": ex.file})
            yield item.prepared or ex

    summary = None
    if pending:
        with executor_for(opts.scheduler, opts.jobs, time_limit=opts.time_limit) as pool:
            summary = load(extractions(pool), data)
    manifest["durations"]["extract_load"] = round(time.monotonic() - t, 2)
    when = _now().isoformat(timespec="seconds")
    with State(data.state_db) as state:
        for item in done:  # recorded only after the datasets switched: a crash re-does, never skips
            if not item.lost:
                state.mark_loaded(item.key, item.digest, pipeline.EXTRACTOR_VERSION, item.status, item.url, when)
    statuses = Counter(item.status for item in done)
    manifest["extracted"] = [{"report": item.key, "url": item.url, "status": item.status, "error": item.error,
                              "parts": item.parts} for item in done]
    manifest["load"] = {"reports_extracted": len(done), "statuses": dict(sorted(statuses.items())),
                        "agency_years_loaded": summary.loaded if summary else 0,
                        "replaced": summary.replaced if summary else 0,
                        "skipped": [f"{s.file}: {s.reason}" for s in summary.skipped] if summary else [],
                        "snapshot": str(summary.snapshot) if summary and summary.snapshot else None}
    log.info("loaded %d agency-years (%d replaced)", manifest["load"]["agency_years_loaded"],
             manifest["load"]["replaced"], extra={"event": "loaded", **manifest["load"]})


def _finish(opts: BatchOptions, manifest: dict, started: datetime, code: int, *, write: bool = True,
            run_id: str | None = None) -> BatchResult:
    finished = _now()
    manifest["finished_at"] = finished.isoformat(timespec="seconds")
    manifest["durations"]["total"] = round((finished - started).total_seconds(), 2)
    manifest["exit_code"] = code
    path = None
    if write:
        data = DataDir.of(opts.data_dir)
        path = _write_manifest(data.runs, manifest)
        if run_id:
            with State(data.state_db) as state:
                state.finish_run(run_id, manifest["finished_at"], code)
    return BatchResult(code, manifest, path)


def _write_manifest(runs: Path, manifest: dict) -> Path:
    runs.mkdir(parents=True, exist_ok=True)
    name = manifest["run_id"].split("-")[0]
    if "frontier" in manifest:  # crawlers of one frontier share the run id: one manifest each
        name = f"{manifest['run_id']}-{manifest['frontier']['worker'].replace(':', '-')}"
    path = runs / f"{name}.json"
    if path.exists():
        path = runs / f"{manifest['run_id']}.json"
    tmp = runs / f".{path.name}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    os.replace(tmp, path)
    return path
