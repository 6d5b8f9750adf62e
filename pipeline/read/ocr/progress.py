"""Per-page progress of OCR, for the command line's progress bar.

OCR is the one slow step of reading (seconds a page), so the CLI shows a bar
per page; readers call ``page_done`` and know nothing of terminals.
"""

from __future__ import annotations

from collections.abc import Callable

PageListener = Callable[[str, int, int], None]  # (source, pages done, pages to read)
_listeners: list[PageListener] = []


def add_listener(listener: PageListener) -> None:
    _listeners.append(listener)


def remove_listener(listener: PageListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def page_done(source: str, done: int, total: int) -> None:
    for listener in tuple(_listeners):
        listener(source, done, total)
