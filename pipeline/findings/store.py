"""Derived datasets live inside the snapshot they were computed from, beside the loaded ones.

``DATA/datasets/metrics/year=2024/part-0.parquet``, ``DATA/datasets/findings_late/…``:
readable exactly like ``reports`` or ``requests``. Because ``DATA/datasets`` is a
symlink to an immutable snapshot (see :mod:`pipeline.storage`), derived data
written into snapshot N can never be stale: the next load switches to snapshot
N+1, which has none, and they are rebuilt from it on first use. The loaded files
are never touched; the derived ones are handed to storage (``DataDir.attach``),
and the ``_derived.json`` marker is written last, so a build killed half-way is
simply redone.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from pipeline.load import NoDatasets, read_dataset
from pipeline.storage import PARTITION, DataDir, Snapshot

from .build import INPUTS, build_all
from .copied import THRESHOLD
from .schema import DERIVED, SCHEMAS

MARKER = "_derived.json"
VERSION = "2"   # bump when a formula or a finding's rule changes: stored results are rebuilt

NoData = NoDatasets  # the name this package has always raised
Where = DataDir | str | os.PathLike


@dataclass(slots=True)
class BuildSummary:
    snapshot: Snapshot
    built: bool                                     # False when the stored results were current
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def snapshot_of(data_dir: Where) -> Snapshot:
    return DataDir.of(data_dir).require()


def _marker(snapshot: Snapshot) -> dict | None:
    try:
        return json.loads(snapshot.read_text(MARKER) or "")
    except ValueError:
        return None


def is_current(snapshot: Snapshot, threshold: float = THRESHOLD) -> bool:
    m = _marker(snapshot)
    return bool(m) and m.get("version") == VERSION and m.get("threshold") == threshold


def build(data_dir: Where, *, jobs: int = 0, threshold: float = THRESHOLD, force: bool = False) -> BuildSummary:
    """Compute the derived datasets of the current snapshot unless they are there already."""
    data = DataDir.of(data_dir)
    start = time.perf_counter()
    data.require()  # a missing data directory is named before anything is written
    with data.attaching():
        snapshot = data.require()
        if not force and is_current(snapshot, threshold):
            return BuildSummary(snapshot, built=False)
        frames = {name: read_dataset(data, name, snapshot=snapshot) for name in INPUTS}
        out = build_all(frames, jobs=jobs or os.cpu_count() or 1, threshold=threshold)
        marker = {"version": VERSION, "threshold": threshold, "built_at": time.time(),
                  "rows": {n: len(f) for n, f in out.items()}}
        data.attach(snapshot, {name: _arrow(frame, SCHEMAS[name]) for name, frame in out.items()},
                    marker=(MARKER, json.dumps(marker)))
    return BuildSummary(snapshot, True, {n: len(f) for n, f in out.items()}, time.perf_counter() - start)


def _arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """A derived frame in its schema, with the ``year`` it is partitioned by."""
    if frame.empty:  # its columns may not even have the right dtypes
        return schema.append(pa.field(PARTITION, pa.int16())).empty_table()
    table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    return table.append_column(PARTITION, pa.array(frame[PARTITION].astype("int64"), pa.int16()))


def read_metrics(data_dir: Where) -> pd.DataFrame:
    """The metrics dataset when it is current, else computed on the spot (no findings build)."""
    from pipeline.metrics import metrics_for

    snapshot = snapshot_of(data_dir)
    if is_current(snapshot):
        return read_derived(data_dir, "metrics", snapshot=snapshot)
    return metrics_for(data_dir, snapshot=snapshot)


def read_derived(data_dir: Where, name: str, *, snapshot: Snapshot | None = None) -> pd.DataFrame:
    """A derived dataset of the current snapshot (built first when it is not there yet)."""
    if name not in SCHEMAS:
        raise KeyError(f"unknown derived dataset {name!r}; one of {', '.join(DERIVED)}")
    snapshot = snapshot or snapshot_of(data_dir)
    if not is_current(snapshot):
        snapshot = build(data_dir).snapshot
    table = snapshot.read(name, SCHEMAS[name])
    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int32Dtype(),
                                         pa.bool_(): pd.BooleanDtype()}.get)
