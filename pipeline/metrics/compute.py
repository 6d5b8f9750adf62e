"""Compute the metrics of :mod:`.definitions` for every agency-year, vectorised.

The long cell datasets are pivoted once per table into wide frames indexed by
(agency_id, year); each formula is then column arithmetic. Two frames travel
together per table: the values (blank = 0) and a mask of unreadable cells, so a
sum involving an unreadable cell is null rather than silently short.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.stats.metrics import fill_pre2019

from .definitions import (
    DECIDED,
    DENIED_ROWS,
    LEGAL_PERSON_COLUMNS,
    LITIGATION,
    METRICS,
    OTHER_ROWS,
    REJECTED_ROWS,
    UNAVAILABLE_ROWS,
)
from .region import REGION_COLUMNS, with_identity_columns

KEY = ["agency_id", "year"]
CROSS_YEAR_PREFIX = "cross_"  # checks across two reports (pipeline.checks.crossyear), not of one report
REPORT_COLUMNS = ["agency", *REGION_COLUMNS, "format", "status", "published_date", "source_url"]


class _Wide:
    """One table pivoted to agency-year × key, with its unreadable-cell mask."""

    def __init__(self, cells: pd.DataFrame, row: str, column: str, index: pd.MultiIndex):
        cells = cells.assign(_key=cells[row].astype(str) + "/" + cells[column].astype(str))
        values = cells["value"].astype("Float64")
        bad = values.isna() & cells["problem"].notna()
        cells = cells.assign(_v=values.fillna(0).astype(float), _bad=bad.astype(bool))
        self.present = pd.Series(index.isin(pd.MultiIndex.from_frame(cells[KEY].drop_duplicates())),
                                 index=index)
        self.values = cells.pivot_table(index=KEY, columns="_key", values="_v", aggfunc="first") \
            .reindex(index)
        self.bad = cells.pivot_table(index=KEY, columns="_key", values="_bad", aggfunc="max") \
            .reindex(index).fillna(False).astype(bool)

    def printed(self, key: str) -> pd.Series:
        """Whether the report prints the cell (blank counts as printed)."""
        if key not in self.values.columns:
            return pd.Series(False, index=self.values.index)
        return self.values[key].notna()

    def sum(self, keys: list[str]) -> pd.Series:
        """Sum of the printed cells (blank = 0; a row of the other format is skipped).

        Null when the table is absent, none of the cells is printed, or one is unreadable.
        """
        keys_here = [k for k in keys if k in self.values.columns]
        if not keys_here:
            return pd.Series(np.nan, index=self.values.index)
        values = self.values[keys_here]
        ok = self.present & values.notna().any(axis=1) & ~self.bad[keys_here].any(axis=1)
        return values.fillna(0).sum(axis=1).where(ok)

    def cell(self, key: str) -> pd.Series:
        return self.sum([key])

    def first_printed(self, keys: list[str]) -> pd.Series:
        """The first of ``keys`` the report prints (harmonises the two formats' names)."""
        out = pd.Series(np.nan, index=self.values.index)
        for key in reversed(keys):
            out = self.cell(key).where(self.printed(key), out)
        return out


def ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    """numerator / denominator × scale; null when the denominator is 0 or null."""
    den = denominator.where(denominator != 0)
    return (numerator * scale / den).astype(float)


def compute_metrics(reports: pd.DataFrame, requests: pd.DataFrame, appeals: pd.DataFrame,
                    proactive: pd.DataFrame, checks: pd.DataFrame, stats: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """One row per report of ``reports``: identity, metrics, and the identity flags.

    ``stats`` (the pre-2019 dataset) gives pre-2019 reports the metrics whose meaning
    matches a comparable measure (:mod:`pipeline.stats.metrics`).
    """
    reports = with_identity_columns(reports).sort_values(KEY, kind="stable").reset_index(drop=True)
    index = pd.MultiIndex.from_frame(reports[KEY])
    t3 = _Wide(requests, "row", "applicant", index)
    t4 = _Wide(appeals, "proceeding", "outcome", index)
    t2 = _Wide(proactive, "item", "measure", index)

    m: dict[str, pd.Series] = {}
    m["requests_new"] = t3.cell("new_received/total")
    m["requests_carried_over"] = t3.cell("carried_over/total")
    m["requests_received"] = t3.sum(["new_received/total", "carried_over/total"])
    processed = m["requests_processed"] = t3.cell("total_processed/total")
    m["share_granted"] = ratio(t3.cell("granted/total"), processed)
    m["share_partially_granted"] = ratio(t3.cell("partially_granted/total"), processed)
    m["share_denied"] = ratio(t3.sum([f"{r}/total" for r in DENIED_ROWS]), processed)
    reason, count = _leading_denial(t3)
    m["leading_denial_reason"], m["leading_denial_count"] = reason, count
    m["share_unavailable"] = ratio(t3.sum([f"{r}/total" for r in UNAVAILABLE_ROWS]), processed)
    m["share_not_processed"] = ratio(t3.sum([f"{r}/total" for r in REJECTED_ROWS]), processed)
    m["share_other_outcome"] = ratio(t3.sum([f"{r}/total" for r in OTHER_ROWS]), processed)
    m["share_legal_persons"] = ratio(t3.sum([f"new_received/{c}" for c in LEGAL_PERSON_COLUMNS]),
                                     t3.cell("new_received/total"))
    m["reviews"] = t4.cell("review/total")
    m["lawsuits"] = t4.sum([f"{p}/total" for p in LITIGATION])
    fill_pre2019(m, index, reports["format"], stats)
    m["reviews_per_100_requests"] = ratio(m["reviews"], m["requests_received"], 100)
    m["lawsuits_per_100_requests"] = ratio(m["lawsuits"], m["requests_received"], 100)
    m["share_reviews_corrected"] = ratio(t4.cell("review/corrected"),
                                         t4.sum([f"review/{o}" for o in DECIDED]))
    m["share_lawsuits_corrected"] = ratio(t4.sum([f"{p}/corrected" for p in LITIGATION]),
                                          t4.sum([f"{p}/{o}" for p in LITIGATION for o in DECIDED]))
    for item in ("rules", "normative_documents"):
        # Format 2019 has no 本年制发件数; its 本年新制作数量 is the same count under the old name.
        m[f"{item}_issued"] = t2.first_printed([f"{item}/issued", f"{item}/newly_made"])
    for item in ("licensing", "penalty", "coercion"):
        m[f"{item}_decisions"] = t2.cell(f"{item}/decisions")
    m["fees_10k_yuan"] = t2.cell("fees/amount_10k_yuan")

    out = reports[KEY + [c for c in REPORT_COLUMNS if c in reports.columns]].copy()
    for metric in METRICS:
        values = m[metric.name]
        out[metric.name] = values.to_numpy() if metric.unit == "text" else \
            pd.array(values.to_numpy(dtype=float, na_value=np.nan), dtype="Float64")
    counts = ("requests_new", "requests_carried_over", "requests_received", "requests_processed",
              "leading_denial_count", "reviews", "lawsuits", "rules_issued", "normative_documents_issued",
              "licensing_decisions", "penalty_decisions", "coercion_decisions")
    for name in counts:
        out[name] = out[name].round().astype("Int64")
    return _with_flags(out, checks)


def _leading_denial(t3: _Wide) -> tuple[pd.Series, pd.Series]:
    cols = [f"{r}/total" for r in DENIED_ROWS]
    frame = pd.concat({r: t3.cell(c) for r, c in zip(DENIED_ROWS, cols, strict=True)}, axis=1)
    best = frame.fillna(-1).to_numpy().argmax(axis=1)  # first maximum = official order on ties
    count = frame.max(axis=1, skipna=True)
    reason = pd.Series(np.array(DENIED_ROWS, dtype=object)[best], index=frame.index)
    has = count > 0
    return reason.where(has, None), count.where(has | count.eq(0))


def _flag(checks: pd.DataFrame, out: pd.DataFrame, which: pd.Series) -> tuple[pd.array, pd.array]:
    """(ok, failed) per row of ``out`` over the checks selected by ``which``; ok is null when none ran."""
    chosen = checks[which.to_numpy()] if len(checks) else checks
    if len(chosen):
        per = chosen.assign(failed=~chosen["ok"].astype(bool)).groupby(KEY)["failed"].agg(["sum", "count"])
    else:
        per = pd.DataFrame(columns=["sum", "count"], index=pd.MultiIndex.from_tuples([], names=KEY))
    joined = out[KEY].merge(per, left_on=KEY, right_index=True, how="left")
    failed = joined["sum"].fillna(0).astype(int).to_numpy()
    evaluated = joined["count"].fillna(0).astype(int).to_numpy()
    ok = pd.array([None if n == 0 else bool(f == 0) for f, n in zip(failed, evaluated, strict=True)],
                  dtype="boolean")
    return ok, pd.array(failed, dtype="Int32")


def _with_flags(out: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    names = checks["check"].astype(str) if len(checks) else pd.Series([], dtype=str)
    own = ~names.str.startswith(CROSS_YEAR_PREFIX)
    # A gap in the years is findings_missing; cross-year here means numbers that disagree between years.
    cross = names.str.startswith(CROSS_YEAR_PREFIX) & (names != "cross_missing_year")
    out["identities_ok"], out["checks_failed"] = _flag(checks, out, own)
    out["cross_year_ok"], _ = _flag(checks, out, cross)
    return out
