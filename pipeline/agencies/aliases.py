"""The user-editable alias file (``data/agency_aliases.csv``).

Three kinds of rows, columns ``type,alias,canonical,note``:

- ``kind``: a department renamed or merged, e.g. ``国土资源局 → 自然资源局``
  (2018 institutional reform). Applied to the department part of any name, so
  义马市国土资源局 (2018) and 义马市自然资源局 (2019) get one ``agency_id``.
- ``place``: a place named other than by its division, e.g. ``平潭综合实验区 →
  福建省福州市平潭县``; replaced at the start of a name before it is parsed.
- ``agency``: one whole name for another (spelling variants, abbreviations).

Editing the file changes ids: load the reports again afterwards. The file
read is ``$XXGK_AGENCY_ALIASES`` when set, else the project's
``data/agency_aliases.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import XxgkError

ENV = "XXGK_AGENCY_ALIASES"
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "agency_aliases.csv"
COLUMNS = ("type", "alias", "canonical", "note")
TYPES = ("kind", "place", "agency")


class AliasFileError(XxgkError):
    """The alias file cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True, eq=False)
class Aliases:
    kinds: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @property
    def digest(self) -> str:
        """Identifies the content: two alias sets with the same rows resolve alike (cache key)."""
        text = repr([sorted(t.items()) for t in (self.kinds, self.places, self.agencies)])
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Aliases) and self.digest == other.digest

    def place_prefix(self, name: str) -> tuple[str, str] | None:
        """The longest place alias ``name`` starts with, and its canonical form."""
        best = max((a for a in self.places if name.startswith(a)), key=len, default=None)
        return (best, self.places[best]) if best else None


def load_aliases(path: Path | str) -> Aliases:
    """Read and validate an alias file; a bad row is an error naming its line."""
    from . import normalise_name

    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except OSError as e:
        raise AliasFileError(f"{path}: cannot read alias file: {e.strerror or e}") from None
    tables: dict[str, dict[str, str]] = {t: {} for t in TYPES}
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ())[:3] != COLUMNS[:3]:
        raise AliasFileError(f"{path}:1: header must be {','.join(COLUMNS)}, got {reader.fieldnames}")
    for row in reader:
        line = reader.line_num
        kind = (row.get("type") or "").strip()
        alias, canonical = normalise_name(row.get("alias") or ""), normalise_name(row.get("canonical") or "")
        if not kind and not alias:
            continue  # blank line
        if kind not in TYPES:
            raise AliasFileError(f"{path}:{line}: type must be one of {', '.join(TYPES)}, got {kind!r}")
        if not alias or not canonical:
            raise AliasFileError(f"{path}:{line}: alias and canonical must both be given")
        if alias == canonical:
            raise AliasFileError(f"{path}:{line}: alias {alias!r} is its own canonical form")
        previous = tables[kind].get(alias)
        if previous is not None and previous != canonical:
            raise AliasFileError(f"{path}:{line}: {kind} alias {alias!r} already maps to {previous!r}")
        tables[kind][alias] = canonical
    for kind, table in tables.items():
        for alias, canonical in table.items():
            if canonical in table:
                raise AliasFileError(f"{path}: {kind} alias chain {alias!r} → {canonical!r} → "
                                     f"{table[canonical]!r}: map {alias!r} to the final name directly")
    return Aliases(tables["kind"], tables["place"], tables["agency"], str(path))


def default_aliases_path() -> Path | None:
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    return DEFAULT_PATH if DEFAULT_PATH.is_file() else None


_CACHE: dict[tuple[str, float], Aliases] = {}


def default_aliases() -> Aliases:
    """The alias file in effect (re-read when it changes on disk); none → no aliases."""
    path = default_aliases_path()
    if path is None:
        return Aliases()
    try:
        mtime = path.stat().st_mtime
    except OSError as e:
        raise AliasFileError(f"{path}: cannot read alias file: {e.strerror or e}") from None
    key = (str(path), mtime)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_aliases(path)
    return _CACHE[key]
