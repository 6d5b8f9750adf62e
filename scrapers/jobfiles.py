"""The job file a crawl's child process reads (``DATA/.crawl-job-*.json``), and its clean-up.

The parent holds an exclusive ``flock`` on its job file for as long as the
crawl runs; the kernel releases it when the parent dies, even by ``kill -9``.
So at the next start a job file nobody holds a lock on is stale and removed,
and one a live crawl holds is never touched. Files younger than a minute are
left alone too: between creating a file and locking it there is an instant
another process must not mistake for death.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX, SUFFIX = ".crawl-job-", ".json"
MIN_AGE_S = 60.0


def remove_stale(data_dir: Path, min_age: float = MIN_AGE_S) -> list[Path]:
    """Delete the job files of crawls that are no longer running; the paths removed."""
    removed = []
    for path in Path(data_dir).glob(f"{PREFIX}*{SUFFIX}"):
        try:
            if time.time() - path.stat().st_mtime < min_age:
                continue
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live crawl holds it
        else:
            path.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


@contextmanager
def job_file(data_dir: Path, text: str) -> Iterator[Path]:
    """A new job file holding ``text``, locked while the ``with`` block runs, then removed."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(data_dir)
    fd, name = tempfile.mkstemp(prefix=PREFIX, suffix=SUFFIX, dir=data_dir)
    path = Path(name)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, text.encode("utf-8"))
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)
