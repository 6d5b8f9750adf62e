"""Findings about whole reports: identities that fail, late publication, missing years.

Each function takes DataFrames of the loaded datasets and returns one row per
finding, keyed by the report it concerns (agency_id, year).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.checks.identities import identity
from pipeline.metrics import is_government, with_identity_columns

GOVERNMENT_DEADLINE = (3, 31)   # a government's own report: 31 March of the next year
DEPARTMENT_DEADLINE = (1, 31)   # a department's report: 31 January of the next year


def check_cells(check: str, subject: str, fmt: str | None) -> list[str]:
    """The ``row/column`` cells an identity adds up (declared in :mod:`pipeline.checks.identities`);
    an unknown check is an error."""
    return identity(check).cells(subject, fmt)


def identity_failures(checks: pd.DataFrame, reports: pd.DataFrame, requests: pd.DataFrame,
                      appeals: pd.DataFrame, proactive: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per failed identity: the cells involved, where they are printed, and the gap.

    Identities with the previous year's report (``cross_*``) are included, but not
    ``cross_missing_year``: a year without a report is :func:`missing_reports`.
    """
    failed = checks[~checks["ok"].astype(bool) & (checks["check"] != "cross_missing_year")].copy()
    cols = ["agency_id", "year", "table", "check", "subject", "expected", "actual", "gap", "relative_gap",
            "cells", "pages"]
    if failed.empty:
        return pd.DataFrame(columns=cols)
    fmt = reports.set_index(["agency_id", "year"])["format_table3"] if "format_table3" in reports else None
    failed["gap"] = failed["actual"] - failed["expected"]
    failed["relative_gap"] = (failed["gap"].abs() / failed["expected"].abs().where(failed["expected"] != 0))
    failed["cells"] = [check_cells(c, s, fmt.get((a, y)) if fmt is not None else None)
                       for c, s, a, y in zip(failed["check"], failed["subject"], failed["agency_id"],
                                             failed["year"], strict=True)]
    pages = _pages(pd.concat([
        requests.rename(columns={"row": "r", "applicant": "c"})[["agency_id", "year", "r", "c", "page"]],
        appeals.rename(columns={"proceeding": "r", "outcome": "c"})[["agency_id", "year", "r", "c", "page"]],
        *([] if proactive is None else
          [proactive.rename(columns={"item": "r", "measure": "c"})[["agency_id", "year", "r", "c", "page"]]]),
    ]))
    failed["pages"] = [sorted({p for cell in cells for p in pages.get((a, int(y), cell), ())})
                       for a, y, cells in zip(failed["agency_id"], failed["year"], failed["cells"], strict=True)]
    return failed[cols].reset_index(drop=True)


def _pages(cells: pd.DataFrame) -> dict[tuple[str, int, str], tuple[int, ...]]:
    cells = cells.dropna(subset=["page"])
    keys = cells["r"].astype(str) + "/" + cells["c"].astype(str)
    return {(a, int(y), k): (int(p),) for a, y, k, p in zip(cells["agency_id"], cells["year"], keys,
                                                            cells["page"], strict=True)}


def late_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports published after their legal deadline, where the publication date is known."""
    cols = ["agency_id", "year", "published_date", "deadline", "days_late", "deadline_rule"]
    r = with_identity_columns(reports)
    r = r[r["published_date"].notna()]
    if r.empty:
        return pd.DataFrame(columns=cols)
    gov = is_government(r).to_numpy()
    deadline = [date(int(y) + 1, *(GOVERNMENT_DEADLINE if g else DEPARTMENT_DEADLINE))
                for y, g in zip(r["year"], gov, strict=True)]
    r = r.assign(deadline=deadline, deadline_rule=["government: 31 March" if g else "department: 31 January"
                                                   for g in gov])
    published = pd.to_datetime(r["published_date"])
    r["days_late"] = (published - pd.to_datetime(r["deadline"])).dt.days
    return r[r["days_late"] > 0][cols].reset_index(drop=True)


def missing_reports(reports: pd.DataFrame, until: int | None = None) -> pd.DataFrame:
    """Years with no report from an agency that published before: between its reports, or after
    its last one up to ``until`` (default: the latest year anyone in ``reports`` reported on)."""
    cols = ["agency_id", "year", "gap", "last_year", "next_year"]
    if reports.empty:
        return pd.DataFrame(columns=cols)
    until = int(until if until is not None else reports["year"].max())
    rows = []
    for agency_id, years in reports.groupby("agency_id")["year"]:
        have = sorted({int(y) for y in years})
        for year in range(have[0], until + 1):
            if year in have:
                continue
            before = max(y for y in have if y < year)
            after = min((y for y in have if y > year), default=None)
            rows.append({"agency_id": agency_id, "year": year,
                         "gap": "between reports" if after else "after last report",
                         "last_year": before, "next_year": after})
    return pd.DataFrame(rows, columns=cols)
