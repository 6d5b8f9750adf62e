"""When a document already archived is requested again although its listing did not change.

Decided policy: documents of the current and the previous report year are
re-checked (conditional GET) on every run — that is when agencies correct and
re-publish; older ones about every ``XXGK_RECHECK_DAYS`` (30) days, each URL on
its own threshold (0.75–1.25 ×) so re-checks spread over runs instead of all
falling due together. A changed document keeps both versions in the archive.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from .records import ReportKey
from .state import Known


def current_report_year(today: datetime | None = None) -> int:
    """The latest year a report can exist for (reports on year y appear early in y + 1)."""
    return (today or datetime.now(UTC)).year - 1


def due(known: Known, recheck_days: float, today: datetime | None = None) -> bool:
    key = ReportKey.parse(known.report_key)
    if not known.last_checked or (key is not None and key.year >= current_report_year(today) - 1):
        return True
    now = today or datetime.now(UTC)
    age = (now - datetime.fromisoformat(known.last_checked)).total_seconds() / 86400
    spread = int(hashlib.sha1(known.url.encode()).hexdigest()[:8], 16) / 2**32
    return age >= recheck_days * (0.75 + 0.5 * spread)
