"""The raw archive (``DATA/raw/``): every byte collected, never overwritten.

``objects/ab/cd/<sha256>`` holds each distinct content once (names come from
the hash only, never from a URL or a Content-Disposition header). Every fetch
also appends a JSON line to ``provenance/<YYYY-MM>.jsonl`` (the same record
the state DB keeps), so the archive explains itself without the database.
An object is complete before anything refers to it: written to a temporary
file, flushed to disk, then renamed into place.

Several crawlers may write one archive at once (``xxgk crawl --frontier``
sharing a data directory): temporary files have unique names and only those
of dead processes are cleaned up; two crawlers storing the same content both
rename a complete file onto the same name; a provenance line is appended with
one ``write`` on an ``O_APPEND`` file, so lines never interleave.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import tempfile
import time
from pathlib import Path

STALE_TMP_S = 3600.0  # a temporary file of another host's crawler this old is a leftover


class RawArchive:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.provenance = self.root / "provenance"
        self.tmp = self.root / "tmp"
        for d in (self.objects, self.provenance, self.tmp):
            d.mkdir(parents=True, exist_ok=True)
        for stale in self.tmp.iterdir():  # left by a run killed mid-write
            if _abandoned(stale):
                stale.unlink(missing_ok=True)

    @classmethod
    def reader(cls, root: str | Path) -> RawArchive:
        """Read-only access (no directories made, no clean-up): for extraction workers."""
        archive = cls.__new__(cls)
        archive.root = Path(root)
        archive.objects, archive.provenance, archive.tmp = (archive.root / d for d in ("objects", "provenance", "tmp"))
        return archive

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.objects / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store ``data``; returns its sha256 and whether it was new to the archive."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha, False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.tmp, prefix=_tmp_prefix())
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha, True

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def log(self, record: dict) -> None:
        """Append one provenance record (a line of JSON) for a fetch."""
        month = str(record.get("fetched_at", ""))[:7] or "unknown"
        line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(self.provenance / f"{month}.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


def _tmp_prefix() -> str:
    return f"{os.getpid()}@{socket.gethostname()}@"


def _abandoned(path: Path) -> bool:
    """A temporary file whose writer is gone: a process of this host that no longer runs, or old."""
    pid, _, rest = path.name.partition("@")
    if rest.partition("@")[0] == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    try:
        return time.time() - path.stat().st_mtime > STALE_TMP_S
    except FileNotFoundError:
        return False
