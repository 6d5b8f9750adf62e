"""What goes into the site database: every dataset of the registries, plus per-table extras.

The tables are the datasets declared in :mod:`pipeline.load.schema` (loaded)
and :mod:`pipeline.findings.schema` (derived), found through those registries,
so a dataset added there is published without a change here. Everything the
site adds on top — the report link column, foreign keys, indexes, full-text
search, facets — is declared once, in :data:`EXTRAS`; a dataset not listed
gets the defaults (``report_id``, indexes on the facet columns it has).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.load.schema import PARTITION, PARTITION_SCHEMA
from pipeline.storage import DataDir
from pipeline.views import Source, sources

from .names import ARCHIVE_ROUTE, REPORT_ID, REPORTS

# Columns journalists facet on: indexed in every table that has them.
FACET_COLUMNS = ("province", "prefecture", "county", "level", "kind", "year", "format", "status")
REGION_COLUMNS = ("province", "prefecture", "county", "kind")


@dataclass(frozen=True, slots=True)
class Context:
    """What computed columns may look at besides the dataset itself."""

    data_dir: DataDir | str | Path
    reports: pd.DataFrame   # the reports dataset (for columns copied from the report)


def report_title(frame: pd.DataFrame, ctx: Context) -> pd.Series:
    """The report's conventional title (agency + year + genre), searchable with the sections."""
    return frame["agency"].astype("string") + frame["year"].astype("string") + "年政府信息公开工作年度报告"


def archived_file(frame: pd.DataFrame, ctx: Context) -> pd.Series:
    """Relative link to the file as archived by the crawler, where the archive holds it."""
    objects = DataDir.of(ctx.data_dir).raw / "objects"

    def link(sha, file_type) -> str | None:
        if not isinstance(sha, str) or len(sha) != 64 or not (objects / sha[:2] / sha[2:4] / sha).is_file():
            return None
        return f"{ARCHIVE_ROUTE}{sha}" + (f".{file_type}" if isinstance(file_type, str) and file_type.isalnum()
                                          else "")
    return pd.Series([link(s, t) for s, t in zip(frame["sha256"], frame["file_type"], strict=True)],
                     index=frame.index, dtype="object")


def region_of_report(column: str) -> Callable[[pd.DataFrame, Context], pd.Series]:
    """A column copied from the report, so findings can be faceted by region without a join: the
    report of the finding's year, else the agency's latest (a missing year has no report)."""
    def copy(frame: pd.DataFrame, ctx: Context) -> pd.Series:
        if column not in ctx.reports.columns or frame.empty:
            return pd.Series(None, index=frame.index, dtype="object")
        reports = ctx.reports.sort_values(PARTITION)
        exact = dict(zip(zip(reports["agency_id"], reports[PARTITION].astype(int)), reports[column], strict=True))
        latest = reports.dropna(subset=[column]).groupby("agency_id")[column].last().to_dict()
        values = [exact.get((a, int(y))) for a, y in zip(frame["agency_id"], frame[PARTITION], strict=True)]
        return pd.Series([v if isinstance(v, str) else latest.get(a) for v, a in zip(values, frame["agency_id"],
                                                                                      strict=True)],
                         index=frame.index, dtype="object")
    copy.__doc__ = f"The report's {column}."
    return copy


_REGION = {c: region_of_report(c) for c in REGION_COLUMNS}


@dataclass(frozen=True, slots=True)
class Extras:
    """What the site adds to one dataset's table."""

    references_report: bool = False      # report_id REFERENCES reports(report_id)
    computed: dict[str, Callable[[pd.DataFrame, Context], pd.Series]] = field(default_factory=dict)
    fts: tuple[str, ...] = ()             # columns searched as one text (jieba-segmented FTS5)
    indexes: tuple[tuple[str, ...], ...] = ()
    facets: tuple[str, ...] = ()          # Datasette's default facets
    label: str | None = None              # Datasette's label column (shown for foreign keys)
    sort_desc: str | None = None


