"""Agency identity. For now an id is derived from the normalised agency name
alone; region codes come later. Every dataset gets its ``agency_id`` from here."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Full-width → half-width (NFKC), no whitespace: spelling-insensitive where it is safe."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))


def agency_id(name: str) -> str:
    """A deterministic, stable id for an agency name: ``a`` + 12 hex digits."""
    digest = hashlib.sha1(normalise_name(name).encode("utf-8")).hexdigest()
    return "a" + digest[:12]
