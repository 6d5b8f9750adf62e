"""One part of a document fails, the rest is still read.

Readers run each page, block and table, the mapper each table, and the checks
each identity group through ``salvage``: an exception there (a degenerate cell,
an odd grid, a library choking on one page) becomes a one-line loss naming the
part, and the caller goes on with the other parts. An exception escaping to
the top would cost the whole file, which a person can still read; a loss makes
the extraction ``partial`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .errors import ReadError

T = TypeVar("T")


def describe(exc: BaseException) -> str:
    """An exception as one short line: our own errors by their problem, others by type and message."""
    text = exc.problem if isinstance(exc, ReadError) else f"{type(exc).__name__}: {exc}"
    line = text.splitlines()[0] if text else type(exc).__name__
    return line[:200]


def salvage(losses: list[str], where: str, read: Callable[..., T], *args, default: T) -> T:
    """``read(*args)``, or ``default`` with ``"{where}: not read ({why})"`` appended to ``losses``."""
    try:
        return read(*args)
    except Exception as exc:  # noqa: BLE001 - any failure of one part costs only that part
        losses.append(f"{where}: not read ({describe(exc)})")
        return default
