"""The table mapper: Document → canonical tables 2–4 (spec keys), by labels.

Knows the report format, not file types. ``map_tables`` finds the tables,
detects each one's format and maps every printed cell to its key.
"""

from __future__ import annotations

from ..document import Document
from ..result import TableResult
from ..salvage import salvage
from .locate import locate
from .rows import rows_of
from .table2 import map_table2
from .table3 import map_table3
from .table4 import map_table4

MAPPERS = {"table2": map_table2, "table3": map_table3, "table4": map_table4}


def map_tables(doc: Document, *, year: int | None = None,
               losses: list[str] | None = None) -> tuple[dict[str, TableResult], list[str]]:
    """Return {table name: TableResult} for the tables found, and the problems met.

    A table whose mapping fails is left out and named in ``losses``; the others are still mapped.
    """
    losses = [] if losses is None else losses
    found = salvage(losses, "finding the tables", locate, doc, default={})
    tables: dict[str, TableResult] = {}
    problems: list[str] = []
    for name, blocks in found.items():
        mapped = salvage(losses, name, _map_one, name, blocks, year, default=None)
        if mapped is None:
            continue
        result, probs = mapped
        if len(result.missing) < len(result.cells):
            tables[name] = result
        else:
            probs.append(f"{name}: found but no cell could be read")
        problems.extend(probs)
    if "table4" in tables:
        # Table 4's layout is the same in both formats. Table 2 shows best which notice
        # the agency followed (table 3's （六） row often lags behind), then table 3, then the year.
        ref = tables.get("table2") or tables.get("table3")
        tables["table4"].format = ref.format if ref else ("2019" if year is not None and year <= 2020 else "2021")
    return tables, problems


def _map_one(name: str, blocks, year: int | None) -> tuple[TableResult, list[str]]:
    return MAPPERS[name](rows_of(blocks), year=year)
