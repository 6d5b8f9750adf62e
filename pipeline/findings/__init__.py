"""Findings: what a journalist or researcher would want flagged, as datasets.

``findings_identities`` (reports that do not add up, with the gap), ``findings_late``
(published after the legal deadline), ``findings_missing`` (years without a report),
``findings_copied_text`` (sections 1/5 copied across agencies or years),
``findings_identical_tables`` (a table re-printed unchanged) and ``keyword_trends``;
plus ``metrics``. :func:`build` writes them beside the loaded datasets
(see :mod:`.store`); :func:`read_derived` reads one.
"""

from __future__ import annotations

from .build import build_all
from .copied import THRESHOLD, copied_text, similar_pairs
from .keywords import keyword_trends, rising
from .reports import identity_failures, late_reports, missing_reports
from .schema import DERIVED, FINDINGS, SCHEMAS
from .store import BuildSummary, NoData, build, read_derived, read_metrics, snapshot_of
from .tables import identical_tables
from .textcorpus import analyse

__all__ = ["DERIVED", "FINDINGS", "SCHEMAS", "THRESHOLD", "BuildSummary", "NoData", "analyse", "build",
           "build_all", "copied_text", "identical_tables", "identity_failures", "keyword_trends",
           "late_reports", "missing_reports", "read_derived", "read_metrics", "rising", "similar_pairs", "snapshot_of"]
