"""Parquet datasets (CONTRACT.md §3): load extractions, read datasets back.

``DIR/datasets/<name>/year=<YYYY>/part-0.parquet`` is hive-partitioned and
readable by pandas, pyarrow.dataset, DuckDB and Spark. ``DIR/datasets`` is a
symlink to an immutable snapshot, switched atomically by each load; on an
object store a ``CURRENT`` pointer plays that part (see :mod:`pipeline.storage`).
"""

from __future__ import annotations

import ctypes
import os
import sys

import pandas as pd
import pyarrow as pa


def _bound_allocator_memory() -> None:
    """Loads stream many short-lived Arrow batches from several threads. Arrow's
    default pool, and glibc's one malloc arena per thread, each keep ~40-80 MB
    more at peak for 10,000 reports than the system pool with two arenas."""
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        pa.set_memory_pool(pa.system_memory_pool())
    if "MALLOC_ARENA_MAX" not in os.environ and sys.platform == "linux":
        try:
            ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX
        except OSError:  # not glibc
            pass


_bound_allocator_memory()

from pipeline.storage import DataDir, DataDirError, NoDatasets, Snapshot

from .loader import LoadSummary, Skipped, Superseded, load
from .schema import DATASETS, PARTITION, PARTITION_SCHEMA, SCHEMAS

__all__ = ["DATASETS", "SCHEMAS", "DataDirError", "LoadSummary", "NoDatasets", "Skipped", "Superseded",
           "current_snapshot", "load", "read_dataset", "read_table", "require_snapshot"]

Where = DataDir | str | os.PathLike


def current_snapshot(data_dir: Where) -> Snapshot | None:
    """The snapshot readers see now, or None before the first load (see :class:`pipeline.storage.DataDir`)."""
    return DataDir.of(data_dir).current()


def require_snapshot(data_dir: Where) -> Snapshot:
    """The current snapshot, or an error naming the data directory and what is wrong with it."""
    return DataDir.of(data_dir).require()


def read_table(data_dir: Where, name: str, *, snapshot: Snapshot | None = None) -> pa.Table:
    """One dataset as an Arrow table, ``year`` second, with the declared schema even when empty.

    Pass ``snapshot`` (from :func:`current_snapshot`) to read several datasets
    from one consistent state while loads may be running.
    """
    if name not in SCHEMAS:
        raise KeyError(f"unknown dataset {name!r}; one of {', '.join(DATASETS)}")
    snapshot = snapshot or DataDir.of(data_dir).current()
    if snapshot is None:
        return SCHEMAS[name].insert(1, PARTITION_SCHEMA.field(PARTITION)).empty_table()
    return snapshot.read(name, SCHEMAS[name])


def read_dataset(data_dir: Where, name: str, *, snapshot: Snapshot | None = None) -> pd.DataFrame:
    """One dataset as a DataFrame: nullable integers as ``Int64``/``Int32``, ``year`` as int16."""
    # The schema's pandas metadata picks the nullable dtypes (no detour through float64).
    return read_table(data_dir, name, snapshot=snapshot).to_pandas()
