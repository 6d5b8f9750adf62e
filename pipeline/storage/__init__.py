"""Storage: the one package that knows where datasets live and how they are read and committed.

- :class:`DataDir` — a local path or an fsspec URL (``s3://bucket/prefix``): every path of the
  data directory, the current :class:`Snapshot`, ``writing()`` for a load's atomic commit, and
  ``attach()`` for datasets derived from a snapshot (metrics, findings, coverage).
- :class:`Snapshot` — one immutable state; ``read``/``arrow`` open a dataset of it.
- :class:`Builder` — fills an unpublished snapshot (the only writer of dataset files).

Everything else computes Arrow tables or DataFrames and hands them over.
"""

from __future__ import annotations

from .builder import Builder
from .conform import conform
from .datadir import DataDir, Transaction
from .durability import CRASH_ENV, crash_point, fsync_path
from .errors import DataDirError, NoDatasets
from .layout import PART, PARTITION, PARTITION_SCHEMA
from .locks import Busy, flocked
from .snapshot import Snapshot

__all__ = ["CRASH_ENV", "PART", "PARTITION", "PARTITION_SCHEMA", "Builder", "Busy", "DataDir", "DataDirError",
           "NoDatasets", "Snapshot", "Transaction", "conform", "crash_point", "flocked", "fsync_path"]
