"""Filling an unpublished snapshot: the one place Parquet files of the datasets are written.

A :class:`Builder` writes whole partitions (``write``), shares untouched ones
with the snapshot it is based on (``share``) and replaces rows of a partition it
already holds (``replace_rows``). Nothing it writes is visible until the backend
publishes the snapshot; files of a published snapshot are never written to.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .conform import conform
from .layout import PART
from .snapshot import Snapshot

# Rows per row group of a partition written in pieces. A load hands over its rows a few
# hundred at a time; as many row groups made every later read of the file slow and big
# (at 10,000 reports, ~100 row groups a file cost the cross-year checks 35 MB more).
ROW_GROUP_ROWS = 16_384


class RowGroups:
    """Tables written to a Parquet file, gathered into row groups of ``ROW_GROUP_ROWS`` rows."""

    def __init__(self, out: pq.ParquetWriter):
        self.out = out
        self.pending: list[pa.Table] = []
        self.rows = 0

    def write_table(self, table: pa.Table) -> None:
        self.pending.append(table)
        self.rows += table.num_rows
        if self.rows >= ROW_GROUP_ROWS:
            whole = pa.concat_tables(self.pending)
            full = self.rows - self.rows % ROW_GROUP_ROWS
            self.out.write_table(whole.slice(0, full), row_group_size=ROW_GROUP_ROWS)
            rest = whole.slice(full)
            self.pending, self.rows = [rest], rest.num_rows

    def flush(self) -> None:
        """Write what is left (the file's last, smaller row group)."""
        if self.rows:
            self.out.write_table(pa.concat_tables(self.pending), row_group_size=ROW_GROUP_ROWS)
        self.pending, self.rows = [], 0


class Builder:
    """An unpublished snapshot being filled; the backends say how bytes reach the storage."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.written = False

    # -- the backend's part ------------------------------------------------------------
    @contextmanager
    def _sink(self, path: str) -> Iterator:
        """A binary file to write ``path`` through, durable when the block ends."""
        raise NotImplementedError

    def _share_file(self, src: str, dst: str) -> None:
        """Put the immutable file ``src`` of the base snapshot at ``dst`` (link or copy)."""
        raise NotImplementedError

    def _replace_file(self, path: str, table: pa.Table) -> None:
        """Write ``table`` at ``path``, which may be shared with a published snapshot."""
        raise NotImplementedError

    def _remove(self, path: str) -> None:
        self.snapshot.fs.rm_file(path)

    # -- what callers use -----------------------------------------------------------------
    @contextmanager
    def writer(self, dataset: str, year: int, schema: pa.Schema) -> Iterator[RowGroups]:
        """A writer of the whole of one year partition (its only file), in row groups of
        ``ROW_GROUP_ROWS`` whatever the size of the tables it is given."""
        self.written = True
        with self._sink(self._path(dataset, year)) as sink, \
                pq.ParquetWriter(sink, schema) as out:
            groups = RowGroups(out)
            yield groups
            groups.flush()

    def share(self, base: Snapshot, dataset: str, year: int, schema: pa.Schema) -> None:
        """Carry an untouched partition of ``base`` over; rewrite it if its schema is outdated."""
        self.written = True
        for src in base.partitions(dataset).get(year, []):
            dst = self._path(dataset, year, posixpath.basename(src))
            if base.file_schema(src).equals(schema, check_metadata=False):
                self._share_file(src, dst)
            else:
                with self._sink(dst) as sink:
                    pq.write_table(base.read_file(src, schema), sink)

    def replace_rows(self, dataset: str, year: int, schema: pa.Schema,
                     drop: Callable[[pa.Table], pa.ChunkedArray | pa.Array] | None, add: pa.Table) -> bool:
        """Rewrite one partition of this snapshot: its rows where ``drop`` is false, then ``add``.

        Returns False (nothing written) when nothing would change."""
        files = self.snapshot.partitions(dataset).get(year, [])
        old = pa.concat_tables([self.snapshot.read_file(f, schema) for f in files]) if files \
            else schema.empty_table()
        stale = drop(old) if drop is not None and old.num_rows else None
        if not add.num_rows and (stale is None or not pc.any(stale).as_py()):
            return False
        kept = old.filter(pc.invert(stale)) if stale is not None else old
        table = pa.concat_tables([kept, conform(add, schema)]).replace_schema_metadata(schema.metadata)
        target = self._path(dataset, year)
        self.written = True
        self._replace_file(target, table)
        for f in files:
            if f != target:
                self._remove(f)
        return True

    def _path(self, dataset: str, year: int, name: str = PART) -> str:
        return posixpath.join(self.snapshot.partition_dir(dataset, year), name)
