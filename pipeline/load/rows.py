"""Extraction → dataset rows, accumulated column-wise.

Rows go straight into per-column Python lists (one :class:`Columns` per dataset
and year) and become Arrow record batches in bulk; nothing is built row by row
in pandas. ``SEQ`` tags each row with the ordinal of its extraction in the batch,
so that the loader can drop the rows of an extraction superseded by a later one
for the same agency-year without holding the batch in memory.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pyarrow as pa

from pipeline.agencies import normalise_name, resolve_extraction
from pipeline.result import Extraction, TableResult

from .schema import CELL_DATASETS, SCHEMAS, CellDataset

SEQ = "_seq"
YEAR_RANGE = range(1000, 10000)  # four digits: the partition directory is year=YYYY


class Columns:
    """Column lists for one dataset partition, plus the ``SEQ`` column."""

    __slots__ = ("data", "dataset", "schema")

    def __init__(self, dataset: str):
        self.dataset = dataset
        self.schema = schema = SCHEMAS[dataset]
        self.data: dict[str, list] = {name: [] for name in (*schema.names, SEQ)}

    def __len__(self) -> int:
        return len(self.data[SEQ])

    def check(self) -> None:
        """Refuse a null where the dataset's schema forbids one."""
        for f in self.schema:
            if not f.nullable and None in self.data[f.name]:
                raise ValueError(f"{self.dataset}.{f.name} must not be null")

    def extend(self, rows: dict[str, list], seq: int) -> int:
        """Append rows made elsewhere (:mod:`pipeline.load.prepare`), all from extraction ``seq``."""
        n = 0
        for name, values in rows.items():
            self.data[name].extend(values)
            n = len(values)
        self.data[SEQ].extend(itertools.repeat(seq, n))
        return n

    def to_batch(self) -> pa.RecordBatch:
        """The buffered rows as a batch (with ``SEQ``); the buffer is emptied."""
        self.check()
        arrays = [pa.array(self.data[f.name], type=f.type) for f in self.schema]
        arrays.append(pa.array(self.data[SEQ], type=pa.int32()))
        batch = pa.RecordBatch.from_arrays(arrays, schema=spill_schema(self.schema))
        for values in self.data.values():
            values.clear()
        return batch


def spill_schema(schema: pa.Schema) -> pa.Schema:
    """A dataset's schema, plus ``SEQ``, without its metadata (pandas' JSON, put back when the
    partition is written): a worker's stream of a few rows would carry ~8 KB of it, parsed again
    by the driver for each."""
    return schema.remove_metadata().append(pa.field(SEQ, pa.int32(), nullable=False))


@dataclass(frozen=True, slots=True)
class Key:
    agency_id: str
    year: int


def key_of(ex: Extraction) -> Key | str:
    """The agency-year an extraction is filed under, or why it has none."""
    if not ex.agency or not normalise_name(ex.agency):
        return "no agency"
    year = ex.year
    if year is None:
        return "no year"
    if isinstance(year, bool) or not isinstance(year, int):
        return f"year is not an integer: {year!r}"
    if year not in YEAR_RANGE:
        return f"year out of range: {year}"
    return Key(resolve_extraction(ex).agency_id, year)


def add_extraction(ex: Extraction, key: Key, seq: int, loaded_at: datetime,
                   version: str, partition: dict[str, Columns]) -> int:
    """Append every row ``ex`` contributes to the buffers of its year (dataset → Columns).

    Returns the number of rows appended, over all datasets.
    """
    aid = key.agency_id
    n_cells = 0
    for table, result in ex.tables.items():
        spec = CELL_DATASETS.get(table)
        if spec is not None:
            n_cells += _add_cells(partition[spec.dataset], spec, result, aid, version, seq)

    n_stats = _add_stats(partition["stats"], ex, aid, version, seq)
    sections = sorted((int(k), text) for k, text in ex.sections.items()
                      if str(k).isdigit() and 1 <= int(k) <= 6)
    for number, text in sections:
        _append(partition["sections"], {"agency_id": aid, "section": number, "text": text or "",
                                        "extractor_version": version, SEQ: seq})
    for check in ex.checks:
        _append(partition["checks"], {
            "agency_id": aid, "table": check.table, "check": check.check, "subject": check.subject,
            "expected": _whole(check.expected), "actual": _whole(check.actual),
            "ok": bool(check.ok), "extractor_version": version, SEQ: seq})

    formats = {name: result.format for name, result in ex.tables.items()}
    where = resolve_extraction(ex)  # cached: key_of resolved it already
    _append(partition["reports"], {
        "agency_id": aid, "agency": ex.agency,
        "division_code": where.division_code, "province": where.province, "prefecture": where.prefecture,
        "county": where.county, "township": where.township, "level": where.level, "kind": where.kind,
        "resolved": where.resolved, "reason": where.reason,
        "format": ex.format,
        "format_table2": formats.get("table2"), "format_table3": formats.get("table3"),
        "format_table4": formats.get("table4"),
        "status": ex.status, "read_by": ex.read_by, "error": ex.error,
        # Not fields of Extraction (yet): taken when the fetcher attaches them.
        "source_url": getattr(ex, "source_url", None) or ex.file,
        "fetched_at": _timestamp(getattr(ex, "fetched_at", None)),
        "file_type": ex.file_type, "sha256": ex.sha256,
        "published_date": _date(ex.published_date),
        "n_cells": n_cells, "n_checks": len(ex.checks), "n_checks_failed": ex.n_checks_failed,
        "n_problems": len(ex.problems), "extractor_version": version, "loaded_at": loaded_at,
        SEQ: seq,
    })
    return n_cells + n_stats + len(sections) + len(ex.checks) + 1


