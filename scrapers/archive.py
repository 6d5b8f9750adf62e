"""The raw archive (``DATA/raw/``): every byte collected, never overwritten.

``objects/ab/cd/<sha256>`` holds each distinct content once (names come from
the hash only, never from a URL or a Content-Disposition header). Every fetch
also appends a JSON line to ``provenance/<YYYY-MM>.jsonl`` (the same record
the state DB keeps), so the archive explains itself without the database.
An object is complete before anything refers to it: written to a temporary
file, flushed to disk, then renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


class RawArchive:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.provenance = self.root / "provenance"
        self.tmp = self.root / "tmp"
        for d in (self.objects, self.provenance, self.tmp):
            d.mkdir(parents=True, exist_ok=True)
        for stale in self.tmp.iterdir():  # left by a run killed mid-write
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
        fd, tmp = tempfile.mkstemp(dir=self.tmp)
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
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        with open(self.provenance / f"{month}.jsonl", "a", encoding="utf-8") as f:
            f.write(line)
