"""Derived datasets live inside the snapshot they were computed from, beside the loaded ones.

``DATA/datasets/metrics/year=2024/part-0.parquet``, ``DATA/datasets/findings_late/…``:
readable exactly like ``reports`` or ``requests``. Because ``DATA/datasets`` is a
symlink to an immutable snapshot (see :mod:`pipeline.load.snapshots`), derived data
written into snapshot N can never be stale: the next load switches to snapshot
N+1, which has none, and they are rebuilt from it on first use. The loaded files
are never touched; the derived ones are built in a temporary directory, moved in,
and the ``_derived.json`` marker is written last, so a build killed half-way is
simply redone.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.load import DataDirError, NoDatasets, read_dataset, require_snapshot
from pipeline.load.schema import PARTITION, PARTITION_SCHEMA

from .build import INPUTS, build_all
from .copied import THRESHOLD
from .schema import DERIVED, SCHEMAS

MARKER = "_derived.json"
VERSION = "2"   # bump when a formula or a finding's rule changes: stored results are rebuilt
LOCK = ".derived.lock"


NoData = NoDatasets  # the name this package has always raised


@dataclass(slots=True)
class BuildSummary:
    snapshot: Path
    built: bool                                     # False when the stored results were current
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def snapshot_of(data_dir: Path) -> Path:
    return require_snapshot(data_dir)


def _marker(snapshot: Path) -> dict | None:
    try:
        return json.loads((snapshot / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def is_current(snapshot: Path, threshold: float = THRESHOLD) -> bool:
    m = _marker(snapshot)
    return bool(m) and m.get("version") == VERSION and m.get("threshold") == threshold


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    try:
        fh = open(Path(data_dir) / LOCK, "a+")  # noqa: SIM115 - closed below
    except OSError as e:
        raise DataDirError(f"{data_dir}: cannot write the derived datasets here ({e.strerror}); "
                           "build them where the data can be written") from None
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(data_dir: Path, *, jobs: int = 0, threshold: float = THRESHOLD, force: bool = False) -> BuildSummary:
    """Compute the derived datasets of the current snapshot unless they are there already."""
    data_dir = Path(data_dir)
    start = time.perf_counter()
    snapshot_of(data_dir)  # a missing data directory is named before anything is written
    with _locked(data_dir):
        snapshot = snapshot_of(data_dir)
        if not force and is_current(snapshot, threshold):
            return BuildSummary(snapshot, built=False)
        frames = {name: read_dataset(data_dir, name, snapshot=snapshot) for name in INPUTS}
        out = build_all(frames, jobs=jobs or os.cpu_count() or 1, threshold=threshold)
        tmp = snapshot / f".derived-tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            for name, frame in out.items():
                _write(frame, SCHEMAS[name], tmp / name)
            (snapshot / MARKER).unlink(missing_ok=True)
            for name in out:
                shutil.rmtree(snapshot / name, ignore_errors=True)
                os.rename(tmp / name, snapshot / name)
            marker = {"version": VERSION, "threshold": threshold, "built_at": time.time(),
                      "rows": {n: len(f) for n, f in out.items()}}
            (tmp / MARKER).write_text(json.dumps(marker), "utf-8")
            os.replace(tmp / MARKER, snapshot / MARKER)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return BuildSummary(snapshot, True, {n: len(f) for n, f in out.items()}, time.perf_counter() - start)


def _write(frame: pd.DataFrame, schema: pa.Schema, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for year, part in frame.groupby(PARTITION, sort=True):
        table = pa.Table.from_pandas(part[schema.names], schema=schema, preserve_index=False)
        target = root / f"{PARTITION}={int(year)}"
        target.mkdir()
        pq.write_table(table, target / "part-0.parquet", compression="zstd")


def read_metrics(data_dir: Path) -> pd.DataFrame:
    """The metrics dataset when it is current, else computed on the spot (no findings build)."""
    from pipeline.metrics import metrics_for

    snapshot = snapshot_of(data_dir)
    if is_current(snapshot):
        return read_derived(data_dir, "metrics", snapshot=snapshot)
    return metrics_for(data_dir, snapshot=snapshot)


def read_derived(data_dir: Path, name: str, *, snapshot: Path | None = None) -> pd.DataFrame:
    """A derived dataset of the current snapshot (built first when it is not there yet)."""
    if name not in SCHEMAS:
        raise KeyError(f"unknown derived dataset {name!r}; one of {', '.join(DERIVED)}")
    snapshot = snapshot or snapshot_of(data_dir)
    if not is_current(snapshot):
        snapshot = build(data_dir).snapshot
    schema = SCHEMAS[name]
    full = schema.insert(1, PARTITION_SCHEMA.field(PARTITION))
    root = snapshot / name
    if not root.is_dir():
        table = full.empty_table()
    else:
        dataset = ds.dataset(root, format="parquet", schema=schema.append(PARTITION_SCHEMA.field(PARTITION)),
                             partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive"))
        table = dataset.to_table().select(full.names)
    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int32Dtype(),
                                         pa.bool_(): pd.BooleanDtype()}.get)
