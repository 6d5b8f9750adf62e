"""Every field of the datasets and of the panel, documented from one source.

Types come from the Arrow schemas (``pipeline/load/schema.py``), Chinese labels
of table cells from ``tables.yaml``, everything else from ``terms.yaml``.
The panel's column names, Stata names and labels are defined here too, so the
panel writer, ``datapackage.json`` and ``dictionary.md`` cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pyarrow as pa
import yaml

from pipeline import spec
from pipeline.load.schema import PARTITION, PARTITION_SCHEMA, SCHEMAS

FORMATS = spec.FORMATS  # ("2019", "2021")
TABLE_PREFIX = {"table2": "t2", "table3": "t3", "table4": "t4"}
STATA_NAME_MAX = 32
OTHER_SUM = "other_sum"  # the derived table 3 row, comparable across formats

# Report-level columns of the panel, in order (all from the reports dataset).
PANEL_ID_COLUMNS = ("agency_id", "year", "agency", "division_code", "province", "prefecture", "county",
                    "township", "level", "kind", "resolved", "format", "format_table2", "format_table3",
                    "format_table4", "status", "published_date", "n_checks_failed", "n_problems",
                    "source_url", "sha256")


@dataclass(frozen=True, slots=True)
class FieldDoc:
    name: str
    type: str                   # Frictionless type: string, integer, number, boolean, date, datetime
    zh: str                     # Chinese label
    en: str                     # English description
    unit: str | None = None
    formats: tuple[str, ...] = FORMATS  # report formats the field exists in
    note: str | None = None
    stata_name: str | None = None
    source: tuple[str, str, str] | None = field(default=None)  # (table, row, column) of a panel cell

    @property
    def label(self) -> str:
        """Stata variable label (≤ 80 characters): Chinese, then English."""
        text = f"{self.zh} | {self.en}"
        return text if len(text) <= 80 else text[:79] + "…"


@cache
def terms() -> dict:
    # libyaml's loader when PyYAML has it: the pure-Python one costs ~0.8 s of every load.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(resources.files(__package__).joinpath("terms.yaml").read_text("utf-8"), Loader=loader)


_ARROW_TYPES = [
    (pa.types.is_boolean, "boolean"), (pa.types.is_integer, "integer"), (pa.types.is_floating, "number"),
    (pa.types.is_date, "date"), (pa.types.is_timestamp, "datetime"), (pa.types.is_string, "string"),
]


def frictionless_type(t: pa.DataType) -> str:
    for test, name in _ARROW_TYPES:
        if test(t):
            return name
    raise TypeError(f"no Frictionless type for {t}")


def column_doc(name: str, arrow_type: pa.DataType) -> FieldDoc:
    doc = terms()["columns"].get(name)
    if doc is None:
        raise KeyError(f"column {name!r} is not documented in terms.yaml")
    return FieldDoc(name, frictionless_type(arrow_type), doc["zh"], doc["en"], doc.get("unit"), stata_name=name)


def dataset_fields(dataset: str) -> list[FieldDoc]:
    """The fields of a dataset in the order a reader sees them (``year`` second)."""
    schema = SCHEMAS[dataset].insert(1, PARTITION_SCHEMA.field(PARTITION))
    return [column_doc(f.name, f.type) for f in schema]


def _cell_keys(table: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(row, column, formats) of every cell of a table over both formats, format 2021's order first."""
    seen: dict[tuple[str, str], list[str]] = {}
    for fmt in ("2021", "2019"):
        for key in spec.keys(table, fmt):
            seen.setdefault(key, []).append(fmt)
    if table == "table3":  # official row order, both formats' 其他处理 rows together
        order = list(spec.table3_row_labels())
        seen = dict(sorted(seen.items(), key=lambda kv: order.index(kv[0][0])))
    return [(r, c, tuple(sorted(f))) for (r, c), f in seen.items()]


def _labels(table: str) -> tuple[dict, dict, dict, dict]:
    """Chinese row/column labels and their terms entries for a table."""
    cells = terms()["cells"][table]
    if table == "table2":
        zh_rows = {**spec.table2_items("2019"), **spec.table2_items("2021")}
        zh_cols = {k: v["zh"] for k, v in cells["measures"].items()}
        return zh_rows, zh_cols, cells["items"], cells["measures"]
    if table == "table3":
        return spec.table3_row_labels(), spec.table3_applicants(), cells["rows"], cells["applicants"]
    return spec.table4_proceedings(), spec.table4_outcomes(), cells["proceedings"], cells["outcomes"]


_UNITS = {"table3": "requests", "table4": "cases"}


def cell_field(table: str, row: str, column: str, formats: tuple[str, ...]) -> FieldDoc:
    zh_rows, zh_cols, rows, cols = _labels(table)
    prefix = TABLE_PREFIX[table]
    only = f" Only in format {formats[0]}." if len(formats) == 1 else ""
    unit = cols[column].get("unit") if table == "table2" else _UNITS[table]
    return FieldDoc(
        f"{prefix}_{row}_{column}", "number" if table == "table2" else "integer",
        f"{zh_rows[row]}·{zh_cols[column]}", f"{rows[row]['en']}, {cols[column]['en']}", unit, formats,
        note=(f"Table {prefix[1]} cell ({row}, {column}).{only}"),
        stata_name=f"{prefix}_{rows[row]['short']}_{cols[column]['short']}", source=(table, row, column))


def derived_fields() -> list[FieldDoc]:
    d = terms()["derived"]["t3_other_sum"]
    _, zh_cols, _, cols = _labels("table3")
    return [FieldDoc(f"t3_{OTHER_SUM}_{a}", "integer", f"{d['zh']}·{zh_cols[a]}", f"{d['en']}, {cols[a]['en']}",
                     "requests", FORMATS, d["note"], f"t3_{d['short']}_{cols[a]['short']}",
                     source=("table3", OTHER_SUM, a))
            for a in spec.table3_applicants()]


@cache
def panel_fields() -> tuple[FieldDoc, ...]:
    """The panel's columns: report columns, then tables 2, 3 (with the derived sum) and 4."""
    reports = {f.name: f for f in dataset_fields("reports")}
    out = [reports[name] for name in PANEL_ID_COLUMNS]
    for table in ("table2", "table3", "table4"):
        for row, column, formats in _cell_keys(table):
            out.append(cell_field(table, row, column, formats))
            if table == "table3" and row == "other_total" and column == "total":
                out.extend(derived_fields())
    from pipeline.stats.panel import harmonised_fields  # the stats package imports this module

    out.extend(harmonised_fields())
    return tuple(out)
