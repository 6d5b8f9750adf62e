"""The canonical keys of tables 2–4 (``tables.yaml``, the public contract).

A copy of ``shared/spec/tables.yaml`` ships in the package so an installed xxgk
needs no checkout; a test keeps the two identical.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

FORMATS = ("2019", "2021")
FORMAT_2021_ONLY_ROWS = ("other_no_correction", "other_no_fee_paid", "other_other")
FORMAT_2019_ONLY_ROWS = ("other_total",)
# Table 2 measures that are sums of money (fractional, unit as printed); every other cell counts things.
AMOUNT_MEASURES = ("amount_10k_yuan", "amount")
# Table 2 (format 2019) measures that count a change: whole numbers that may be negative (本年增/减).
SIGNED_MEASURES = ("items_change",)


@cache
def raw() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("tables.yaml").read_text("utf-8"))


def table2_items(fmt: str) -> dict[str, str]:
    """item key → official label."""
    return {k: v["label"] for k, v in raw()["table2_proactive"][f"format_{fmt}"]["items"].items()}


def table2_measures(fmt: str) -> dict[str, list[str]]:
    return dict(raw()["table2_proactive"][f"format_{fmt}"]["measures"])


def table3_applicants() -> dict[str, str]:
    return dict(raw()["table3_requests"]["applicants"])


def table3_rows(fmt: str) -> list[str]:
    rows = list(raw()["table3_requests"]["rows"])
    drop = FORMAT_2019_ONLY_ROWS if fmt == "2021" else FORMAT_2021_ONLY_ROWS
    return [r for r in rows if r not in drop]


def table3_row_labels() -> dict[str, str]:
    return dict(raw()["table3_requests"]["rows"])


def table3_outcome_rows(fmt: str) -> list[str]:
    """Rows whose sum is （七）总计: granted .. other_*."""
    rows = table3_rows(fmt)
    return rows[rows.index("granted"):rows.index("total_processed")]


def table4_proceedings() -> dict[str, str]:
    return dict(raw()["table4_appeals"]["proceedings"])


def table4_outcomes() -> dict[str, str]:
    return dict(raw()["table4_appeals"]["outcomes"])


@cache
def keys(table: str, fmt: str) -> tuple[tuple[str, str], ...]:
    """Every (row, column) key of a table in a format, in official order."""
    if table == "table2":
        return tuple((item, m) for item, ms in table2_measures(fmt).items() for m in ms)
    if table == "table3":
        return tuple((r, a) for r in table3_rows(fmt) for a in table3_applicants())
    if table == "table4":
        return tuple((p, o) for p in table4_proceedings() for o in table4_outcomes())
    raise KeyError(table)


def is_count(table: str, column: str) -> bool:
    """Whether a cell counts things (a whole number ≥ 0), rather than a sum of money."""
    return not (table == "table2" and column in AMOUNT_MEASURES)