def _add_cells(columns: Columns, spec: CellDataset, result: TableResult, aid: str, version: str,
               seq: int) -> int:
    """The hot loop (≈200 cells per report): one list append per column, no per-row dicts."""
    cols = columns.data
    for cell in result.cells:
        value, problem = cell.value, cell.problem
        if value is not None:
            if spec.integer:
                value, problem = _integer(value, problem)
            else:
                value = _real(value)
        cols["agency_id"].append(aid)
        if spec.has_format:
            cols["format"].append(result.format)
        cols[spec.row_column].append(cell.row)
        cols[spec.column_column].append(cell.column)
        cols["value"].append(value)
        cols["raw"].append(cell.raw)
        cols["row_label"].append(cell.row_label)
        cols["column_label"].append(cell.column_label)
        cols["page"].append(cell.page)
        cols["block_index"].append(cell.block_index)
        cols["problem"].append(problem)
        cols["read_by"].append(cell.read_by)
        cols["confidence"].append(cell.confidence)
        cols["extractor_version"].append(version)
        cols[SEQ].append(seq)
    return len(result.cells)


def _add_stats(columns: Columns, ex: Extraction, aid: str, version: str, seq: int) -> int:
    """The pre-2019 statistics rows (pipeline.stats), in report order."""
    rows = ex.stats.rows if ex.stats is not None else []
    for position, r in enumerate(rows):
        _append(columns, {
            "agency_id": aid, "position": position, "label": r.label, "parent": r.parent, "unit": r.unit,
            "this_year": _real(r.this_year), "cumulative": _real(r.cumulative), "from_text": r.from_text,
            "sentence": r.sentence, "comparable": r.measure, "note": r.note, "raw": r.raw, "page": r.page,
            "block_index": r.block_index, "problem": r.problem, "extractor_version": version, SEQ: seq})
    return len(rows)


def _append(columns: Columns, row: dict) -> None:
    for name, value in row.items():
        columns.data[name].append(value)


INT64 = range(-(2**63), 2**63)


def _integer(value: float, problem: str | None) -> tuple[int | None, str | None]:
    """Table 3/4 counts are 64-bit integers; anything else is kept in ``raw`` and flagged, so
    one bad cell costs one cell, never the batch (the mapper flags these first)."""
    if isinstance(value, float):
        if not value.is_integer():
            return None, problem or f"not an integer: {value!r}"
        value = int(value)
    if int(value) not in INT64:
        return None, problem or f"beyond a 64-bit integer: {value!r}"
    return int(value), problem


def _whole(value: float | None) -> int | None:
    """A side of an identity as an exact integer; null when it is not a whole 64-bit number."""
    if value is None or (isinstance(value, float) and not value.is_integer()):
        return None
    value = int(value)
    return value if value in INT64 else None


def _real(value: float | None) -> float | None:
    """A float, with NaN as null: Parquet readers disagree on what a NaN means."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _date(iso: str | date | None) -> date | None:
    """An ISO date string → date; anything unparsable → None (the report row stays)."""
    if iso is None or isinstance(iso, date):
        return iso
    try:
        return date.fromisoformat(str(iso).strip()[:10])
    except ValueError:
        return None


def _timestamp(value: datetime | str | None) -> datetime | None:
    """A timestamp in UTC; naive values are taken to be UTC already."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
