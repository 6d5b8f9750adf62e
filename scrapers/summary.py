"""What a crawl did, per source, read back from the state DB by run id."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from .sources import Source
from .state import State

CONTENT = ("new", "changed", "same", "not_modified", "shared")  # outcomes that reached content


@dataclass(slots=True)
class SourceSummary:
    source: str
    status: str = "ok"   # ok | empty (nothing found) | blocked | failed | elsewhere (another crawler's)
    counts: Counter = field(default_factory=Counter)  # "role/outcome" → n
    reports: set[str] = field(default_factory=set)    # report keys of the source: reached now or known
    errors: list[str] = field(default_factory=list)   # one line each: blocked, refused, failed

    def as_json(self) -> dict:
        return {"source": self.source, "status": self.status, "counts": dict(sorted(self.counts.items())),
                "reports": len(self.reports), "errors": self.errors}


def summarize(state: State, run_id: str, sources: list[Source], found: dict[str, set[str]] | None = None,
              elsewhere: Collection[str] = ()) -> dict[str, SourceSummary]:
    """``found``: report keys the completeness ledger found per source (a portal's reports are filed
    under the agencies they belong to, and archived once for whichever source reached them first).
    ``elsewhere``: sources another crawler of the frontier crawled (nothing of them in this state)."""
    out = {s.agency: SourceSummary(s.agency) for s in sources}
    for source, keys in (found or {}).items():
        if source in out:
            out[source].reports |= keys
    for source, role, outcome, url, reason, key in state.run_fetches(run_id):
        summary = out.setdefault(source, SourceSummary(source))
        summary.counts[f"{role}/{outcome}"] += 1
        if key and outcome in CONTENT:
            summary.reports.add(key)
        if outcome in ("blocked", "refused", "failed"):
            summary.errors.append(f"{outcome}: {reason or url}")
    for report in state.reports(list(out)):  # known reports behind unchanged listings count too
        out[report.source].reports.add(report.report_key)
    for summary in out.values():
        listed = sum(n for k, n in summary.counts.items() if k.startswith("listing/") and k.split("/")[1] in CONTENT)
        if summary.source in elsewhere:
            summary.status = "elsewhere"
        elif any(k.endswith("/blocked") for k in summary.counts):
            summary.status = "blocked"
        elif not listed:
            summary.status = "failed"
            if not summary.errors:
                summary.errors.append("no listing page could be fetched")
        elif not summary.reports:
            summary.status = "empty"
    return out
