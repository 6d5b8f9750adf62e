"""This user's cache folder, and objects built once and kept there.

Every xxgk process (each CLI command, each extraction worker, each Dask worker)
needs tables that take over a second to build from their sources; kept as a
pickle beside the other cached state they load ten times faster. The cache is
only ever an optimisation: a file that is missing, unreadable, truncated or from
another version is built again, and a folder that cannot be written is ignored.
A pickle runs code when read: the folder must be one only this user can write
(``~/.cache`` is), never a shared one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

CACHE_ENV = "XXGK_CACHE_DIR"

T = TypeVar("T")


def cache_root() -> Path:
    """``XXGK_CACHE_DIR``, else ``$XDG_CACHE_HOME/xxgk``, else ``~/.cache/xxgk``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "xxgk"


def cached(name: str, sources: list[str | bytes], build: Callable[[], T]) -> T:
    """``build()``, kept under ``name``: its pickle is reused while ``sources`` (what the object
    is made from: versions, file stamps, the building code) and the Python version are the same."""
    digest = hashlib.sha256(repr((sys.version_info[:2], sources)).encode()).hexdigest()[:20]
    path = cache_root() / name / f"{digest}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001, S110 - missing, truncated or stale: built again below
        pass
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value: object) -> None:
    """Write atomically (a reader never sees half a file; two writers just race to the same
    content); stale pickles of the same name go."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob("*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only or full disk: the cache is an optimisation only
        pass