EXTRAS: dict[str, Extras] = {
    REPORTS: Extras(computed={"title": report_title, "archived_file": archived_file}, fts=("title",),
                    label="title", facets=("province", "prefecture", "kind", "year", "format", "status")),
    "proactive": Extras(references_report=True, indexes=(("item", "measure"),)),
    "requests": Extras(references_report=True, indexes=(("row", "applicant"),)),
    "appeals": Extras(references_report=True, indexes=(("proceeding", "outcome"),)),
    "sections": Extras(references_report=True, fts=("text",), facets=("section",)),
    "checks": Extras(references_report=True, indexes=(("check",), ("ok",)), facets=("check", "ok")),
    "metrics": Extras(references_report=True, facets=("province", "prefecture", "kind", "year")),
    "findings_identities": Extras(references_report=True, computed=dict(_REGION), facets=("check", "year")),
    "findings_late": Extras(references_report=True, computed=dict(_REGION), facets=("kind", "year"),
                            sort_desc="days_late"),
    # The year of a missing report has no report row: no foreign key.
    "findings_missing": Extras(computed=dict(_REGION), facets=("year",)),
    "findings_copied_text": Extras(references_report=True, computed=dict(_REGION), facets=("relation", "year"),
                                   sort_desc="score"),
    "findings_identical_tables": Extras(references_report=True, computed=dict(_REGION),
                                        facets=("table", "year")),
    "keyword_trends": Extras(facets=("year", "section"), sort_desc="reports"),
}


def extras(name: str) -> Extras:
    return EXTRAS.get(name, Extras())


def has_report_key(schema: pa.Schema) -> bool:
    return "agency_id" in schema.names and PARTITION in schema.names


_SQL_TYPES = [(pa.types.is_boolean, "INTEGER"), (pa.types.is_integer, "INTEGER"),
              (pa.types.is_floating, "REAL")]


def sql_type(t: pa.DataType) -> str:
    """SQLite column type; dates and timestamps are ISO 8601 text, lists JSON text."""
    return next((name for test, name in _SQL_TYPES if test(t)), "TEXT")


@dataclass(frozen=True, slots=True)
class Table:
    """The SQLite table of one dataset: its Arrow schema (``year`` second), columns (with SQL types), extras."""

    name: str
    schema: pa.Schema
    derived: bool
    columns: tuple[tuple[str, str], ...]
    extras: Extras

    @property
    def keyed(self) -> bool:
        return self.columns[0][0] == REPORT_ID

    @property
    def group_column(self) -> str:
        """What a publish replaces rows by: the report (agency-year) or, lacking one, the year."""
        return REPORT_ID if self.keyed else PARTITION

    def ddl(self) -> str:
        cols = []
        for name, typ in self.columns:
            col = f'"{name}" {typ}'
            if name == REPORT_ID and self.name == REPORTS:
                col += " PRIMARY KEY"
            elif name == REPORT_ID and self.extras.references_report:
                col += f' REFERENCES "{REPORTS}"("{REPORT_ID}")'
            cols.append(col)
        return f'CREATE TABLE "{self.name}" (\n  ' + ",\n  ".join(cols) + "\n)"

    def index_columns(self) -> list[tuple[str, ...]]:
        names = {c for c, _ in self.columns}
        out = [(REPORT_ID,)] if self.keyed and self.name != REPORTS else []
        out += [(c,) for c in FACET_COLUMNS if c in names]
        out += [ix for ix in self.extras.indexes if set(ix) <= names and ix not in out]
        return out


def table_for(source: Source) -> Table:
    ex = extras(source.name)
    schema = source.schema.insert(1, PARTITION_SCHEMA.field(PARTITION))
    cols = [(f.name, sql_type(f.type)) for f in schema]
    # The site's own columns (title, links, region) come first: what a reader looks at.
    cols[:0] = [(name, "TEXT") for name in ex.computed if name not in dict(cols)]
    if has_report_key(schema):
        cols.insert(0, (REPORT_ID, "TEXT"))
    return Table(source.name, schema, source.derived, tuple(cols), ex)


def tables() -> list[Table]:
    """One table per dataset of the load and findings registries (as the query views see them)."""
    return [table_for(s) for s in sources()]
