"""Readers for document kinds the project does not know, added by plugin modules.

``XXGK_PLUGINS`` names modules (comma-separated, importable where documents are read:
on every Dask worker too, where the driver's ``XXGK_*`` settings are applied) that call
:func:`register_reader` when imported. A file whose bytes start with a registered magic
is that kind and read by its reader, before the built-in sniffing.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable

from ..document import Document

PLUGINS_ENV = "XXGK_PLUGINS"

Reader = Callable[[bytes, str], Document]

_KINDS: dict[str, tuple[bytes, Reader]] = {}
_imported: set[str] = set()


def register_reader(kind: str, magic: bytes, reader: Reader) -> None:
    """Read files starting with ``magic`` as ``kind``, with ``reader(data, source)``."""
    if not magic:
        raise ValueError(f"reader {kind!r}: a magic of at least one byte is needed")
    _KINDS[kind] = (magic, reader)


def plugin_kind(data: bytes) -> str | None:
    """The registered kind whose magic ``data`` starts with, importing the plugins named now."""
    _import_plugins()
    return next((kind for kind, (magic, _) in _KINDS.items() if data.startswith(magic)), None)


def plugin_reader(kind: str) -> Reader | None:
    entry = _KINDS.get(kind)
    return entry[1] if entry else None


def _import_plugins() -> None:
    for name in filter(None, (n.strip() for n in os.environ.get(PLUGINS_ENV, "").split(","))):
        if name not in _imported:
            importlib.import_module(name)  # an error here names the module: a plugin that is not there
            _imported.add(name)
