"""The Frictionless Data Package descriptor of the datasets (and of a panel file).

Each dataset is one resource whose ``path`` lists its year partitions. The
``year`` column lives in the partition directory name (``year=2024``), not in
the files, as hive partitioning does; the descriptor says so in
``partitioning``. Field descriptors carry the Chinese label (``title``), the
English ``description``, ``unit`` and the report ``formats`` the field exists in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pipeline
from pipeline.agencies import vintage
from pipeline.load.schema import DATASETS, KEY, PARTITION
from pipeline.storage import DataDir, Snapshot

from .fields import FieldDoc, dataset_fields, panel_fields
from .page import dictionary_markdown

DESCRIPTOR = "datapackage.json"
PAGE = "dictionary.md"
# Beyond (agency_id, year): the columns that make a row of a long dataset unique.
ROW_KEYS = {"proactive": ("item", "measure"), "requests": ("row", "applicant"),
            "appeals": ("proceeding", "outcome"), "sections": ("section",),
            "checks": ("check", "subject"), "stats": ("position",)}
TITLE = "政府信息公开工作年度报告 datasets"
LICENSES = [{"name": "other-pd", "title": "Government reports; see each source_url"}]
DESCRIPTIONS = {
    "reports": "One row per agency-year report: its agency (resolved to a division), format, status and provenance.",
    "proactive": "Table 2 (主动公开政府信息情况), one row per printed cell.",
    "requests": "Table 3 (收到和处理政府信息公开申请情况), one row per printed cell.",
    "appeals": "Table 4 (政府信息公开行政复议、行政诉讼情况), one row per printed cell.",
    "sections": "The text of sections 1–6.",
    "checks": "Identities (勾稽关系) evaluated within each report and across consecutive years.",
    "stats": "Reports on 2008–2018: statistics-table rows (指标名称/计量单位/本年度/历年累计) and figures read "
             "from sentences (from_text), one row each, with the comparable measure they match.",
}


def field_descriptor(f: FieldDoc) -> dict:
    d = {"name": f.name, "type": f.type, "title": f.zh, "description": f.en}
    if f.unit:
        d["unit"] = f.unit
    d["formats"] = list(f.formats)
    if f.note:
        d["note"] = f.note
    if f.stata_name and f.stata_name != f.name:
        d["stataName"] = f.stata_name
    return d


def datapackage(data_dir, snapshot: Snapshot | None = None) -> dict:
    """The descriptor of ``data_dir``'s datasets, paths relative to ``data_dir``."""
    data = DataDir.of(data_dir)
    snapshot = snapshot or data.current()
    resources = []
    for name in DATASETS:
        files = [data.public_path(snapshot, f) for f in snapshot.files(name)] if snapshot is not None else []
        if not files:
            continue
        resources.append({
            "name": name, "path": files if len(files) > 1 else files[0], "format": "parquet",
            "mediatype": "application/vnd.apache.parquet", "profile": "tabular-data-resource",
            "description": DESCRIPTIONS[name],
            "partitioning": {"flavor": "hive", "fields": [PARTITION]},
            "schema": {"fields": [field_descriptor(f) for f in dataset_fields(name)],
                       "primaryKey": [*KEY, *ROW_KEYS.get(name, ())]},
        })
    return {
        "profile": "data-package", "name": "xxgk", "title": TITLE,
        "description": "Tables 2–4, sections and identity checks of China's annual government information "
                       f"disclosure reports. Divisions: {vintage()}.",
        "version": pipeline.EXTRACTOR_VERSION,
        "licenses": LICENSES,
        "resources": resources,
    }


def panel_datapackage(panel_file: Path) -> dict:
    """The descriptor of a panel written as CSV (one tabular resource, validatable row by row)."""
    panel_file = Path(panel_file)
    return {
        "profile": "data-package", "name": "xxgk-panel", "title": "xxgk panel: one row per agency-year",
        "resources": [{
            "name": "panel", "path": panel_file.name, "format": "csv", "encoding": "utf-8-sig",
            "mediatype": "text/csv", "profile": "tabular-data-resource",
            "schema": {"fields": [field_descriptor(f) for f in panel_fields()],
                       "primaryKey": ["agency_id", "year"]},
        }],
    }


def _json(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def write_json_atomic(path: Path, obj: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(_json(obj), "utf-8")
    os.replace(tmp, path)


def write_dictionary(data_dir, snapshot: Snapshot | None = None) -> tuple[str, str]:
    """Write ``datapackage.json`` and ``dictionary.md`` beside the datasets; their paths."""
    data = DataDir.of(data_dir)
    descriptor = data.write_text(DESCRIPTOR, _json(datapackage(data, snapshot)))
    return descriptor, data.write_text(PAGE, dictionary_markdown())
