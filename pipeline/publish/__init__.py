"""Publishing for journalists: the datasets as one SQLite database browsed with Datasette.

:func:`publish` writes ``site.db`` (tables of :mod:`.schema`, jieba full-text
search of :mod:`.fts`, incremental and atomic in :mod:`.build`) and its
``metadata.json`` (:mod:`.metadata`); :func:`serve_command` is the Datasette
command line that serves it with our plugin (:mod:`.plugin`). Nothing is
imported here eagerly: Datasette imports the plugin module on every start.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {"PublishSummary": "build", "metadata_path": "build", "publish": "build", "serve_command": "serve"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(name)
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
