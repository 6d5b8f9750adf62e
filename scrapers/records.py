"""The small typed records the crawler passes around (never joined strings or tuples).

The state DB stores a report key as ``agency|year`` text (its primary key);
:meth:`ReportKey.parse` and ``str()`` are the only places that form is read or made.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReportKey:
    """One agency's report for one year: what the archive groups a report's parts under."""

    agency: str
    year: int

    def __str__(self) -> str:
        return f"{self.agency}|{self.year}"

    @classmethod
    def parse(cls, text: str | None) -> ReportKey | None:
        if not text:
            return None
        agency, _, year = text.rpartition("|")
        return cls(agency, int(year)) if year.isdigit() else None


@dataclass(frozen=True, slots=True)
class PageLink:
    """What a page points to, as the crawler classified it.

    ``role``: listing | report | part | skipped. ``key`` is the report as the
    link's title names it (the printed agency, or "" when the title names
    none); attribution to a source's agency happens when the link is followed,
    so one page shared by several sources is parsed and stored once.
    ``optional``: a page a CMS announces but may not have generated (a 404 there
    is recorded, not an error). ``reason`` says why a link is skipped.
    """

    url: str
    role: str
    title: str | None = None
    key: ReportKey | None = None
    depth: int = 0
    optional: bool = False
    reason: str | None = None
    context: tuple[tuple[str, str], ...] = ()  # passed on to the page fetched (a pager script's listing)
