"""Files written for people (``--out`` of compare, query, panel): one CSV dialect, atomic replacement.

Every command that writes a CSV goes through :func:`write_csv`, so they all
agree: UTF-8 with a BOM (Excel then opens Chinese text correctly), LF line
ends, written to a temporary file beside the target and renamed over it, so a
reader never sees half a file and a failed write leaves the old one intact.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.errors import XxgkError

CSV_ENCODING = "utf-8-sig"
CSV_LINE_END = "\n"
TABLE_FORMATS = (".csv", ".parquet")


class OutputError(XxgkError):
    """An output file could not be written; the message names it and says why, in one line."""


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed over it when the block succeeds, removed otherwise."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{path}: cannot create its folder ({e.strerror or e})") from None
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as e:
        raise OutputError(f"{path}: cannot write ({e.strerror or e})") from None
    finally:
        tmp.unlink(missing_ok=True)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """``frame`` as CSV: UTF-8 with BOM, LF, no index; atomically."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, encoding=CSV_ENCODING, lineterminator=CSV_LINE_END)
    return Path(path)


def write_parquet(table: pa.Table | pd.DataFrame, path: Path) -> Path:
    import pyarrow.parquet as pq

    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    return Path(path)


def check_table_format(path: Path) -> str:
    """The suffix of a .csv/.parquet output path, or an error naming the path."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise OutputError(f"{path}: unknown output format {suffix or '(no extension)'!r}; "
                          f"use {' or '.join(TABLE_FORMATS)}")
    return suffix


def write_table(table: pa.Table | pd.DataFrame, path: Path) -> Path:
    """A result table as CSV or Parquet, by the path's extension."""
    if check_table_format(path) == ".parquet":
        return write_parquet(table, path)
    frame = table.to_pandas() if isinstance(table, pa.Table) else table
    return write_csv(frame, path)
