"""DuckDB views over every dataset of a data directory: what ``xxgk query`` runs SQL on.

Which views: every loaded dataset (the registry :data:`pipeline.load.SCHEMAS`,
so a dataset added there appears here without a change), the crawler's
``coverage`` ledger (:mod:`pipeline.coverage`), every derived one
(:data:`pipeline.findings.SCHEMAS`: ``metrics``, ``findings_*``, ``keyword_trends``)
and ``findings``, all findings in one view (their common columns plus
``finding``, the dataset's name without ``findings_``). A dataset with
``agency_id`` and ``year`` but no ``agency`` gets the agency's name from
``reports``, so every row-level view reads ``agency_id, year, agency, …``.

The views read the snapshot current when the connection is made, so a query
sees one consistent state even while a load switches ``DATA/datasets``.

Safety: the data is handed to DuckDB as Arrow datasets opened by our code;
then external access is switched off and the configuration locked. SQL shared
by someone else can read the datasets and nothing else: no ``read_csv`` of
other files, no ``COPY … TO``, ``ATTACH``, ``INSTALL``/``LOAD``. Writing a
result (``--out``) is done by our code, not by SQL.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.dataset as ds

from pipeline.errors import XxgkError
from pipeline.storage import PARTITION, PARTITION_SCHEMA, DataDir, Snapshot

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

FINDINGS_VIEW = "findings"
Where = DataDir | str | os.PathLike


class QueryError(XxgkError):
    """The query could not be run; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Source:
    """One dataset as stored: its schema (without ``year``) and where its files are."""

    name: str
    schema: pa.Schema
    derived: bool


def sources() -> list[Source]:
    """Every dataset a view is made for, loaded ones first, in registry order."""
    from pipeline import coverage
    from pipeline.findings import SCHEMAS as DERIVED_SCHEMAS
    from pipeline.load import SCHEMAS as LOADED_SCHEMAS

    return ([Source(n, s, False) for n, s in LOADED_SCHEMAS.items()]
            + [Source(coverage.NAME, coverage.SCHEMA, False)]
            + [Source(n, s, True) for n, s in DERIVED_SCHEMAS.items()])


def view_names() -> list[str]:
    return [s.name for s in sources()] + [FINDINGS_VIEW]


def check_data_dir(data_dir: Where) -> Snapshot:
    """The snapshot to query, or an error naming the path (missing, a file, nothing loaded)."""
    return DataDir.of(data_dir).require()


def derived_used(sql: str) -> bool:
    """Whether ``sql`` names a derived view (then they are built first, when not current)."""
    names = [s.name for s in sources() if s.derived] + [FINDINGS_VIEW]
    return re.search(r"\b(" + "|".join(map(re.escape, names)) + r")\b", sql, re.IGNORECASE) is not None


def connect(data_dir: Where, *, build_derived: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per dataset, external access off and locked.

    Derived datasets are built first when ``build_derived`` and they are not current;
    otherwise a view of a derived dataset not built yet is empty (with its columns).
    """
    import duckdb

    from pipeline.findings.store import is_current

    data = DataDir.of(data_dir)
    if data.local is not None and not data.local.is_dir():
        data.require()  # raises, naming the path
    snapshot = data.current()
    if snapshot is not None and build_derived:
        from pipeline.findings import build

        if not is_current(snapshot):
            snapshot = build(data).snapshot
    derived_ok = snapshot is not None and is_current(snapshot)
    con = duckdb.connect()
    all_sources = sources()
    for src in all_sources:
        readable = snapshot if snapshot is not None and (derived_ok or not src.derived) else None
        con.register(f"_{src.name}", _arrow(src, readable))
    agencies = "(SELECT DISTINCT agency_id, year, agency FROM _reports)"
    for src in all_sources:
        con.execute(f"CREATE VIEW {src.name} AS {_select(src, agencies)}")
    findings = [s for s in all_sources if s.name.startswith(FINDINGS_VIEW + "_")]
    if findings:
        from pipeline.findings.schema import COMMON

        rest = ", ".join(f'"{c}"' for c, _ in COMMON[2:])
        union = " UNION ALL ".join(f"SELECT agency_id, year, agency, '{s.name.removeprefix(FINDINGS_VIEW + '_')}' "
                                   f"AS finding, {rest} FROM {s.name}" for s in findings)
        con.execute(f"CREATE VIEW {FINDINGS_VIEW} AS {union}")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def read_source(name: str, snapshot: Snapshot) -> pd.DataFrame:
    """A loaded or ledger dataset's rows in ``snapshot`` (``year`` second), empty with its columns
    when it has none: one reader for every non-derived source (the coverage ledger is not a load dataset)."""
    src = next(s for s in sources() if s.name == name and not s.derived)
    return snapshot.read(name, src.schema).to_pandas()


def _arrow(src: Source, snapshot: Snapshot | None) -> ds.Dataset | pa.Table:
    if snapshot is None:
        return src.schema.append(PARTITION_SCHEMA.field(PARTITION)).empty_table()
    return snapshot.arrow(src.name, src.schema)


def _select(src: Source, agencies: str) -> str:
    """The view's query: ``agency_id, year[, agency]`` first, then the dataset's columns."""
    names = src.schema.names
    if "agency_id" not in names:  # not row-level (keyword_trends)
        return f"SELECT * FROM _{src.name}"
    if "agency" in names:
        return f"SELECT agency_id, year, agency, * EXCLUDE (agency_id, year, agency) FROM _{src.name}"
    return (f"SELECT t.agency_id, t.year, a.agency, t.* EXCLUDE (agency_id, year) FROM _{src.name} t "
            f"LEFT JOIN {agencies} a ON t.agency_id = a.agency_id AND t.year = a.year")


def describe(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """view → its (column, type) pairs, in the order of :func:`view_names`."""
    out = {}
    for name in view_names():
        rows = con.execute(f"DESCRIBE {name}").fetchall()
        out[name] = [(r[0], str(r[1])) for r in rows]
    return out


_COLUMN = re.compile(r'column (?:with name )?"?([^"\s]+)"? (?:not found|does not exist)', re.IGNORECASE)


def explain(con: duckdb.DuckDBPyConnection, sql: str, error: Exception) -> str:
    """A DuckDB error as one line; an unknown column names the views the query uses, and those
    that have the column."""
    import duckdb

    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    m = _COLUMN.search(first)
    if not m:
        return first
    column = m.group(1)
    try:
        columns = {v: [c for c, _ in cols] for v, cols in describe(con).items()}
    except duckdb.Error:  # the explanation must never hide the error
        return first
    used = [v for v in columns if re.search(rf"\b{re.escape(v)}\b", sql, re.IGNORECASE)]
    parts = [f"{v} has no column {column!r}" for v in used if column not in columns[v]]
    having = [v for v, cols in columns.items() if column in cols]
    hint = f"; it is in {', '.join(having)}" if having else "; `xxgk query --list` shows every view's columns"
    return f"{first.split(':', 1)[0]}: {'; '.join(parts) or first}{hint}"
