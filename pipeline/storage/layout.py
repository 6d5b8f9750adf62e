"""The names of everything in a data directory, spelled once.

Local directory ``DIR`` (CONTRACT.md §3)::

    DIR/datasets -> .snapshots/000007      what readers see (a symlink, switched atomically)
    DIR/.snapshots/000007/<dataset>/year=YYYY/part-0.parquet
    DIR/.lock  .run.lock  .derived.lock    flock'ed files
    DIR/raw/  DIR/state.sqlite  DIR/runs/  the crawler's archive, state and run manifests
    DIR/datapackage.json  DIR/dictionary.md

Object store ``s3://bucket/prefix`` (no symlinks there): the same ``.snapshots/``
prefixes, and ``CURRENT``, one small object naming the current snapshot, written
last by each load (see :mod:`pipeline.storage.objectstore`).
"""

from __future__ import annotations

import pyarrow as pa

LINK = "datasets"
SNAPSHOTS = ".snapshots"
CURRENT = "CURRENT"
LOCK = ".lock"
RUN_LOCK = ".run.lock"
DERIVED_LOCK = ".derived.lock"
STATE = "state.sqlite"
RAW = "raw"
RUNS = "runs"
SITE_DB = "site.db"
PART = "part-0.parquet"
KEEP = 2  # snapshots kept: the current one and the one before (a reader may still be in it)

# Every dataset is hive-partitioned by year: the year lives in the directory name only.
PARTITION = "year"
PARTITION_SCHEMA = pa.schema([pa.field(PARTITION, pa.int16(), nullable=False)])


def partition_name(year: int) -> str:
    return f"{PARTITION}={int(year)}"


def year_of(name: str) -> int | None:
    """The year of a partition directory's name (``year=2024`` → 2024), None for anything else."""
    key, _, year = name.partition("=")
    return int(year) if key == PARTITION and year.isdigit() else None
