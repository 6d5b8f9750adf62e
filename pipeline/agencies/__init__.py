"""Agency identity: who published a report, where, at which level — and its stable id.

:func:`agency_id` is the ONE place ids are made; the loader and everything
else call it. An id is ``<division code>-<kind>`` (``411281-petition`` for
义马市信访局), where the code is the unit's latest GB/T 2260 code (so it
survives 洪泽县 → 洪泽区) and the kind is normalised across spellings, levels
and renames (the alias file's 国土资源局 → 自然资源局). A township adds a hash
of its name (``411281-t1a2b3c-subdistrict``), the State Council's agencies use
``100000``. A name no division can be found for keeps a name-based id,
prefixed ``name-`` so that it is never mistaken for a resolved one.
"""

from __future__ import annotations

import re
import unicodedata

from .aliases import Aliases, AliasFileError, default_aliases, load_aliases
from .divisions import vintage
from .resolve import LEVELS, Resolution, name_id, resolve

__all__ = ["LEVELS", "AliasFileError", "Aliases", "Resolution", "agency_id", "default_aliases",
           "load_aliases", "name_id", "normalise_name", "resolve", "resolve_extraction", "vintage"]

_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Full-width → half-width (NFKC), no whitespace: spelling-insensitive where it is safe."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))


def agency_id(name: str, *, region: str | None = None, domain: str | None = None, year: int | None = None,
              aliases: Aliases | None = None) -> str:
    """The stable id of the agency ``name`` denotes (see the module docstring)."""
    return resolve(name, region=region, domain=domain, year=year, aliases=aliases).agency_id


def resolve_extraction(ex) -> Resolution:
    """The resolution of an Extraction's agency, with the hints a fetcher may have attached."""
    url = getattr(ex, "source_url", None) or (ex.file if "://" in (ex.file or "") else None)
    return resolve(ex.agency or "", region=ex.region, domain=url, year=ex.year)
