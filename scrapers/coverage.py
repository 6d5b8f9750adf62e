"""The completeness ledger: per source, every expected agency × year, and what became of it.

Expected: the source's agency (and, for ``scope: portal``, every agency its
listings named, in this run or an earlier one) for each year of the source's ``years:`` (default 2019 up to
the current report year), narrowed by the run's ``--years``. Each cell is

- ``found``: a report archived for it (in this run or an earlier one);
- ``blocked``: a link to it, or the source's listing, could not be fetched
  (anti-bot page, HTTP 4xx/5xx, timeout, refused), with the reason;
- ``skipped``: only distractors (解读, 图解 …) or pages not collected were seen for it;
- ``not_found``: nothing for it on the source's listings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from .recheck import current_report_year
from .records import ReportKey
from .sources import Source
from .state import State

STATUSES = ("found", "not_found", "blocked", "skipped")
_BLOCKING = ("blocked", "failed", "refused", "missing", "removed")


@dataclass(frozen=True, slots=True)
class CoverageRow:
    source: str
    agency: str
    year: int
    status: str            # found | not_found | blocked | skipped
    detail: str | None     # the reason (blocked, skipped) or the report's URL (found)
    region: str | None = None  # the source's region hint (for the agency id)

    def as_dict(self) -> dict:
        return asdict(self)


def expected_years(source: Source, run_years: tuple[int, int] | None) -> range:
    first, last = source.years[0], source.years[1] or current_report_year()
    if run_years:
        first, last = max(first, run_years[0]), min(last, run_years[1])
    return range(first, last + 1)


def ledger(state: State, run_id: str, sources: list[Source], run_years: tuple[int, int] | None) -> list[CoverageRow]:
    found: dict[tuple[str, int], str] = {}   # (agency, year) → URL: whichever source archived it
    portal_agencies: dict[str, set[str]] = defaultdict(set)
    for report in state.reports([s.agency for s in sources]):
        parts = state.parts(report.report_key)
        if parts:
            found[(report.agency, report.year)] = next((u for u, role, *_ in parts if role == "report"), parts[0][0])
            portal_agencies[report.source].add(report.agency)
    blocked: dict[tuple[str, str, int], str] = {}
    skipped: dict[tuple[str, str, int], str] = {}
    listing_errors: dict[str, str] = {}
    named: dict[str, set[str]] = defaultdict(set)
    for source, role, outcome, url, reason, key_text in state.run_fetches(run_id):
        key = ReportKey.parse(key_text)
        if key is None:
            if role == "listing" and outcome in ("blocked", "failed", "refused"):
                listing_errors.setdefault(source, reason or f"{outcome}: {url}")
            continue
        cell = (source, key.agency, key.year)
        if role in ("report", "part"):
            named[source].add(key.agency)
        if outcome == "skipped":
            skipped.setdefault(cell, reason or "skipped")
        elif outcome in _BLOCKING and role in ("report", "part"):
            blocked.setdefault(cell, reason or f"{outcome}: {url}")
    earlier: dict[str, set[str]] = defaultdict(set)  # agencies a portal's earlier ledgers expected
    for r in state.coverage():
        earlier[r["source"]].add(r["agency"])
    rows = []
    for source in sources:
        def row(agency: str, year: int, status: str, detail: str | None, source=source) -> CoverageRow:
            return CoverageRow(source.agency, agency, year, status, detail, source.region)

        agencies = {source.agency} | (portal_agencies[source.agency] | named[source.agency]
                                      | earlier[source.agency] if source.scope == "portal" else set())
        for agency in sorted(agencies, key=lambda a: (a != source.agency, a)):
            for year in expected_years(source, run_years):
                cell = (source.agency, agency, year)
                if (agency, year) in found:
                    rows.append(row(agency, year, "found", found[(agency, year)]))
                elif cell in blocked:
                    rows.append(row(agency, year, "blocked", blocked[cell]))
                elif source.agency in listing_errors:
                    rows.append(row(agency, year, "blocked", listing_errors[source.agency]))
                elif cell in skipped:
                    rows.append(row(agency, year, "skipped", skipped[cell]))
                else:
                    rows.append(row(agency, year, "not_found", None))
    return rows
