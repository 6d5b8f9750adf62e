"""``xxgk serve --data DATA`` (or ``--db site.db``): browse the published datasets with Datasette."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .data_option import DEFAULT, data_option


def serve(
    data: data_option("Data directory: publishes DATA/site.db first (only what changed).") = DEFAULT,
    db: Annotated[Path | None, typer.Option("--db", help="Serve this site database as it is (no publish).")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8001,
) -> None:
    """Serve the site: faceted tables, full-text search, canned queries, charts, JSON/CSV of every view."""
    from ..findings import NoData
    from ..publish import publish, serve_command
    from ..publish.metadata import ARCHIVE_ENV
    from ..storage import DataDir

    where = DataDir.of(data)
    if db is None:
        db = where.site_db
        try:
            publish(data, db)
        except NoData as e:
            print(str(e).strip("'\""), file=sys.stderr)
            raise typer.Exit(1) from None
    elif not db.is_file():
        print(f"{db}: no such site database (write it with `xxgk publish`)", file=sys.stderr)
        raise typer.Exit(2)
    if (where.raw / "objects").is_dir():
        os.environ.setdefault(ARCHIVE_ENV, str(where.raw.resolve()))
    cmd = serve_command(db, host=host, port=port)
    print(f"serving {db} at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    os.execv(cmd[0], cmd)
