"""Datasets of a snapshot as DuckDB relations: Arrow datasets opened by storage, never paths.

DuckDB then needs no extension (httpfs is not in the wheel and cannot be fetched
offline) and reads object stores exactly like local files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from .snapshot import Snapshot

if TYPE_CHECKING:
    import duckdb


def register(con: duckdb.DuckDBPyConnection, snapshot: Snapshot, dataset: str, schema: pa.Schema) -> str | None:
    """Register ``dataset`` on ``con`` as ``_<dataset>`` (``year`` last); its name, or None when it has no files."""
    data = snapshot.arrow(dataset, schema)
    if isinstance(data, pa.Table):
        return None
    name = f"_{dataset}"
    con.register(name, data)
    return name
