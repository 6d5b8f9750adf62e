"""One immutable state of the datasets, and the one way to read a dataset from it.

A :class:`Snapshot` is a directory (local) or prefix (object store) holding
``<dataset>/year=YYYY/*.parquet`` for every dataset. Readers get one from
:meth:`pipeline.storage.DataDir.current` and read every dataset they need from
it, so they see one consistent state while loads switch to newer snapshots.
Files are opened through pyarrow (local) or fsspec (object stores); DuckDB is
handed the resulting Arrow datasets, never paths, so it needs no extension.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem

from .conform import conform
from .layout import PARTITION, PARTITION_SCHEMA, partition_name, year_of

BATCH_ROWS = 65_536  # rows per batch when streaming a file back
# A streamed, filtered scan holds little: small batches, column chunks read as needed (no pre-buffering
# of a whole file), measured at ~20 MB less RSS for the cross-year checks of 10,000 reports.
SCAN_BATCH_ROWS = 4_096


@dataclass(frozen=True, eq=False)
class Snapshot:
    fs: AbstractFileSystem
    path: str   # in ``fs``'s terms (no protocol)
    name: str   # the snapshot's id: ``000007`` (local) or ``000007-3fa2c1`` (object store)
    # Published snapshots never change: their listing is read once (one request on an object store).
    # One being built is listed afresh each time.
    published: bool = True
    _listing: dict = field(default_factory=dict, compare=False, repr=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Snapshot) and (self.fs.protocol, self.path) == (other.fs.protocol, other.path)

    def __hash__(self) -> int:
        return hash(self.path)

    def __str__(self) -> str:
        return self.path if self.is_local else self.fs.unstrip_protocol(self.path)

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    @property
    def local_path(self) -> Path | None:
        return Path(self.path) if self.is_local else None

    @cached_property
    def arrow_fs(self) -> pafs.FileSystem:
        return pafs.LocalFileSystem() if self.is_local else pafs.PyFileSystem(pafs.FSSpecHandler(self.fs))

    def join(self, *names: str) -> str:
        return posixpath.join(self.path, *names)

    def dataset_dir(self, dataset: str) -> str:
        return self.join(dataset)

    def partition_dir(self, dataset: str, year: int) -> str:
        return self.join(dataset, partition_name(year))

    def _list(self) -> dict[str, dict[int, list[str]]]:
        """dataset → year → its Parquet files, for the whole snapshot."""
        if self.published and self._listing:
            return self._listing
        try:
            files = self.fs.find(self.path)
        except FileNotFoundError:
            files = []
        out: dict[str, dict[int, list[str]]] = {}
        for f in files:
            parts = posixpath.relpath(f, self.path).split("/")
            if len(parts) == 3 and (year := year_of(parts[1])) is not None and parts[2].endswith(".parquet"):
                out.setdefault(parts[0], {}).setdefault(year, []).append(f)
        listing = {d: {y: sorted(fs) for y, fs in sorted(years.items())} for d, years in out.items()}
        if self.published:
            self._listing.update(listing or {"": {}})
        return listing

    def forget_listing(self) -> None:
        """Datasets were attached to this snapshot (derived ones): list it again."""
        self._listing.clear()

    def partitions(self, dataset: str) -> dict[int, list[str]]:
        """year → its Parquet files, for one dataset (empty when the snapshot has none)."""
        return dict(self._list().get(dataset, {}))

    def has(self, dataset: str) -> bool:
        return bool(self.partitions(dataset))

    def files(self, dataset: str) -> list[str]:
        return [f for files in self.partitions(dataset).values() for f in files]

    def arrow(self, dataset: str, schema: pa.Schema) -> ds.Dataset | pa.Table:
        """The dataset as pyarrow opens it (``year`` last), or an empty table with its columns."""
        full = schema.append(PARTITION_SCHEMA.field(PARTITION))
        files = self.files(dataset)
        if not files:
            return full.empty_table()
        return ds.dataset(files, filesystem=self.arrow_fs, format="parquet", schema=full,
                          partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive"),
                          partition_base_dir=self.dataset_dir(dataset))

    def read(self, dataset: str, schema: pa.Schema, *, columns: list[str] | None = None,
             filter: ds.Expression | None = None, streamed: bool = False) -> pa.Table:
        """Rows of a dataset, ``year`` second, in ``schema`` (empty with its columns when there are none).

        ``columns``/``filter`` select while reading; ``streamed`` reads one batch at a time,
        holding only the selected rows (for large snapshots)."""
        full = schema.insert(1, PARTITION_SCHEMA.field(PARTITION))
        names = columns or full.names
        data = self.arrow(dataset, schema)
        if isinstance(data, pa.Table):
            table = data.select(names).cast(full if columns is None else data.select(names).schema)
            return table.filter(filter) if filter is not None else table
        if streamed:
            scanner = data.scanner(columns=names, filter=filter, use_threads=False, batch_readahead=1,
                                   fragment_readahead=1, batch_size=SCAN_BATCH_ROWS,
                                   fragment_scan_options=ds.ParquetFragmentScanOptions(pre_buffer=False))
            table = scanner.to_table()
        else:
            table = data.to_table(columns=names, filter=filter)
        # The whole schema carries pandas metadata (nullable Int32/Int64 dtypes): keep it when whole.
        return table.select(names).cast(full if columns is None else pa.schema([full.field(n) for n in names]))

    def file_schema(self, file: str) -> pa.Schema:
        with self.arrow_fs.open_input_file(file) as fh:
            return pq.read_schema(fh)

    def read_file(self, file: str, schema: pa.Schema) -> pa.Table:
        """One Parquet file, in ``schema`` (files of an older loader are brought up to date)."""
        with self.arrow_fs.open_input_file(file) as fh:
            return conform(pq.read_table(fh), schema)

    def batches(self, file: str) -> Iterator[pa.RecordBatch]:
        """A Parquet file batch by batch; single-threaded, which keeps peak memory down."""
        with self.arrow_fs.open_input_file(file) as fh, pq.ParquetFile(fh, pre_buffer=False) as source:
            yield from source.iter_batches(batch_size=BATCH_ROWS, use_threads=False)

    def read_text(self, name: str) -> str | None:
        try:
            return self.fs.cat_file(self.join(name)).decode("utf-8")
        except (FileNotFoundError, OSError):
            return None
