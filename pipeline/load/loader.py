"""Load extractions into the datasets of CONTRACT.md §3, replacing agency-years.

One pass over the extractions (any iterable, so a caller can stream them)
appends rows to small column buffers per dataset and year; full buffers are
flushed as compressed Arrow IPC streams to "spill" files in the load's local
staging directory (:mod:`pipeline.load.spill`), where the streams workers made
for their chunks of documents go as they are. Memory therefore stays bounded by
the buffer size, not the batch.
Then every touched year partition of every dataset is written once: the
surviving rows of the current partition (those whose agency-year is not in
this batch), followed by this batch's rows, keeping only the last extraction
of an agency-year when the batch holds several. Untouched partitions are
shared with the previous snapshot. Where the files go, and how the new
snapshot is published atomically, is :mod:`pipeline.storage`'s business.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

import pipeline
from pipeline.checks import crossyear
from pipeline.result import Extraction
from pipeline.storage import Builder, DataDir, Snapshot, conform, crash_point

from .prepare import Prepared
from .rows import SEQ, Columns, Key, add_extraction, key_of
from .schema import DATASETS, SCHEMAS
from .spill import Spill

BUFFER_ROWS = 8_192  # rows the driver makes itself, held as Python lists before they become Arrow

WRITE_THREADS = os.cpu_count() or 1  # year partitions written at once


@dataclass(slots=True)
class Skipped:
    """An extraction that could not be keyed by agency-year, and why."""

    file: str
    reason: str


@dataclass(slots=True)
class Superseded:
    """An extraction dropped because a later one in the same batch has its agency-year."""

    agency_id: str
    year: int
    file: str
    by: str


@dataclass(slots=True)
class LoadSummary:
    loaded: int = 0                 # agency-years written by this load (new + changed)
    replaced: int = 0               # … of which were already in the datasets (= changed)
    unchanged: int = 0              # extractions already loaded, same sha256 and extractor: not written
    skipped: list[Skipped] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)       # status → agency-years loaded
    reports_failing_checks: int = 0  # loaded agency-years with at least one failed identity
    checks_failed: int = 0           # failed identities over all loaded agency-years
    rows: dict[str, int] = field(default_factory=dict)       # dataset → rows written by this load
    years: list[int] = field(default_factory=list)           # year partitions rewritten
    snapshot: Snapshot | None = None  # the current snapshot afterwards
    cross_year_checks: int = 0       # cross-year identities evaluated for the agencies loaded
    cross_year_failed: int = 0       # … of which do not hold (incl. missing years)

    @property
    def new(self) -> int:
        """Agency-years this load added."""
        return self.loaded - self.replaced

    @property
    def changed(self) -> int:
        """Agency-years this load replaced."""
        return self.replaced

    @property
    def datasets(self) -> list[str]:
        """Datasets this load wrote rows to."""
        return [name for name, n in self.rows.items() if n]


@dataclass(slots=True)
class _Winner:
    """The extraction that, so far, holds an agency-year in this batch."""

    seq: int
    file: str
    status: str
    n_checks_failed: int


def load(extractions: Iterable[Extraction | Prepared], data_dir: DataDir | str | os.PathLike, *,
         progress: Callable[[Extraction], None] | None = None) -> LoadSummary:
    """Write ``extractions`` into the data directory's datasets, replacing their agency-years atomically.

    Items may be :class:`~pipeline.load.prepare.Prepared` by the workers that extracted them.
    ``progress`` is called once per extraction after it has been taken in (for a prepared
    one, with the extraction without its tables).
    Blocks while another load holds a local data directory's lock.
    """
    data = DataDir.of(data_dir)
    summary = LoadSummary()
    with data.writing() as session:
        spill = Spill(session.staging / "spill")
        try:
            winners = _take_in(extractions, spill, summary, progress, _loaded_reports(session.base))
        finally:
            spill.close()
        crash_point("spilled")
        if winners:
            summary.snapshot = session.commit(lambda base, builder: _fill(base, builder, spill, winners, summary))
            from pipeline.dictionary import write_dictionary  # imports pipeline.load: not at top

            write_dictionary(data, summary.snapshot)
        else:
            summary.snapshot = session.base
    summary.loaded = len(winners)
    for winner in winners.values():
        summary.statuses[winner.status] += 1
        summary.checks_failed += winner.n_checks_failed
        summary.reports_failing_checks += winner.n_checks_failed > 0
    return summary


def _fill(base: Snapshot | None, builder: Builder, spill: Spill, winners: dict[Key, _Winner],
          summary: LoadSummary) -> None:
    """Fill the new snapshot: touched year partitions rewritten, the others shared; then the
    cross-year identities of the agencies loaded, inside the same snapshot. Runs again on a newer
    base when another writer published first (object stores), so it starts its counts afresh."""
    by_year: dict[int, dict[str, int]] = {}
    for key, winner in winners.items():
        by_year.setdefault(key.year, {})[key.agency_id] = winner.seq
    summary.years = sorted(by_year)
    summary.rows = dict.fromkeys(DATASETS, 0)
    summary.replaced = 0
    tasks = []
    for dataset in DATASETS:
        old = base.partitions(dataset) if base is not None else {}
        for year in old:
            if year not in by_year:
                builder.share(base, dataset, year, SCHEMAS[dataset])
        tasks += [(dataset, year, old.get(year, []), latest) for year, latest in by_year.items()]

    def write(task: tuple[str, int, list[str], dict[str, int]]) -> tuple[str, set[str], int]:
        dataset, year, old_files, latest = task
        removed, written = _write_partition(dataset, year, base, old_files, spill, latest, builder)
        crash_point("partition")
        return dataset, removed, written

    # Partitions are independent files, and Arrow drops the GIL while it reads, filters, encodes and
    # compresses: written side by side they keep every core busy once the workers are done.
    with ThreadPoolExecutor(max_workers=min(WRITE_THREADS, len(tasks) or 1)) as threads:
        for dataset, removed, written in threads.map(write, tasks):
            summary.rows[dataset] += written
            if dataset == "reports":
                summary.replaced += len(removed)
    crash_point("written")
    agencies = {key.agency_id for key in winners}
    summary.cross_year_checks = summary.cross_year_failed = 0
    for year, (drop, add) in crossyear.replacements(builder.snapshot, agencies).items():
        if builder.replace_rows("checks", year, SCHEMAS["checks"], drop, add):
            summary.cross_year_checks += add.num_rows
            summary.cross_year_failed += pc.sum(pc.invert(add["ok"])).as_py() or 0


GOOD = ("ok", "partial")


@dataclass(frozen=True, slots=True)
class _Loaded:
    """What the datasets hold for an agency-year: enough to decide whether a new extraction changes it."""

    sha256: str | None
    extractor_version: str
    status: str


def _loaded_reports(snapshot: Snapshot | None) -> dict[Key, _Loaded]:
    """The agency-years of the current snapshot."""
    if snapshot is None:
        return {}
    names = ["agency_id", "year", "sha256", "extractor_version", "status"]
    table = snapshot.read("reports", SCHEMAS["reports"], columns=names)
    return {Key(a, y): _Loaded(sha, v, st) for a, y, sha, v, st in zip(*(table[c].to_pylist() for c in names))}


KEEP, UNCHANGED, LOAD = "keep", "unchanged", "load"


def decide(ex: Extraction, key: Key, loaded: dict[Key, _Loaded], winners: dict[Key, _Winner]) -> str:
    """Whether an extraction is written (``load``) or not: ``keep`` when it found no tables and the
    loaded report (or an earlier one of this batch) did; ``unchanged`` when the same bytes (sha256)
    were loaded by this extractor version with the same outcome. The one place that decides what
    a load changes.

    The outcome is compared too: a file that failed for want of a converter is retried.
    An agency-year an earlier extraction of this batch holds is written again (the last one wins).
    """
    earlier, before = winners.get(key), loaded.get(key)
    has_tables = any(x is not None and x.status in GOOD for x in (earlier, before))
    if ex.status not in GOOD and has_tables:
        return KEEP
    if (earlier is None and before is not None and ex.sha256 and ex.sha256 == before.sha256
            and before.extractor_version == pipeline.EXTRACTOR_VERSION and ex.status == before.status):
        return UNCHANGED
    return LOAD


def _take_in(extractions: Iterable[Extraction | Prepared], spill: Spill, summary: LoadSummary,
             progress: Callable[[Extraction], None] | None, loaded: dict[Key, _Loaded]) -> dict[Key, _Winner]:
    """The single pass over the input: rows into buffers, the last extraction per key noted.

    What is written is decided by :func:`decide`: an extraction that found no tables
    (failed, needs_ocr) never replaces one that did, loaded before or earlier in this
    batch, and one already loaded from the same bytes is not written again. A
    :class:`Prepared` item brings its key and rows made by a worker: they are appended as they are,
    and the Arrow streams it may carry for its chunk are staged whatever is decided (the rows of
    a document not written are left out when the partitions are written, by their ``SEQ``).
    """
    loaded_at = datetime.now(UTC)
    version = pipeline.EXTRACTOR_VERSION
    winners: dict[Key, _Winner] = {}
    buffers: dict[int, dict[str, Columns]] = {}
    buffered = 0
    for seq, item in enumerate(extractions):
        if isinstance(item, Prepared):
            ex, key = item.extraction, item.key
            for (dataset, year), stream in item.packed.items():
                spill.add_stream(dataset, year, stream, base=seq)
        else:
            ex, key = item, key_of(item)
        if isinstance(key, str):
            summary.skipped.append(Skipped(ex.file, key))
        elif (decision := decide(ex, key, loaded, winners)) == KEEP:
            summary.skipped.append(Skipped(ex.file, f"{ex.status}; the {key.year} report already loaded is kept"))
        elif decision == UNCHANGED:
            summary.unchanged += 1
        else:
            if key in winners:
                before = winners[key]
                summary.superseded.append(Superseded(key.agency_id, key.year, before.file, ex.file))
            winners[key] = _Winner(seq, ex.file, ex.status, ex.n_checks_failed)
            partition = buffers.get(key.year)
            if partition is None:
                partition = buffers[key.year] = {d: Columns(d) for d in DATASETS}
            if isinstance(item, Prepared):
                buffered += sum(partition[d].extend(rows, seq) for d, rows in item.rows.items())
            else:
                buffered += add_extraction(ex, key, seq, loaded_at, version, partition)
            if buffered >= BUFFER_ROWS:
                _flush(buffers, spill)
                buffered = 0
        if progress is not None:
            progress(ex)
    _flush(buffers, spill)
    return winners


def _flush(buffers: dict[int, dict[str, Columns]], spill: Spill) -> None:
    """Stage the buffered rows, emptying the buffers."""
    for year, partition in buffers.items():
        for dataset, columns in partition.items():
            if len(columns):
                spill.add(dataset, year, columns.to_batch())


def _write_partition(dataset: str, year: int, base: Snapshot | None, old_files: list[str], spill: Spill,
                     latest: dict[str, int], builder: Builder) -> tuple[set[str], int]:
    """Write one year partition: old rows not replaced by this batch, then the batch's winners.

    ``latest`` maps each agency_id of this year in the batch to the sequence
    number of its winning extraction. Returns the agency_ids whose old rows
    were dropped, and the number of new rows written.
    """
    schema = SCHEMAS[dataset]
    batch_ids = pa.array(list(latest), type=pa.string())
    winning_seqs = pa.array(list(latest.values()), type=pa.int32())
    removed: set[str] = set()
    written = 0
    with builder.writer(dataset, year, schema) as writer:
        for path in old_files:
            for batch in base.batches(path):
                replaced = pc.is_in(batch.column("agency_id"), value_set=batch_ids)
                if dataset == "reports":
                    removed.update(batch.column("agency_id").filter(replaced).to_pylist())
                kept = batch.filter(pc.invert(replaced))
                if kept.num_rows:
                    writer.write_table(conform(pa.Table.from_batches([kept]), schema))
        for batch in spill.batches(dataset, year):
            kept = batch.filter(pc.is_in(batch.column(SEQ), value_set=winning_seqs))
            if kept.num_rows:
                writer.write_table(pa.Table.from_batches([kept.drop_columns([SEQ])])
                                   .replace_schema_metadata(schema.metadata))
                written += kept.num_rows
    return removed, written
