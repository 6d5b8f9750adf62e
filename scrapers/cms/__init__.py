"""One adapter per CMS family, found by name (the source's ``cms:``) or by fingerprints (``cms: auto``).

Adding a CMS = one module defining a :class:`CmsAdapter` subclass, listed in
``ADAPTERS``, and its fixture test. Fingerprints are tried in ``ADAPTERS``
order; a page showing none gets the generic adapter.
"""

from __future__ import annotations

from .base import CmsAdapter, Page
from .generic import GenericAdapter
from .hanweb import HanwebAdapter
from .trs import TrsAdapter

ADAPTERS: dict[str, CmsAdapter] = {a.name: a for a in (HanwebAdapter(), TrsAdapter(), GenericAdapter())}
CMS_NAMES = ("auto", *ADAPTERS)

__all__ = ["ADAPTERS", "CMS_NAMES", "CmsAdapter", "Page", "choose"]


def choose(cms: str, url: str, html: str) -> tuple[CmsAdapter, str]:
    """The adapter for a page of a source whose ``cms:`` is ``cms``, and why it was chosen."""
    if cms != "auto":
        return ADAPTERS[cms], f"cms: {cms} in the sources file"
    for adapter in ADAPTERS.values():
        what = adapter.fingerprint(url, html)
        if what:
            return adapter, f"fingerprint: {what}"
    return ADAPTERS["generic"], "no CMS fingerprint found"
