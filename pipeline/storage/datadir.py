"""The data directory: a local path or any fsspec URL (``s3://bucket/prefix``), and every path in it.

Datasets live where the URL says; what only one machine uses — the crawler's
raw archive and SQLite state, run manifests, the run lock — stays on local disk:
in the directory itself when it is local, else in ``XXGK_WORK_DIR`` (default
``~/.cache/xxgk/<protocol>/<bucket>/<prefix>``). S3 is configured by the
standard AWS variables (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL`` for S3-compatible servers).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow as pa
from fsspec.core import split_protocol
from fsspec.implementations.local import LocalFileSystem

from .builder import Builder
from .errors import DataDirError, Moved, NoDatasets
from .layout import LINK, PARTITION, RAW, RUN_LOCK, RUNS, SITE_DB, STATE
from .local import LocalSnapshots
from .snapshot import Snapshot

WORK_ENV = "XXGK_WORK_DIR"
LOCAL_PROTOCOLS = (None, "file", "local")


def _s3(root: str):
    import s3fs

    # No instance or listing cache: the pointer and the snapshots must be read as they are now.
    fs = s3fs.S3FileSystem(skip_instance_cache=True, use_listings_cache=False)
    from .objectstore import ObjectSnapshots

    return fs, ObjectSnapshots(fs, root)


# protocol → (filesystem, snapshots) of a non-local data directory
OBJECT_STORES: dict[str, Callable[[str], tuple]] = {"s3": _s3, "s3a": _s3}


class DataDir:
    """Every path of one data directory, the current snapshot, and the one way to commit a new one."""

    def __init__(self, where: str | os.PathLike):
        text = os.fspath(where)
        protocol, rest = split_protocol(text)
        self.url = text
        if protocol in LOCAL_PROTOCOLS:
            self.local: Path | None = Path(rest)
            self.fs = LocalFileSystem()
            self.root = str(self.local.absolute())
            self.backend = LocalSnapshots(self.local)
        else:
            if protocol not in OBJECT_STORES:
                raise DataDirError(f"{text}: unsupported storage {protocol!r}; one of: a local path, "
                                   + ", ".join(f"{p}://" for p in OBJECT_STORES))
            self.local = None
            self.root = rest.rstrip("/")
            self.fs, self.backend = OBJECT_STORES[protocol](self.root)

    @classmethod
    def of(cls, where: DataDir | str | os.PathLike) -> DataDir:
        return where if isinstance(where, DataDir) else cls(where)

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"DataDir({self.url!r})"

    @property
    def datasets_url(self) -> str:
        """Where a person finds the datasets: the ``datasets`` link, or the URL (then ``CURRENT`` says which
        snapshot)."""
        return str(self.local / LINK) if self.local is not None else self.url

    def join(self, *names: str) -> str:
        """A path beside the datasets, in the storage's terms."""
        return posixpath.join(self.root, *names)

    # -- what stays on local disk -----------------------------------------------------------
    @cached_property
    def work(self) -> Path:
        if self.local is not None:
            return self.local
        base = Path(os.environ.get(WORK_ENV) or Path.home() / ".cache" / "xxgk")
        return base / self.fs.protocol[0] / self.root

    @property
    def raw(self) -> Path:
        return self.work / RAW

    @property
    def state_db(self) -> Path:
        return self.work / STATE

    @property
    def runs(self) -> Path:
        return self.work / RUNS

    @property
    def site_db(self) -> Path:
        return self.work / SITE_DB

    @property
    def run_lock(self) -> Path:
        return self.work / RUN_LOCK

    # -- snapshots -------------------------------------------------------------------------
    def current(self) -> Snapshot | None:
        """The snapshot readers see now, or None before the first load."""
        if self.local is not None and not self.local.is_dir():
            return None
        return self.backend.current()

    def require(self) -> Snapshot:
        """The current snapshot, or an error naming the data directory and what is wrong with it."""
        if self.local is not None:
            if not self.local.exists():
                raise NoDatasets(f"{self.url}: no such data directory")
            if not self.local.is_dir():
                raise NoDatasets(f"{self.url}: is not a directory")
        snapshot = self.current()
        if snapshot is None:
            raise NoDatasets(f"{self.url}: no datasets loaded yet (run `xxgk load … --data {self.url}` first)")
        return snapshot

    def check_writable(self) -> None:
        """Raise :class:`DataDirError` now when a load could not write here."""
        self.backend.check_writable()

    @contextmanager
    def writing(self) -> Iterator[Transaction]:
        """A load's session: the load lock (local), the base snapshot, a local staging directory."""
        with self.backend.locked():
            base, tag = self.backend.head()
            with self.backend.staging() as staging:
                yield Transaction(self, base, tag, staging)

    # -- beside the snapshots ----------------------------------------------------------------
    def attach(self, snapshot: Snapshot, frames: dict[str, pa.Table], *, marker: tuple[str, str] | None = None,
               before: Callable[[], None] | None = None) -> None:
        """Write datasets derived from ``snapshot`` into it (metrics, findings, coverage), partitioned by
        year; ``marker`` (name, text) is written last, so a reader that trusts it never sees a half build.
        Each table has a ``year`` column and its other columns in the dataset's schema order."""
        tables = {name: _by_year(table) for name, table in frames.items()}
        if marker is not None:
            self.backend.remove(snapshot.join(marker[0]))
        self.backend.attach(snapshot, tables)
        snapshot.forget_listing()
        if marker is not None:
            self.backend.write_text(snapshot.join(marker[0]), marker[1])

    @contextmanager
    def attaching(self) -> Iterator[None]:
        """One builder of derived datasets at a time (local: a lock; object stores: last writer wins)."""
        with self.backend.attaching():
            yield

    def public_path(self, snapshot: Snapshot, file: str) -> str:
        """A file of ``snapshot`` as a reader of the data directory finds it, relative to its root:
        through the ``datasets`` link (local), under the snapshot's prefix (object stores)."""
        inside = posixpath.relpath(file, snapshot.path)
        where = LINK if self.local is not None else posixpath.relpath(snapshot.path, self.root)
        return posixpath.join(where, inside)

    def write_text(self, name: str, text: str) -> str:
        """Replace a small file beside the datasets (``datapackage.json``) at once; its path."""
        path = self.join(name)
        self.backend.write_text(path, text)
        return path


