"""Everything one report page shows, read from one snapshot of the datasets.

All numbers on the page come from here, and here they come straight from the
datasets (``metrics``, ``requests``, ``appeals``, ``findings_*``): sums of dataset
columns, never re-derived with other formulas, so the page and the data agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.findings import FINDINGS, analyse, build, keyword_trends, read_derived, rising
from pipeline.load import read_dataset
from pipeline.metrics import DENIAL_LABELS, select
from pipeline.metrics.definitions import DECIDED, DENIED_ROWS

KEY = ["agency_id", "year"]


@dataclass
class ReportData:
    region: str | None
    year: int
    snapshot: str
    metrics: pd.DataFrame            # the region's agencies, every year (for the year-over-year view)
    current: pd.DataFrame            # … the report year only
    denials: pd.DataFrame            # reason, label, requests (region total for the year)
    appeals: pd.DataFrame            # proceeding × outcome totals for the year
    years: pd.DataFrame              # per year: reports, requests, granted, processed, reviews, lawsuits
    findings: dict[str, pd.DataFrame]  # findings_* of the region (report year and all years)
    keywords: pd.DataFrame           # rising keywords of the region's reports in the year
    top_keywords: pd.DataFrame       # most used keywords of the region's reports in the year


def gather(data_dir: Path, region: str | None, year: int | None, *, jobs: int = 0) -> ReportData:
    """Read (building derived datasets if needed) what the page for ``region`` and ``year`` shows."""
    snapshot = build(data_dir, jobs=jobs).snapshot
    metrics = read_derived(data_dir, "metrics", snapshot=snapshot)
    in_region = select(metrics, region=region)
    if in_region.empty:
        raise LookupError(f"no reports for region {region!r} in {data_dir}")
    year = int(in_region["year"].max()) if year is None else int(year)
    current = in_region[in_region["year"] == year]
    if current.empty:
        have = ", ".join(str(y) for y in sorted(in_region["year"].unique()))
        raise LookupError(f"no {year} reports for region {region!r} in {data_dir} (years: {have})")
    keys = pd.MultiIndex.from_frame(in_region[KEY])
    requests = _of(read_dataset(data_dir, "requests", snapshot=snapshot), keys)
    appeals = _of(read_dataset(data_dir, "appeals", snapshot=snapshot), keys)
    findings = {name: _of(read_derived(data_dir, name, snapshot=snapshot), keys) for name in FINDINGS}
    trends = _region_keywords(data_dir, snapshot, in_region, year)
    return ReportData(
        region=region, year=year, snapshot=snapshot.name, metrics=in_region, current=current,
        denials=_denials(requests[requests["year"] == year]),
        appeals=_appeal_totals(appeals[appeals["year"] == year]),
        years=_years(in_region, requests),
        findings=findings, keywords=rising(trends, year), top_keywords=_top(trends, year))


def _of(frame: pd.DataFrame, keys: pd.MultiIndex) -> pd.DataFrame:
    return frame[pd.MultiIndex.from_frame(frame[KEY]).isin(keys)] if len(frame) else frame


def _totals(requests: pd.DataFrame, rows: tuple[str, ...] | list[str]) -> pd.Series:
    r = requests[(requests["applicant"] == "total") & requests["row"].isin(rows)]
    return r.groupby("row")["value"].sum().reindex(list(rows), fill_value=0).astype(int)


def _denials(requests: pd.DataFrame) -> pd.DataFrame:
    totals = _totals(requests, DENIED_ROWS)
    return pd.DataFrame({"reason": totals.index, "label": [DENIAL_LABELS[r] for r in totals.index],
                         "requests": totals.to_numpy()})


def _appeal_totals(appeals: pd.DataFrame) -> pd.DataFrame:
    outcomes = [*DECIDED, "pending", "total"]
    frame = appeals[appeals["outcome"].isin(outcomes)].pivot_table(
        index="proceeding", columns="outcome", values="value", aggfunc="sum", fill_value=0)
    return frame.reindex(index=["review", "litigation_direct", "litigation_after_review"],
                         columns=outcomes, fill_value=0).astype(int)


def _years(metrics: pd.DataFrame, requests: pd.DataFrame) -> pd.DataFrame:
    """Region totals per year. Shares are Σ numerator / Σ denominator over the reports printing both."""
    per = metrics.groupby("year").agg(reports=("agency_id", "size"), requests=("requests_received", "sum"),
                                      reviews=("reviews", "sum"), lawsuits=("lawsuits", "sum"),
                                      failing=("identities_ok", lambda s: int((s == False).sum())))
    t = requests[requests["applicant"] == "total"]
    granted = t[t["row"] == "granted"].groupby("year")["value"].sum()
    processed = t[t["row"] == "total_processed"].groupby("year")["value"].sum()
    per["granted"] = granted.reindex(per.index, fill_value=0).astype(int)
    per["processed"] = processed.reindex(per.index, fill_value=0).astype(int)
    per["share_granted"] = (per["granted"] / per["processed"].where(per["processed"] != 0)).astype(float)
    return per.reset_index()


def _region_keywords(data_dir: Path, snapshot: Path, metrics: pd.DataFrame, year: int) -> pd.DataFrame:
    """Keyword trends of the region's own reports (this year and the year before)."""
    wanted = metrics[metrics["year"].isin([year, year - 1])]
    sections = read_dataset(data_dir, "sections", snapshot=snapshot)
    sections = _of(sections, pd.MultiIndex.from_frame(wanted[KEY]))
    return keyword_trends(analyse(sections, wanted[["agency_id", "year", "agency"]]).keywords)


def _top(trends: pd.DataFrame, year: int, n: int = 20) -> pd.DataFrame:
    t = trends[trends["year"] == year]
    return t.groupby("keyword", as_index=False).agg(reports=("reports", "max"), share=("share", "max")) \
        .sort_values(["reports", "keyword"], ascending=[False, True]).head(n)
