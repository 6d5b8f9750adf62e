"""Harmonised panel columns ``h_<measure>``: one comparable measure from 2008 on.

Each column takes, for an agency-year, the 2019/2021 table cells the crosswalk
names (summed), else the pre-2019 statistics-table row, else the one figure the
sentences print — never a mix — and ``h_<measure>_source`` says which
(``2021 table``, ``2019 table``, ``pre-2019 table``, ``sentence``). A cumulative
(历年累计) never feeds them. A measure printed twice with different values in a
report's table or sentences is left null.
"""

from __future__ import annotations

import duckdb

from pipeline.dictionary.fields import FieldDoc
from pipeline.load.schema import CELL_DATASETS, SCHEMAS
from pipeline.storage import Snapshot
from pipeline.storage.duck import register

from .crosswalk import Measure, measures
from .harmonise import pre2019_wide

PREFIX = "h_"
_PRE2019 = "xxgk_pre2019_values"
_UNITS = {"items": "items", "requests": "requests", "cases": "cases", "yuan": "yuan"}


def _sources(m: Measure) -> str:
    cells = ", ".join(f"{CELL_DATASETS[t].dataset}({r}, {c})" for t, r, c in m.tables)
    later = f"2019 and 2021 tables: sum of {cells}" if m.tables else "2019 and 2021 tables: no matching cell"
    return (f"{later}; pre-2019 table (2008–2018): rows printed like {'、'.join(m.printed)}; sentence "
            f"(2008–2018): phrasings of pipeline/stats/sentences.py. {m.why}")


def harmonised_fields() -> list[FieldDoc]:
    out = []
    for m in measures().values():
        formats = ("2019", "2021", "pre2019") if m.tables else ("pre2019",)
        name = PREFIX + m.key
        out.append(FieldDoc(name, "number" if m.money else "integer", m.zh, m.en + " (comparable across years)",
                            _UNITS.get(m.unit, m.unit), formats, _sources(m), name, source=("harmonised", m.key, "")))
        out.append(FieldDoc(name + "_source", "string", m.zh + "·来源",
                            f"Which source gave {name}: 2021 table, 2019 table, pre-2019 table or sentence",
                            None, formats, None, name + "_src", source=("harmonised", m.key, "source")))
    return out


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _register_pre2019(snapshot: Snapshot, con: duckdb.DuckDBPyConnection) -> str | None:
    """The pre-2019 values (:func:`pre2019_wide`) as a relation of ``con``; its name, or None when none."""
    if not snapshot.has("stats"):
        return None
    wide = pre2019_wide(snapshot.read("stats", SCHEMAS["stats"]).to_pandas(), list(measures()))
    con.register(_PRE2019, wide)
    return _PRE2019


def harmonised_query(snapshot: Snapshot, con: duckdb.DuckDBPyConnection) -> str | None:
    """SELECT agency_id, year, h_* … over the snapshot's datasets (None when nothing is loaded).

    The datasets and the pre-2019 values are registered on ``con`` (so the query must run there).
    """
    reports = register(con, snapshot, "reports", SCHEMAS["reports"])
    if reports is None:
        return None

    def source(dataset: str) -> str | None:
        return register(con, snapshot, dataset, SCHEMAS[dataset])

    selects, joins, joined = [], [], set()
    for table in ("table3", "table4"):
        spec = CELL_DATASETS[table]
        src = source(spec.dataset)
        cols = []
        for m in measures().values():
            cells = [(r, c) for t, r, c in m.tables if t == table]
            if not cells:
                continue
            where = " OR ".join(f"({spec.row_column} = {_q(r)} AND {spec.column_column} = {_q(c)})" for r, c in cells)
            cols.append(f"CASE WHEN bool_or(problem IS NOT NULL) FILTER (WHERE {where}) THEN NULL "
                        f"ELSE sum(value) FILTER (WHERE {where}) END AS t_{m.key}")
        if src and cols:
            joined.add(table)
            joins.append(f"LEFT JOIN (SELECT agency_id, year, {', '.join(cols)} FROM {src} "
                         f"GROUP BY agency_id, year) {table} USING (agency_id, year)")
    pre = _register_pre2019(snapshot, con)
    if pre:
        joins.append(f"LEFT JOIN {pre} st USING (agency_id, year)")
    for m in measures().values():
        tables = {t for t, _, _ in m.tables}
        parts = []
        if tables and tables <= joined:
            parts.append((" + ".join(f"{t}.t_{m.key}" for t in sorted(tables)), "r.format || ' table'"))
        if pre:
            parts.append((f"st.p_{m.key}", f"st.src_{m.key}"))
        if not parts:
            selects += [f"NULL AS {PREFIX}{m.key}", f"NULL AS {PREFIX}{m.key}_source"]
            continue
        selects.append(f"coalesce({', '.join(p for p, _ in parts)}) AS {PREFIX}{m.key}")
        cases = " ".join(f"WHEN {p} IS NOT NULL THEN {label}" for p, label in parts)
        selects.append(f"CASE {cases} END AS {PREFIX}{m.key}_source")
    return (f"SELECT r.agency_id, r.year, {', '.join(selects)} FROM {reports} r " + " ".join(joins))