def _by_year(table: pa.Table) -> dict[int, pa.Table]:
    import pyarrow.compute as pc

    years = sorted(set(table.column(PARTITION).to_pylist()))
    rest = [c for c in table.column_names if c != PARTITION]
    return {int(y): table.filter(pc.equal(table.column(PARTITION), y)).select(rest) for y in years}


@dataclass
class Transaction:
    """What a writer holds while it builds: the base it read, and where it may spill."""

    data: DataDir
    base: Snapshot | None
    tag: str | None
    staging: Path

    def commit(self, fill: Callable[[Snapshot | None, Builder], None]) -> Snapshot:
        """Build a snapshot with ``fill(base, builder)`` and publish it atomically.

        On an object store another writer may publish first: then ``fill`` runs again on the
        new base (it must merge its rows into whatever the base holds), until the pointer write
        succeeds. The local lock makes that never happen there."""
        backend = self.data.backend
        while True:
            builder = backend.begin(self.base)
            try:
                fill(self.base, builder)
                published = backend.publish(builder, self.tag)
            except Moved:
                backend.discard(builder)
                self.base, self.tag = backend.head()
                continue
            except FileNotFoundError:
                # A writer that published meanwhile collected the snapshot this one was reading or
                # building (it is outdated anyway): build again on the new one.
                backend.discard(builder)
                base, tag = backend.head()
                if tag is None or tag == self.tag:
                    raise
                self.base, self.tag = base, tag
                continue
            except BaseException:
                backend.discard(builder)
                raise
            self.base, self.tag = published, None
            return published
