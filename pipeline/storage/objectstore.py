"""Snapshots on an S3-compatible object store: parts under a new prefix, published by one pointer write.

``s3://bucket/prefix/.snapshots/000007-3fa2c1/<dataset>/year=YYYY/part-0.parquet``
holds a snapshot; ``s3://bucket/prefix/CURRENT`` holds the id of the current one.
A load writes every part of its snapshot under a fresh prefix (untouched
partitions are copied server-side from its base), then replaces ``CURRENT`` with
a conditional PUT (``If-Match`` the ETag it read, ``If-None-Match: *`` for the
first load). Readers resolve ``CURRENT`` first and read only that prefix, so
they see the whole of a load or none of it.

Two writers never lose each other's data: the pointer write of the one that
finishes second fails its precondition, and it builds its snapshot again on
the other's (re-reading the partitions it touches and merging its own rows),
then tries again. A writer that dies leaves an unpublished prefix, removed by
the garbage collection of a later load (which keeps the current snapshot, the
one before it, and any newer prefix a concurrent writer may be filling).
"""

from __future__ import annotations

import posixpath
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.asyn import sync

from .builder import Builder
from .durability import crash_point
from .errors import DataDirError, Moved
from .layout import CURRENT, KEEP, PART, SNAPSHOTS
from .snapshot import Snapshot

_PRECONDITION = ("PreconditionFailed", "ConditionalRequestConflict", "412", "409")


class ObjectBuilder(Builder):
    @contextmanager
    def _sink(self, path: str) -> Iterator:
        with self.snapshot.fs.open(path, "wb") as sink:
            yield sink

    def _share_file(self, src: str, dst: str) -> None:
        self.snapshot.fs.copy(src, dst)  # server-side: no bytes through this machine

    def _replace_file(self, path: str, table: pa.Table) -> None:
        with self.snapshot.fs.open(path, "wb") as sink:  # unpublished: nobody else reads this object
            pq.write_table(table, sink)


def _number(name: str) -> int | None:
    head = name.split("-", 1)[0]
    return int(head) if head.isdigit() else None


class ObjectSnapshots:
    """The snapshots under one prefix of an S3 bucket."""

    def __init__(self, fs: AbstractFileSystem, root: str):
        self.fs = fs
        self.root = root
        self.snapshots = posixpath.join(root, SNAPSHOTS)
        self.pointer = posixpath.join(root, CURRENT)

    def _snapshot(self, name: str) -> Snapshot:
        return Snapshot(self.fs, posixpath.join(self.snapshots, name), name)

    def head(self) -> tuple[Snapshot | None, str | None]:
        """The current snapshot and the pointer's ETag, read in one request (so they agree)."""
        bucket, key, _ = self.fs.split_path(self.pointer)

        async def get() -> tuple[bytes, str] | None:
            try:
                response = await self.fs._call_s3("get_object", Bucket=bucket, Key=key)
            except FileNotFoundError:
                return None
            body = response["Body"]
            try:
                return await body.read(), response["ETag"]
            finally:
                body.close()

        got = sync(self.fs.loop, get)
        if got is None:
            return None, None
        name = got[0].decode("ascii").strip()
        return self._snapshot(name), got[1]

    def current(self) -> Snapshot | None:
        return self.head()[0]

    def check_writable(self) -> None:
        bucket = self.root.split("/", 1)[0]
        try:
            self.fs.ls(bucket)
        except (FileNotFoundError, PermissionError, OSError) as e:
            raise DataDirError(f"s3://{self.root}: cannot write the datasets here ({e})") from None

    def locked(self):
        return nullcontext()  # writers coordinate through the pointer's conditional write

    @contextmanager
    def staging(self) -> Iterator[Path]:
        path = Path(tempfile.mkdtemp(prefix="xxgk-spill-"))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def begin(self, base: Snapshot | None) -> ObjectBuilder:
        number = (_number(base.name) or 0) + 1 if base is not None else 1
        name = f"{number:06d}-{secrets.token_hex(3)}"
        return ObjectBuilder(Snapshot(self.fs, posixpath.join(self.snapshots, name), name, published=False))

    def discard(self, builder: Builder) -> None:
        try:
            self.fs.rm(builder.snapshot.path, recursive=True)
        except FileNotFoundError:
            pass

    def publish(self, builder: Builder, tag: str | None) -> Snapshot:
        """Switch ``CURRENT`` to the builder's snapshot, unless it moved since ``tag`` was read."""
        crash_point("committed")
        bucket, key, _ = self.fs.split_path(self.pointer)
        condition = {"IfMatch": tag} if tag else {"IfNoneMatch": "*"}
        try:
            sync(self.fs.loop, self.fs._call_s3, "put_object", Bucket=bucket, Key=key,
                 Body=builder.snapshot.name.encode("ascii"), **condition)
        except (OSError, FileExistsError) as e:
            if _precondition_failed(e):
                raise Moved(builder.snapshot.name) from None
            raise
        crash_point("switched")
        self.collect_garbage()
        return self._snapshot(builder.snapshot.name)

    def collect_garbage(self) -> None:
        """Keep the current snapshot, the one before it, and newer prefixes (maybe being filled)."""
        current = self.current()
        if current is None:
            return
        n = _number(current.name) or 0
        try:
            names = [posixpath.basename(p.rstrip("/")) for p in self.fs.ls(self.snapshots, detail=False)]
        except FileNotFoundError:
            return
        older = sorted((k, name) for name in names if (k := _number(name)) is not None and k < n)
        keep = {current.name} | {name for _, name in older[-(KEEP - 1):]}
        for name in names:
            k = _number(name)
            if name not in keep and k is not None and k <= n:
                try:
                    self.fs.rm(posixpath.join(self.snapshots, name), recursive=True)
                except FileNotFoundError:  # a racing writer removed it first (its discarded build, its clean-up)
                    pass

    # -- beside a published snapshot (derived datasets, coverage) -------------------------
    def attaching(self):
        return nullcontext()  # a racing builder writes the same content; the marker is written last

    def attach(self, snapshot: Snapshot, tables: dict[str, dict[int, pa.Table]]) -> None:
        for name, years in tables.items():
            root = snapshot.dataset_dir(name)
            if self.fs.exists(root):
                self.fs.rm(root, recursive=True)
            for year, table in years.items():
                with self.fs.open(posixpath.join(snapshot.partition_dir(name, year), PART), "wb") as f:
                    pq.write_table(table, f, compression="zstd")

    def write_text(self, path: str, text: str) -> None:
        self.fs.pipe_file(path, text.encode("utf-8"))

    def remove(self, path: str) -> None:
        try:
            self.fs.rm_file(path)
        except FileNotFoundError:
            pass


def _precondition_failed(error: BaseException) -> bool:
    cause = error.__cause__
    response = getattr(cause, "response", None) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    status = str(response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
    return code in _PRECONDITION or status in _PRECONDITION or isinstance(error, FileExistsError)
