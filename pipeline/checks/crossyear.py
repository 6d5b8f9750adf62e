"""Identities across consecutive years of the same agency, written into the ``checks`` dataset.

- ``cross_carry_over`` (table3, per applicant), on year y: expected = 结转下年度继续办理
  of y−1, actual = 上年结转 of y.
- ``cross_in_force`` (table2, rules and normative_documents, both years in format
  2021), on year y: expected = 现行有效件数(y−1) + 本年制发件数(y) − 本年废止件数(y),
  actual = 现行有效件数(y).
- ``cross_cumulative`` (stats, pre-2019 reports): a 历年累计 that shrinks (see
  :mod:`pipeline.stats.cumulative`).
- ``cross_missing_year`` (table null), on the first year present after a gap:
  subject = the missing year, expected = 1 report, actual = 0. Only gaps are
  written (a row per missing year); the other two write ok rows too, like the
  within-report identities.

As within a report, blank cells count as 0 and an identity involving an
unreadable or unprinted cell is not evaluated. They run at load time, on
the snapshot being built (:func:`replacements` computes the rows, the loader
hands them to storage), for every agency the load touched,
over all its years: loading y−1 later re-evaluates y, and the snapshot switch
keeps the checks consistent with the cells they are about.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

import pipeline
from pipeline.storage import Snapshot

from ..stats.cumulative import STATS_COLUMNS, cumulative_checks
from . import APPLICANTS, TOLERANCE
from .identities import identity

PREFIX = "cross_"
CARRY, IN_FORCE, MISSING = "cross_carry_over", "cross_in_force", "cross_missing_year"
IN_FORCE_ITEMS = tuple(identity(IN_FORCE).subjects("2021"))
_CHECK_COLUMNS = ("agency_id", "table", "check", "subject", "expected", "actual", "ok", "extractor_version")

Cells = dict[tuple[int, str, str], tuple[float | None, bool]]  # (year, row, column) → (value, readable)


def cross_year_checks(years: Iterable[int], table3: Cells, table2: Cells,
                      table2_formats: dict[int, str]) -> list[dict]:
    """The cross-year identities of one agency: dicts with year, table, check, subject, expected, actual, ok."""
    present = sorted(set(years))
    out: list[dict] = []
    for before, year in itertools.pairwise(present):
        for missing in range(before + 1, year):
            out.append(_row(year, None, MISSING, str(missing), 1, 0))
    for year in present:
        if year - 1 not in present:
            continue
        for a in (*APPLICANTS, "total"):
            expected = _value(table3, (year - 1, "carried_forward", a))
            actual = _value(table3, (year, "carried_over", a))
            if expected is not None and actual is not None:
                out.append(_row(year, "table3", CARRY, a, expected, actual))
        if table2_formats.get(year - 1) == table2_formats.get(year) == "2021":
            for item in IN_FORCE_ITEMS:
                parts = [_value(table2, k) for k in ((year - 1, item, "in_force"), (year, item, "issued"),
                                                     (year, item, "repealed"), (year, item, "in_force"))]
                if None not in parts:
                    prior, issued, repealed, now = parts
                    out.append(_row(year, "table2", IN_FORCE, item, prior + issued - repealed, now))
    return out


def _value(cells: Cells, key: tuple[int, str, str]) -> float | None:
    """The cell as a number (blank = 0), or None when unprinted or unreadable."""
    hit = cells.get(key)
    if hit is None or not hit[1]:
        return None
    return hit[0] or 0


def _row(year: int, table: str | None, check: str, subject: str, expected: float, actual: float) -> dict:
    """Counts (table 2's are stored as floats): written as the exact integers they are."""
    return {"year": year, "table": table, "check": check, "subject": subject, "expected": int(expected),
            "actual": int(actual), "ok": abs(expected - actual) <= TOLERANCE}


def _read(snapshot: Snapshot, dataset: str, columns: list[str], expr) -> pa.Table:
    from pipeline.load.schema import SCHEMAS

    # Streamed one batch at a time: only the filtered rows are ever held, not the partition.
    return snapshot.read(dataset, SCHEMAS[dataset], columns=columns, filter=expr, streamed=True)


def _by_agency(table: pa.Table) -> Iterator[tuple[str, list[tuple]]]:
    """(agency_id, its rows as tuples), one agency at a time: Python objects are made
    for one agency's rows only, never for the whole batch."""
    if table.num_rows == 0:
        return
    table = table.take(pc.sort_indices(table, [("agency_id", "ascending")]))
    ids, n = table["agency_id"], table.num_rows
    changes = pc.indices_nonzero(pc.not_equal(ids.slice(1), ids.slice(0, n - 1))).to_pylist()
    starts = [0] + [i + 1 for i in changes] + [n]
    for a, b in itertools.pairwise(starts):
        part = table.slice(a, b - a)
        yield part["agency_id"][0].as_py(), list(zip(*(part[c].to_pylist() for c in part.column_names),
                                                     strict=True))


def evaluate(snapshot: Snapshot, agencies: set[str]) -> Iterator[tuple[str, list[dict]]]:
    """(agency_id, its cross-year check rows) for each of ``agencies``, read from ``snapshot``."""
    ids = pa.array(sorted(agencies), type=pa.string())
    mine = pc.field("agency_id").isin(ids)
    reports = _read(snapshot, "reports", ["agency_id", "year"], mine)
    t3 = _read(snapshot, "requests", ["agency_id", "year", "row", "applicant", "value", "problem"],
               mine & pc.field("row").isin(["carried_over", "carried_forward"]))
    t2 = _read(snapshot, "proactive", ["agency_id", "year", "format", "item", "measure", "value", "problem"],
               mine & pc.field("item").isin(list(IN_FORCE_ITEMS)))
    stats = _read(snapshot, "stats", STATS_COLUMNS, mine & pc.field("from_text").isin([False]))
    t3_rows, t2_rows, stats_rows = _by_agency(t3), _by_agency(t2), _by_agency(stats)
    next3, next2, next_stats = next(t3_rows, None), next(t2_rows, None), next(stats_rows, None)
    for aid, year_rows in _by_agency(reports):
        table3: Cells = {}
        while next3 is not None and next3[0] <= aid:
            if next3[0] == aid:
                table3 = {(y, r, c): (v, p is None) for _, y, r, c, v, p in next3[1]}
            next3 = next(t3_rows, None)
        table2: Cells = {}
        formats: dict[int, str] = {}
        while next2 is not None and next2[0] <= aid:
            if next2[0] == aid:
                for _, y, fmt, item, measure, v, p in next2[1]:
                    table2[(y, item, measure)] = (v, p is None)
                    formats[y] = fmt
            next2 = next(t2_rows, None)
        cumulative: list[dict] = []
        while next_stats is not None and next_stats[0] <= aid:
            if next_stats[0] == aid:
                cumulative = cumulative_checks(next_stats[1])
            next_stats = next(stats_rows, None)
        yield aid, cross_year_checks([y for _, y in year_rows], table3, table2, formats) + cumulative


def replacements(snapshot: Snapshot, agencies: set[str]) -> dict[int, tuple[Callable, pa.Table]]:
    """year → (which rows of the ``checks`` partition are stale, the cross-year rows replacing them),
    for ``agencies``, evaluated on ``snapshot`` (the unpublished one a load is building).

    Stale rows are the agencies' earlier cross-year rows; a year is listed when it has new rows or may
    hold stale ones, and storage writes only partitions that change."""
    from pipeline.load.schema import SCHEMAS

    if not agencies:
        return {}
    schema = SCHEMAS["checks"]
    version = pipeline.EXTRACTOR_VERSION
    # Columns per year, filled one agency at a time: no dict kept per row (a load may touch 10⁵ agencies).
    by_year: dict[int, dict[str, list]] = defaultdict(lambda: {c: [] for c in _CHECK_COLUMNS})
    for aid, rows in evaluate(snapshot, agencies):
        for row in rows:
            columns = by_year[row["year"]]
            for c in _CHECK_COLUMNS:
                columns[c].append(aid if c == "agency_id" else version if c == "extractor_version" else row[c])
    ids = pa.array(sorted(agencies), type=pa.string())

    def stale(old: pa.Table) -> pa.ChunkedArray:
        return pc.and_(pc.starts_with(old["check"], PREFIX), pc.is_in(old["agency_id"], value_set=ids))

    out = {}
    for year in sorted(set(snapshot.partitions("checks")) | set(by_year)):
        columns = by_year.pop(year, None) or {c: [] for c in _CHECK_COLUMNS}
        out[year] = (stale, pa.table(columns, schema=schema))
    return out
