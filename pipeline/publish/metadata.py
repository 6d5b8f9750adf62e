"""Datasette's ``metadata.json``, written from the data dictionary.

Titles, descriptions and column meanings come from :mod:`pipeline.dictionary`
(``terms.yaml``: Chinese label, English description, unit), the metrics'
definitions and the datasets' descriptions; licence and source from the Data
Package descriptor. Nothing is described twice: a column documented nowhere is
published with its name only.
"""

from __future__ import annotations

from pathlib import Path

import pipeline
from pipeline.dictionary.datapackage import DESCRIPTIONS, LICENSES, TITLE, write_json_atomic
from pipeline.dictionary.fields import terms
from pipeline.findings.schema import DESCRIPTIONS as DERIVED_DESCRIPTIONS
from pipeline.metrics import BY_NAME

from .fts import fts_name
from .names import PLUGIN, REPORT_ID, STATE_TABLES
from .queries import canned_queries
from .schema import Table, tables

ARCHIVE_ENV = "XXGK_ARCHIVE_DIR"
SITE_DOCS = {
    REPORT_ID: {"zh": "报告标识", "en": "The report: '<agency_id>/<year>' (links to its row in reports)"},
    "title": {"zh": "标题", "en": "The report's title: agency, year and 政府信息公开工作年度报告 (searchable)"},
    "archived_file": {"zh": "存档文件", "en": "The file as the crawler archived it (served by this site)"},
}


def column_description(name: str) -> str | None:
    doc = SITE_DOCS.get(name) or terms()["columns"].get(name)
    if doc:
        unit = f" (unit: {doc['unit']})" if doc.get("unit") else ""
        return f"{doc['zh']} — {doc['en']}{unit}"
    if name in BY_NAME:
        m = BY_NAME[name]
        return f"{m.label} — {m.label_en} (unit: {m.unit}); {m.formula}"
    return None


def table_metadata(table: Table) -> dict:
    desc = DESCRIPTIONS.get(table.name) or DERIVED_DESCRIPTIONS.get(table.name) or ""
    out: dict = {"title": table.name, "description": desc}
    columns = {c: d for c, _ in table.columns if (d := column_description(c))}
    if columns:
        out["columns"] = columns
    ex = table.extras
    names = {c for c, _ in table.columns}
    if ex.facets:
        out["facets"] = [f for f in ex.facets if f in names]
    if ex.label:
        out["label_column"] = ex.label
    if ex.sort_desc:
        out["sort_desc"] = ex.sort_desc
    if ex.fts:
        out.update(fts_table=fts_name(table.name), fts_pk="rowid")
    return out


def site_metadata(database: str) -> dict:
    """Datasette metadata for the database named ``database`` (the file's stem)."""
    tabs = {t.name: table_metadata(t) for t in tables()}
    hidden = [*STATE_TABLES, *(fts_name(t.name) for t in tables() if t.extras.fts)]
    tabs.update({name: {"hidden": True} for name in hidden})
    return {
        "title": TITLE,
        "description": "Tables 2–4, sections, identity checks, metrics and findings of China's annual government "
                       "information disclosure reports. Every row links to its report; search the text, facet by "
                       "region, kind and year, or use the canned queries.",
        "license": LICENSES[0]["title"],
        "source": "Each agency's 政府信息公开工作年度报告 (see source_url); extracted by xxgk "
                  f"{pipeline.EXTRACTOR_VERSION}",
        "plugins": {PLUGIN: {"archive_dir": {"$env": ARCHIVE_ENV}}},
        "databases": {database: {"title": TITLE, "tables": tabs, "queries": canned_queries()}},
    }


def write_metadata(path: Path, database: str) -> Path:
    write_json_atomic(path, site_metadata(database))
    return path
