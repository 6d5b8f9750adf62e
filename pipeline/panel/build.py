"""The longitudinal panel: one row per agency-year, one column per table cell.

Built in DuckDB straight from the Parquet datasets of one snapshot: a single
grouped pass per table with one ``FILTER`` aggregate per column (no pandas
pivot of millions of long rows). Column names, order and types come from
:func:`pipeline.dictionary.panel_fields`, the same list the data dictionary is
written from. Cells keep the printed value (null when blank or unreadable);
the derived ``t3_other_sum_*`` is null when none of its cells is printed or
when one could not be read, since its value would then be unknown.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.dictionary.fields import OTHER_SUM, PANEL_ID_COLUMNS, panel_fields
from pipeline.load.schema import CELL_DATASETS, SCHEMAS
from pipeline.stats.panel import harmonised_query
from pipeline.storage import DataDir, Snapshot
from pipeline.storage.duck import register

OTHER_ROWS = ("other_total", "other_no_correction", "other_no_fee_paid", "other_other")
_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _table_query(table: str, relation: str) -> str | None:
    """SELECT agency_id, year, <one aggregate per panel column of this table> FROM its dataset."""
    spec = CELL_DATASETS[table]
    r, c = spec.row_column, spec.column_column
    columns = []
    for f in panel_fields():
        if f.source is None or f.source[0] != table:
            continue
        _, row, column = f.source
        if row == OTHER_SUM:
            rows = ", ".join(map(_quote, OTHER_ROWS))
            where = f"{r} IN ({rows}) AND {c} = {_quote(column)}"
            columns.append(f"CASE WHEN bool_or(problem IS NOT NULL) FILTER (WHERE {where}) THEN NULL "
                           f"ELSE sum(value) FILTER (WHERE {where}) END AS \"{f.name}\"")
        else:
            columns.append(f"max(value) FILTER (WHERE {r} = {_quote(row)} AND {c} = {_quote(column)}) "
                           f"AS \"{f.name}\"")
    return f"SELECT agency_id, year, {', '.join(columns)} FROM {relation} GROUP BY agency_id, year"


def build_panel(data_dir, *, snapshot: Snapshot | None = None) -> pd.DataFrame:
    """The panel of ``data_dir``'s current datasets (empty, with every column, before any load)."""
    snapshot = snapshot or DataDir.of(data_dir).current()
    fields = panel_fields()
    con = duckdb.connect()
    reports = register(con, snapshot, "reports", SCHEMAS["reports"]) if snapshot is not None else None
    if reports is None:
        con.close()
        return _typed(pd.DataFrame({f.name: [] for f in fields}))
    try:
        ids = ", ".join(f"r.{c}" for c in PANEL_ID_COLUMNS)
        sql = [f"SELECT {ids}"]
        joins = []
        for i, table in enumerate(("table2", "table3", "table4")):
            dataset = CELL_DATASETS[table].dataset
            relation = register(con, snapshot, dataset, SCHEMAS[dataset])
            names = [f'"{f.name}"' for f in fields if f.source and f.source[0] == table]
            if relation:
                alias = f"c{i}"
                sql.append(", " + ", ".join(f"{alias}.{n}" for n in names))
                joins.append(f"LEFT JOIN ({_table_query(table, relation)}) {alias} USING (agency_id, year)")
            else:
                sql.append(", " + ", ".join(f"NULL AS {n}" for n in names))
        harmonised = harmonised_query(snapshot, con)
        if harmonised:  # h_* columns: comparable measures from 2008 on (pipeline.stats.panel)
            names = [f'"{f.name}"' for f in fields if f.source and f.source[0] == "harmonised"]
            sql.append(", " + ", ".join(f"h.{n}" for n in names))
            joins.append(f"LEFT JOIN ({harmonised}) h USING (agency_id, year)")
        query = (" ".join(sql) + f" FROM {reports} r " + " ".join(joins) + " ORDER BY r.agency_id, r.year")
        df = con.execute(query).df()
    finally:
        con.close()
    return _typed(df[[f.name for f in fields]])


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Dictionary types: nullable integers, real dates, year as int16."""
    out = {}
    for f in panel_fields():
        col = df[f.name]
        if f.name == "year":
            out[f.name] = col.astype("int16")
        elif f.type == "date":
            out[f.name] = pd.to_datetime(col).astype("datetime64[s]")
        else:
            out[f.name] = col.astype(_PANDAS_TYPES[f.type])
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))
