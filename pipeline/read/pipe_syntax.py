"""Markdown pipe-table syntax: which line is a row, its cells, the separator row."""

from __future__ import annotations

import re

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_SPLIT = re.compile(r"(?<!\\)\|")


def is_pipe_row(line: str) -> bool:
    line = line.strip()
    return line.startswith("|") and line.count("|") >= 2


def pipe_cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|") for c in _SPLIT.split(line)]


def is_separator(cells: list[str]) -> bool:
    """The markdown |---|:--:| row under a header: only dashes (and colons)."""
    filled = [c for c in cells if c]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)
