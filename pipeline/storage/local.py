"""Snapshots of a local data directory: immutable directories behind one atomically switched symlink.

A load builds the next snapshot in ``.snapshots/.tmp-NNNNNN-<pid>``: partitions
it does not touch are hard-linked from the current snapshot (copied where links
fail), the partitions it touches are written in full. The finished directory is
renamed to its number, then a fresh symlink is ``os.replace``'d over
``DIR/datasets`` — a single atomic step that switches every dataset at once.
Files are never modified after they are written, which is what makes sharing
them by hard links safe.

Crash safety follows from the order: until the switch, ``DIR/datasets`` points
at the untouched previous snapshot; after it, at a complete new one. A load
killed at any point leaves only debris (``.tmp-*`` directories, a numbered
snapshot never switched to, a stray ``.datasets.tmp-*`` link) that the next
load removes under the lock (``flock``, released by the kernel when its holder
dies, so it never goes stale). Old snapshots are collected after the switch,
keeping the current and the previous one, so a reader that resolved the link
just before a switch can still finish.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from .builder import Builder
from .durability import crash_point, fsync_path, fsync_tree_dirs
from .errors import DataDirError
from .layout import DERIVED_LOCK, KEEP, LINK, LOCK, PART, SNAPSHOTS, partition_name
from .locks import flocked
from .snapshot import Snapshot

_FS = LocalFileSystem()


class LocalBuilder(Builder):
    @contextmanager
    def _sink(self, path: str) -> Iterator:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as sink:
            yield sink
            sink.flush()
            os.fsync(sink.fileno())

    def _share_file(self, src: str, dst: str) -> None:
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    def _replace_file(self, path: str, table: pa.Table) -> None:
        # The file may be a hard link shared with the published snapshot: never written
        # through, only replaced by a new file.
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        pq.write_table(table, tmp)
        os.replace(tmp, target)


class LocalSnapshots:
    """The snapshots of one local data directory."""

    def __init__(self, root: Path):
        self.root = root
        self.snapshots = root / SNAPSHOTS

    def current(self) -> Snapshot | None:
        link = self.root / LINK
        if not link.is_symlink():
            if link.exists():
                raise DataDirError(f"{link}: is not a symlink made by `xxgk load`; move it away first")
            return None
        path = (link.parent / os.readlink(link)).resolve()
        return Snapshot(_FS, str(path), path.name)

    def head(self) -> tuple[Snapshot | None, None]:
        return self.current(), None

    def check_writable(self) -> None:
        """A data directory that cannot be written (a file, read-only, a missing parent) is a
        :class:`DataDirError` naming it, before anything is read or written."""
        try:
            if self.root.exists() and not self.root.is_dir():
                raise DataDirError(f"{self.root}: is not a directory")
            self.snapshots.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.root / LOCK, os.O_WRONLY | os.O_CREAT, 0o644))  # mtime untouched
        except OSError as e:
            raise DataDirError(f"{self.root}: cannot write the datasets here ({e.strerror})") from None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the exclusive load lock (blocking until a concurrent load ends), debris removed."""
        self.check_writable()
        with flocked(self.root / LOCK):
            self.recover()
            yield

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A scratch directory for the load's spill files (debris the next load removes)."""
        path = self.snapshots / f".tmp-staging-{os.getpid()}"
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def _numbered(self) -> dict[int, Path]:
        return {int(p.name): p for p in self.snapshots.iterdir() if p.name.isdigit()}

    def recover(self) -> None:
        """Remove what an interrupted load left behind (call under the lock)."""
        for p in self.snapshots.iterdir():
            if p.name.startswith(".tmp-"):
                shutil.rmtree(p, ignore_errors=True)
        for p in self.root.glob(f".{LINK}.tmp-*"):
            p.unlink(missing_ok=True)
        self.collect_garbage()

    def begin(self, base: Snapshot | None) -> LocalBuilder:
        """The next snapshot, in a temporary directory made by the first write into it (a load that
        writes nothing leaves the data directory untouched)."""
        number = max(self._numbered(), default=0) + 1
        tmp = self.snapshots / f".tmp-{number:06d}-{os.getpid()}"
        return LocalBuilder(Snapshot(_FS, str(tmp), f"{number:06d}", published=False))

    def discard(self, builder: Builder) -> None:
        shutil.rmtree(builder.snapshot.path, ignore_errors=True)

    def publish(self, builder: Builder, tag: str | None) -> Snapshot:
        """Rename the finished snapshot into place, then switch the link."""
        tmp = Path(builder.snapshot.path)
        tmp.mkdir(parents=True, exist_ok=True)
        final = self.snapshots / builder.snapshot.name
        fsync_tree_dirs(tmp)
        os.rename(tmp, final)
        fsync_path(self.snapshots)
        crash_point("committed")
        link_tmp = self.root / f".{LINK}.tmp-{os.getpid()}"
        link_tmp.unlink(missing_ok=True)
        os.symlink(Path(SNAPSHOTS) / final.name, link_tmp)
        os.replace(link_tmp, self.root / LINK)
        fsync_path(self.root)
        crash_point("switched")
        self.collect_garbage()
        return Snapshot(_FS, str(final), final.name)

    def collect_garbage(self) -> None:
        """Keep the current snapshot and the one before it; drop older and never-switched ones."""
        current = self.current()
        numbered = self._numbered()
        if current is None or not current.name.isdigit():
            keep: set[int] = set()
        else:
            n = int(current.name)
            keep = set(sorted(k for k in numbered if k <= n)[-KEEP:])
        for k, path in numbered.items():
            if k not in keep:
                shutil.rmtree(path, ignore_errors=True)

    # -- beside a published snapshot (derived datasets, coverage) -------------------------
    @contextmanager
    def attaching(self) -> Iterator[None]:
        try:
            with flocked(self.root / DERIVED_LOCK):
                yield
        except OSError as e:
            raise DataDirError(f"{self.root}: cannot write the derived datasets here ({e.strerror}); "
                               "build them where the data can be written") from None

    def attach(self, snapshot: Snapshot, tables: dict[str, dict[int, pa.Table]]) -> None:
        """Put datasets into a published snapshot, each replacing its previous version at once."""
        root = Path(snapshot.path)
        tmp = root / f".attach-tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            for name, years in tables.items():
                (tmp / name).mkdir(parents=True)
                for year, table in years.items():
                    part = tmp / name / partition_name(year)
                    part.mkdir(parents=True)
                    pq.write_table(table, part / PART, compression="zstd")
            for name in tables:
                old = root / f".{name}-old-{os.getpid()}"
                if (root / name).exists():
                    os.rename(root / name, old)
                os.rename(tmp / name, root / name)
                shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def write_text(self, path: str, text: str) -> None:
        target = Path(path)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, target)

    def remove(self, path: str) -> None:
        Path(path).unlink(missing_ok=True)
