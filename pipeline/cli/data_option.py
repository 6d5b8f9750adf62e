"""``--data``: a local directory or an fsspec URL (``s3://bucket/prefix``), the same for every command."""

from __future__ import annotations

from typing import Annotated

import typer

DEFAULT = "data"
_WHERE = " A local path or a URL such as s3://bucket/prefix (AWS_* variables, AWS_ENDPOINT_URL)."


def data_option(help: str):
    """The option's type, with the command's own sentence first. A string, not a Path: ``Path`` would
    fold the ``//`` of a URL."""
    return Annotated[str, typer.Option("--data", help=help + _WHERE)]
