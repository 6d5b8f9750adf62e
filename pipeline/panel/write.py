"""Writers of the panel: Parquet, CSV (:mod:`pipeline.outputs`' dialect) and Stata ``.dta``.

The Stata file uses format 118 (Stata 14+, UTF-8), the short names of the
dictionary (Stata allows 32 characters) and variable labels "中文 | English";
the data label records the extractor version. A CSV panel gets a Frictionless
descriptor beside it (``<name>.datapackage.json``) so it can be validated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

import pipeline
from pipeline.dictionary.datapackage import panel_datapackage, write_json_atomic
from pipeline.dictionary.fields import panel_fields
from pipeline.errors import XxgkError
from pipeline.outputs import atomic_path, write_csv, write_parquet

FORMATS = {".parquet": "parquet", ".csv": "csv", ".dta": "stata"}


class PanelFormatError(XxgkError):
    """The output file's extension names no format we write."""


def panel_format(out: Path) -> str:
    fmt = FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise PanelFormatError(f"{out}: unknown panel format {Path(out).suffix or '(no extension)'!r}; "
                               f"use one of {', '.join(FORMATS)}")
    return fmt


def write_panel(df: pd.DataFrame, out: Path) -> Path:
    """Write ``df`` (from :func:`build_panel`) to ``out`` in the format its extension names, atomically."""
    out = Path(out)
    fmt = panel_format(out)
    if fmt == "parquet":
        write_parquet(_arrow(df), out)
    elif fmt == "csv":
        write_csv(_csv_frame(df), out)
    else:
        with atomic_path(out) as tmp:
            _stata(df, tmp)
    if fmt == "csv":
        write_json_atomic(out.with_name(out.stem + ".datapackage.json"), panel_datapackage(out))
    return out


def _arrow(df: pd.DataFrame) -> pa.Table:
    """Dates as Arrow dates (not timestamps), so every reader sees a calendar date."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    for f in panel_fields():
        if f.type == "date":
            i = table.schema.get_field_index(f.name)
            table = table.set_column(i, f.name, table.column(i).cast(pa.date32()))
    return table


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text and booleans as true/false, as Frictionless reads them."""
    df = df.copy()
    for f in panel_fields():
        if f.type == "date":
            df[f.name] = df[f.name].dt.strftime("%Y-%m-%d")
        elif f.type == "boolean":  # Frictionless reads true/false
            df[f.name] = df[f.name].map({True: "true", False: "false"}).astype("string")
    return df


def _stata(df: pd.DataFrame, path: Path) -> None:
    fields = panel_fields()
    data = {}
    for f in fields:
        col = df[f.name]
        if f.type == "boolean":
            col = col.astype("Int8")  # Stata has no boolean type: 1/0/missing
        elif f.type == "string":
            col = col.astype(object).where(col.notna(), "")  # Stata strings have no missing value
        data[f.stata_name] = col
    frame = pd.DataFrame(data)
    frame.to_stata(path, write_index=False, version=118,
                   convert_dates={f.stata_name: "td" for f in fields if f.type == "date"},
                   variable_labels={f.stata_name: f.label for f in fields},
                   data_label=f"xxgk panel, extractor {pipeline.EXTRACTOR_VERSION}"[:80])
