"""Immutable snapshot directories behind one atomically switched symlink.

Layout under the data directory ``DIR``::

    DIR/.lock                                   flock'ed by the one running load
    DIR/.snapshots/000007/<dataset>/year=YYYY/part-0.parquet
    DIR/.snapshots/.tmp-000008-<pid>/           a snapshot being built
    DIR/datasets -> .snapshots/000007           what readers see

A load builds the next snapshot in a temporary directory: partitions it does
not touch are hard-linked from the current snapshot (copied where links fail),
the partitions it touches are written in full. The finished directory is
renamed to its number, then a fresh symlink is ``os.replace``'d over
``DIR/datasets`` — a single atomic step that switches every dataset at once.
Files are never modified after they are written, which is what makes sharing
them by hard links safe.

Crash safety follows from the order: until the switch, ``DIR/datasets`` points
at the untouched previous snapshot; after it, at a complete new one. A load
killed at any point leaves only debris (``.tmp-*`` directories, a numbered
snapshot never switched to, a stray ``.datasets.tmp-*`` link) that the next
load removes under the lock. ``flock`` is released by the kernel when its
holder dies, so a lock never goes stale.

Old snapshots are garbage-collected after the switch, keeping the current and
the previous one, so a reader that resolved ``DIR/datasets`` just before a
switch can still finish. A reader that wants several datasets from one
consistent state resolves the link once (:func:`current_snapshot`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import XxgkError

LINK = "datasets"
SNAPSHOTS = ".snapshots"
LOCK = ".lock"
KEEP = 2
PART = "part-0.parquet"
CRASH_ENV = "XXGK_TEST_CRASH_AT"


class DataDirError(XxgkError):
    """The data directory is not in a state a load can safely continue from."""


class NoDatasets(DataDirError):
    """Nothing to read: the data directory is missing, is not a directory, or nothing was loaded."""


def require_snapshot(data_dir: Path) -> Path:
    """The current snapshot, or an error naming the path and what is wrong with it."""
    data_dir = Path(data_dir)
    if not data_dir.exists():
        raise NoDatasets(f"{data_dir}: no such data directory")
    if not data_dir.is_dir():
        raise NoDatasets(f"{data_dir}: is not a directory")
    snapshot = current_snapshot(data_dir)
    if snapshot is None or not snapshot.is_dir():
        raise NoDatasets(f"{data_dir}: no datasets loaded yet (run `xxgk load … --data {data_dir}` first)")
    return snapshot


def current_snapshot(data_dir: Path) -> Path | None:
    """The snapshot ``DIR/datasets`` points at now, or None before the first load."""
    link = Path(data_dir) / LINK
    if not link.is_symlink():
        if link.exists():
            raise DataDirError(f"{link}: is not a symlink made by `xxgk load`; move it away first")
        return None
    return (link.parent / os.readlink(link)).resolve()


def partition_dir(snapshot: Path, dataset: str, year: int) -> Path:
    return snapshot / dataset / f"year={year}"


def partitions(snapshot: Path | None, dataset: str) -> dict[int, list[Path]]:
    """year → its Parquet files, in one dataset of a snapshot."""
    out: dict[int, list[Path]] = {}
    root = snapshot / dataset if snapshot else None
    if root is None or not root.is_dir():
        return out
    for d in root.iterdir():
        name, _, year = d.name.partition("=")
        if name == "year" and year.isdigit() and d.is_dir():
            out[int(year)] = sorted(d.glob("*.parquet"))
    return out


def crash_point(name: str) -> None:
    """Test hook: die here, like ``kill -9``, when ``XXGK_TEST_CRASH_AT`` names this point."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class Store:
    """The snapshots of one data directory; use :meth:`locked` around a load."""

    def __init__(self, data_dir: Path):
        self.root = Path(data_dir)
        self.snapshots = self.root / SNAPSHOTS

    def _open_lock(self):
        """The lock file, opened; a data directory that cannot be written (a file, read-only, a
        missing parent) is a :class:`DataDirError` naming it, before anything is read or written."""
        try:
            if self.root.exists() and not self.root.is_dir():
                raise DataDirError(f"{self.root}: is not a directory")
            self.snapshots.mkdir(parents=True, exist_ok=True)
            return open(self.root / LOCK, "a+b")
        except OSError as e:
            raise DataDirError(f"{self.root}: cannot write the datasets here ({e.strerror})") from None

    def check_writable(self) -> None:
        """Raise :class:`DataDirError` now when a load could not write here."""
        self._open_lock().close()

    @contextmanager
    def locked(self) -> Iterator[Store]:
        """Hold the exclusive load lock (blocking until a concurrent load ends)."""
        with self._open_lock() as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                self.recover()
                yield self
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def current(self) -> Path | None:
        return current_snapshot(self.root)

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

    def begin(self) -> tuple[int, Path]:
        """Number and temporary directory of the next snapshot. The directory is made by the
        first write into it, so a load that writes nothing leaves the data directory untouched."""
        number = max(self._numbered(), default=0) + 1
        return number, self.snapshots / f".tmp-{number:06d}-{os.getpid()}"

    def commit(self, number: int, tmp: Path) -> Path:
        """Publish a finished snapshot: rename it into place, then switch the link."""
        final = self.snapshots / f"{number:06d}"
        _fsync_tree_dirs(tmp)
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
        return final

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


def link_or_copy(src: Path, dst: Path) -> None:
    """Share an immutable file with the new snapshot; copy where hard links are refused."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def fsync_path(path: Path) -> None:
    """Make a file's content, or a directory's entries, durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree_dirs(root: Path) -> None:
    """Make the new directory entries durable before the snapshot is published."""
    for dirpath, _, _ in os.walk(root):
        fsync_path(Path(dirpath))
