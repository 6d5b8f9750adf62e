"""The per-document half of a load, done where the document was extracted.

A worker that extracted a report also resolves its agency-year and turns it into
Arrow record batches (one per dataset); the driver of a parallel or distributed
load then only decides and appends ready batches, which is what lets a load scale
with its workers (row building was most of the driver's time). Batches cross
process boundaries as Arrow IPC streams (a tenth of a millisecond per report).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pyarrow as pa

import pipeline
from pipeline.result import Extraction

from .rows import Columns, Key, add_extraction, key_of
from .schema import DATASETS


@dataclass(slots=True)
class Prepared:
    """An extraction ready to load: its agency-year (or why it has none) and its rows.

    ``extraction`` is kept without its tables, statistics and sections, which are in
    ``batches`` (dataset → rows, with a placeholder ``SEQ`` the loader fills in).
    """

    extraction: Extraction
    key: Key | str
    batches: dict[str, pa.RecordBatch]

    def __reduce__(self):
        return _rebuild, (self.extraction, self.key, {d: _ipc(b) for d, b in self.batches.items()})


def prepare(ex: Extraction, loaded_at: datetime) -> Prepared:
    """``ex`` made into rows stamped ``loaded_at`` (the load's time, the same for every report)."""
    key = key_of(ex)
    batches: dict[str, pa.RecordBatch] = {}
    if not isinstance(key, str):
        partition = {d: Columns(d) for d in DATASETS}
        add_extraction(ex, key, 0, loaded_at, pipeline.EXTRACTOR_VERSION, partition)
        batches = {d: columns.to_batch() for d, columns in partition.items() if len(columns)}
    return Prepared(replace(ex, tables={}, stats=None, sections={}), key, batches)


def prepare_path(path: str | Path, loaded_at: datetime) -> Prepared:
    """Extract a file and prepare it (the worker's whole job in ``xxgk load``)."""
    from pipeline.extract import extract_path

    return prepare(extract_path(path), loaded_at)


def _ipc(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _rebuild(extraction: Extraction, key: Key | str, streams: dict[str, bytes]) -> Prepared:
    return Prepared(extraction, key, {d: pa.ipc.open_stream(s).read_next_batch() for d, s in streams.items()})
