"""Making local writes durable, and the test hook that kills a writer at a named point."""

from __future__ import annotations

import os
import signal
from pathlib import Path

CRASH_ENV = "XXGK_TEST_CRASH_AT"


def crash_point(name: str) -> None:
    """Test hook: die here, like ``kill -9``, when ``XXGK_TEST_CRASH_AT`` names this point."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def fsync_path(path: Path) -> None:
    """Make a file's content, or a directory's entries, durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree_dirs(root: Path) -> None:
    """Make the new directory entries under ``root`` durable."""
    for dirpath, _, _ in os.walk(root):
        fsync_path(Path(dirpath))
