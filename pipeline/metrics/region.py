"""Who an agency is and where: the agency-identity columns of ``reports``, and region filters.

The ``reports`` dataset carries ``division_code`` (6-digit 行政区划代码), ``province``,
``prefecture``, ``county``, ``township``, ``level`` and ``kind`` where agency identity
(:mod:`pipeline.agencies`) resolves them. Data loaded before that (or an agency that could not be placed) has them
null, so every filter here also falls back on the agency's own name: a region
given by name matches a name that starts with it (淮安市 → 淮安市人民政府), a kind
matches a name that ends with it (公安局 → 青山县公安局).
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline.agencies import normalise_name

REGION_COLUMNS = ("division_code", "province", "prefecture", "county", "township", "level", "kind")
GOVERNMENT_KIND = "人民政府"
_DIGITS = re.compile(r"\d{1,12}")


def with_identity_columns(reports: pd.DataFrame) -> pd.DataFrame:
    """``reports`` with every identity column present (null where the dataset lacks it)."""
    out = reports.copy()
    for col in REGION_COLUMNS:
        if col not in out.columns:
            out[col] = pd.Series(pd.NA, index=out.index, dtype="string")
    return out


def region_mask(frame: pd.DataFrame, region: str | None) -> pd.Series:
    """Rows of agencies in ``region``: a division-code prefix (``3208``) or a place name.

    ``frame`` needs ``agency`` and the identity columns. A name matches the
    province, prefecture or county column (equal or as a prefix: 淮安 → 淮安市),
    or the start of the agency name.
    """
    if not region or not region.strip():
        return pd.Series(True, index=frame.index)
    region = normalise_name(region)
    if _DIGITS.fullmatch(region):
        codes = frame["division_code"].astype("string")
        return codes.str.startswith(code_prefix(region)).fillna(False).astype(bool)
    mask = frame["agency"].map(normalise_name).str.startswith(region)
    for col in ("province", "prefecture", "county", "township"):
        mask |= frame[col].astype("string").str.startswith(region).fillna(False)
    return mask.astype(bool)


def code_prefix(code: str) -> str:
    """The prefix every division under ``code`` shares: 320800 → 3208, 320000 → 32, 3208 → 3208."""
    if len(code) == 6:
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
    return code


def kind_mask(frame: pd.DataFrame, kind: str | None) -> pd.Series:
    """Rows of agencies of ``kind`` (e.g. 公安局): the ``kind`` column, else the name's ending."""
    if not kind:
        return pd.Series(True, index=frame.index)
    kind = normalise_name(kind)
    by_column = frame["kind"].astype("string") == kind
    by_name = frame["agency"].map(normalise_name).str.endswith(kind)
    return by_column.fillna(by_name).astype(bool)


def is_government(frame: pd.DataFrame) -> pd.Series:
    """A government's own report (due 31 March, Art. 50) rather than a department's (31 January, Art. 49).

    Only kind 人民政府 (county level and above); 乡镇人民政府 and 街道办事处 report with the departments.
    """
    return kind_mask(frame, GOVERNMENT_KIND)
