"""The per-document half of a load, done where the document was extracted.

A worker that extracted a report also resolves its agency-year and turns it into
rows, column lists per dataset (what :mod:`pipeline.load.rows` builds); the driver
of a parallel or distributed load then only decides and stages them, which is what
lets a load scale with its workers (row building was most of the driver's time).
A document's rows are plain lists (for a few hundred rows Arrow's per-array costs
dominate: 1.7 ms per report against 0.6 ms); a worker then packs a chunk's
(:func:`pack`) into one Arrow stream per dataset and year, which the driver stages
as it is (:mod:`pipeline.load.spill`). Rows prepared in the driver (a document lost
with its worker) stay lists, appended to the driver's buffers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import pipeline
from pipeline.result import Extraction

from .rows import SEQ, Columns, Key, add_extraction, key_of
from .schema import DATASETS
from .spill import encode


@dataclass(slots=True)
class Prepared:
    """An extraction ready to load: its agency-year (or why it has none) and its rows.

    ``extraction`` is kept without its tables, statistics and sections, which are in
    ``rows`` (dataset → column name → values, without ``SEQ``, which the loader gives).
    After :func:`pack`, the first document of a chunk carries the rows of the whole chunk
    in ``packed`` ((dataset, year) → an Arrow stream, :mod:`pipeline.load.spill`), their
    ``SEQ`` counted from this document's, and every document's ``rows`` are empty.
    """

    extraction: Extraction
    key: Key | str
    rows: dict[str, dict[str, list]]
    packed: dict[tuple[str, int], bytes] = field(default_factory=dict)


def prepare(ex: Extraction, loaded_at: datetime) -> Prepared:
    """``ex`` made into rows stamped ``loaded_at`` (the load's time, the same for every report)."""
    key = key_of(ex)
    rows: dict[str, dict[str, list]] = {}
    if not isinstance(key, str):
        partition = {d: Columns(d) for d in DATASETS}
        add_extraction(ex, key, 0, loaded_at, pipeline.EXTRACTOR_VERSION, partition)
        for dataset, columns in partition.items():
            if len(columns):
                columns.check()  # a row the datasets refuse fails this document, here, not the load
                rows[dataset] = {name: values for name, values in columns.data.items() if name != SEQ}
    return Prepared(replace(ex, tables={}, stats=None, sections={}), key, rows)


def pack(chunk: list[tuple[int, Prepared]]) -> None:
    """Move the rows of a chunk's documents, given with their places in the chunk, into Arrow
    streams carried by the first (in the worker: the driver then stages them as they are,
    instead of turning each document's lists into Arrow itself)."""
    if not any(p.rows for _, p in chunk):
        return
    first, carrier = chunk[0]
    buffers: dict[tuple[str, int], Columns] = {}
    for place, p in chunk:
        for dataset, rows in p.rows.items():
            columns = buffers.get((dataset, p.key.year))
            if columns is None:
                columns = buffers[(dataset, p.key.year)] = Columns(dataset)
            columns.extend(rows, place - first)
        p.rows = {}
    carrier.packed = {where: encode(columns.to_batch()) for where, columns in buffers.items()}


def pack_outcomes(outcomes: list) -> None:
    """:func:`pack` as a worker pool's ``gather``: the chunk's :class:`Prepared` outcomes."""
    pack([(place, o) for place, o in enumerate(outcomes) if isinstance(o, Prepared)])


def prepare_path(path: str | Path, loaded_at: datetime) -> Prepared:
    """Extract a file and prepare it (the worker's whole job in ``xxgk load``)."""
    from pipeline.extract import extract_path

    return prepare(extract_path(path), loaded_at)
