"""The Datasette command line for a published site (Datasette is pinned in pyproject.toml).

Our plugin (:mod:`.plugin`) is loaded through its ``datasette`` entry point;
datasette-vega adds charts to every table and query page (its JavaScript is
served by the site itself, so charts work offline).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .build import metadata_path

SETTINGS = {"default_page_size": 50, "sql_time_limit_ms": 5000, "facet_time_limit_ms": 1000,
            "max_returned_rows": 5000}


def serve_command(db: Path, *, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """``python -m datasette serve site.db --metadata site.metadata.json …``."""
    cmd = [sys.executable, "-m", "datasette", "serve", str(db), "--host", host, "--port", str(port)]
    meta = metadata_path(db)
    if meta.is_file():
        cmd += ["--metadata", str(meta)]
    for name, value in SETTINGS.items():
        cmd += ["--setting", name, str(value)]
    return cmd
