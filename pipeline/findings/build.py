"""Compute every derived dataset from the loaded ones: metrics, findings, keyword trends."""

from __future__ import annotations

import math

import pandas as pd

from pipeline.metrics import compute_metrics

from .copied import THRESHOLD, copied_text
from .keywords import keyword_trends
from .reports import identity_failures, late_reports, missing_reports
from .tables import identical_tables
from .textcorpus import analyse

INPUTS = ("reports", "requests", "appeals", "proactive", "sections", "checks", "stats")


def build_all(frames: dict[str, pd.DataFrame], *, jobs: int = 1, threshold: float = THRESHOLD
              ) -> dict[str, pd.DataFrame]:
    """name → DataFrame for every dataset of :data:`.schema.DERIVED`."""
    reports = frames["reports"]
    corpus = analyse(frames["sections"], reports, jobs=jobs)
    out = {
        "metrics": compute_metrics(reports, frames["requests"], frames["appeals"], frames["proactive"],
                                   frames["checks"], frames.get("stats")),
        "findings_identities": _identities(frames),
        "findings_late": _late(reports),
        "findings_missing": _missing(reports),
        "findings_copied_text": _copied(copied_text(corpus, reports, threshold), reports),
        "findings_identical_tables": _identical(identical_tables(frames), reports),
        "keyword_trends": keyword_trends(corpus.keywords),
    }
    return out


def _attach(findings: pd.DataFrame, reports: pd.DataFrame, table, cells, summary) -> pd.DataFrame:
    """Add the common columns (agency, source_url, table, cells, summary) to a findings frame."""
    meta = reports[["agency_id", "year", "agency", "source_url"]]
    f = findings.merge(meta, on=["agency_id", "year"], how="left")
    rows = list(f.itertuples(index=False))
    f["table"] = [table(r) if callable(table) else table for r in rows]
    f["cells"] = [cells(r) if callable(cells) else list(cells) for r in rows]
    f["summary"] = [summary(r) for r in rows]
    return f


def _num(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "?"
    return f"{v:g}" if isinstance(v, float) else str(v)


def _identities(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    f = identity_failures(frames["checks"], frames["reports"], frames["requests"], frames["appeals"],
                          frames["proactive"])
    return _attach(f, frames["reports"], lambda r: r.table, lambda r: r.cells, lambda r: (
        f"{r.check} {r.subject}: printed {_num(r.actual)}, the identity gives {_num(r.expected)} "
        f"(gap {_num(r.gap)})"))


def _late(reports: pd.DataFrame) -> pd.DataFrame:
    return _attach(late_reports(reports), reports, None, [], lambda r: (
        f"published {r.published_date}, {r.days_late} days after the deadline {r.deadline} "
        f"({r.deadline_rule})"))


def _missing(reports: pd.DataFrame) -> pd.DataFrame:
    m = missing_reports(reports)
    meta = reports[["agency_id", "year", "agency", "source_url"]].rename(columns={"year": "last_year"})
    f = m.merge(meta, on=["agency_id", "last_year"], how="left")
    rows = list(f.itertuples(index=False))
    f["table"] = None
    f["cells"] = [[] for _ in rows]
    f["summary"] = [f"no {r.year} report in the data; it has reports for {r.last_year}"
                    + (f" and {int(r.next_year)}" if pd.notna(r.next_year) else "") for r in rows]
    return f


def _copied(pairs: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    return _attach(pairs, reports, "sections", lambda r: [str(r.section)], lambda r: (
        f"section {r.section} is {r.score:.0%} the same as {r.other_agency} {r.other_year} "
        f"({r.relation.replace('_', ' ')})"))


def _identical(tables: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    return _attach(tables, reports, lambda r: r.table, ["*"], lambda r: (
        f"{r.table} identical to the {r.other_year} report: all {r.n_cells} cells equal "
        f"({r.nonzero_cells} non-zero)"))
