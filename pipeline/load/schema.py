"""The Arrow schemas of the published datasets (CONTRACT.md §3) — the one place they are defined.

Every dataset is hive-partitioned by ``year``; the year lives only in the
directory name (``year=2024``), never inside the files, because pandas and
pyarrow refuse a column that is both in the file and in the path. Types are
explicit so that a column keeps its type even when a load writes it all-null:
nullable ``int32`` for counts, ``int64`` for table 3/4 cells, ``float64`` for
table 2 (money may be fractional), UTC timestamps. Each schema carries pandas
metadata so ``pd.read_parquet`` restores nullable integers as ``Int64`` rather
than ``float64``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from pipeline.storage.layout import PARTITION, PARTITION_SCHEMA  # noqa: F401 - declared by storage, re-exported

KEY = ("agency_id", PARTITION)

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

_PROVENANCE = [
    pa.field("raw", pa.string()),
    pa.field("row_label", pa.string()),
    pa.field("column_label", pa.string()),
    pa.field("page", pa.int32()),
    pa.field("block_index", pa.int32()),
    pa.field("problem", pa.string()),
    pa.field("extractor_version", pa.string(), nullable=False),
]
# How a cell's printed text was read: "text" or "ocr", and the OCR confidence (0–1).
_READ_BY = [pa.field("read_by", pa.string()), pa.field("confidence", pa.float64())]
_CELL_PROVENANCE = [*_PROVENANCE[:-1], *_READ_BY, _PROVENANCE[-1]]


def _key(name: str) -> pa.Field:
    return pa.field(name, pa.string(), nullable=False)


_FIELDS: dict[str, list[pa.Field]] = {
    "reports": [
        _key("agency_id"),
        pa.field("agency", pa.string(), nullable=False),
        # Agency resolution (pipeline.agencies): where the agency sits and what it is.
        pa.field("division_code", pa.string()),
        pa.field("province", pa.string()),
        pa.field("prefecture", pa.string()),
        pa.field("county", pa.string()),
        pa.field("township", pa.string()),
        pa.field("level", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("resolved", pa.bool_()),
        pa.field("reason", pa.string()),
        pa.field("format", pa.string()),
        pa.field("format_table2", pa.string()),
        pa.field("format_table3", pa.string()),
        pa.field("format_table4", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("read_by", pa.string()),  # text, ocr or text+ocr
        pa.field("error", pa.string()),
        pa.field("source_url", pa.string()),
        pa.field("file_type", pa.string()),
        pa.field("sha256", pa.string()),
        pa.field("fetched_at", UTC_TIMESTAMP),
        pa.field("published_date", pa.date32()),
        pa.field("n_cells", pa.int32()),
        pa.field("n_checks", pa.int32()),
        pa.field("n_checks_failed", pa.int32()),
        pa.field("n_problems", pa.int32()),
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("loaded_at", UTC_TIMESTAMP, nullable=False),
    ],
    "proactive": [_key("agency_id"), pa.field("format", pa.string()), _key("item"), _key("measure"),
                  pa.field("value", pa.float64()), *_CELL_PROVENANCE],
    "requests": [_key("agency_id"), pa.field("format", pa.string()), _key("row"), _key("applicant"),
                 pa.field("value", pa.int64()), *_CELL_PROVENANCE],
    "appeals": [_key("agency_id"), _key("proceeding"), _key("outcome"),
                pa.field("value", pa.int64()), *_CELL_PROVENANCE],
    "sections": [_key("agency_id"), pa.field("section", pa.int8(), nullable=False),
                 pa.field("text", pa.string(), nullable=False),
                 pa.field("extractor_version", pa.string(), nullable=False)],
    # Pre-2019 statistics (pipeline.stats): table rows and figures read from sentences.
    "stats": [_key("agency_id"), pa.field("position", pa.int32(), nullable=False), _key("label"),
              pa.field("parent", pa.string()), pa.field("unit", pa.string()),
              pa.field("this_year", pa.float64()), pa.field("cumulative", pa.float64()),
              pa.field("from_text", pa.bool_(), nullable=False), pa.field("sentence", pa.string()),
              pa.field("comparable", pa.string()), pa.field("note", pa.string()), *_PROVENANCE[:1],
              *_PROVENANCE[3:]],
    "checks": [_key("agency_id"), pa.field("table", pa.string()), _key("check"), _key("subject"),
               # Identities add up counts: integers, exact beyond 2^53 (a float64 would round them).
               pa.field("expected", pa.int64()), pa.field("actual", pa.int64()),
               pa.field("ok", pa.bool_(), nullable=False),
               pa.field("extractor_version", pa.string(), nullable=False)],
}


@dataclass(frozen=True, slots=True)
class CellDataset:
    """How one statistical table maps to its long-format dataset."""

    table: str          # Extraction.tables key
    dataset: str
    row_column: str     # dataset column holding Cell.row
    column_column: str  # dataset column holding Cell.column
    integer: bool       # value column is int64 (else float64)
    has_format: bool


CELL_DATASETS = {
    "table2": CellDataset("table2", "proactive", "item", "measure", integer=False, has_format=True),
    "table3": CellDataset("table3", "requests", "row", "applicant", integer=True, has_format=True),
    "table4": CellDataset("table4", "appeals", "proceeding", "outcome", integer=True, has_format=False),
}

# Arrow type → pandas dtype for nullable columns that pandas would otherwise widen.
_NULLABLE_PANDAS = {
    pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
}


def pandas_dtypes(schema: pa.Schema) -> dict[str, object]:
    """Column → nullable pandas dtype, for the nullable integer/boolean fields only."""
    return {f.name: _NULLABLE_PANDAS[f.type] for f in schema
            if f.nullable and f.type in _NULLABLE_PANDAS}


def _with_pandas_metadata(schema: pa.Schema) -> pa.Schema:
    """Attach the ``pandas`` metadata block that pandas reads back to pick nullable dtypes."""
    empty = schema.empty_table().to_pandas().astype(pandas_dtypes(schema))
    meta = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    return schema.with_metadata(meta)


SCHEMAS: dict[str, pa.Schema] = {name: _with_pandas_metadata(pa.schema(fields))
                                 for name, fields in _FIELDS.items()}
DATASETS = tuple(SCHEMAS)
