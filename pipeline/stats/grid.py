"""Statistics tables read as grids (HTML, DOCX, PDF, markdown/tab text): rows by header, not position.

The header row names the columns (指标名称 / 计量单位 / 本年度 / 历年累计); rows
below it keep their label cells (a 其中 cell or a parent label spanning several
rows becomes the row's parent), unit and values.
"""

from __future__ import annotations

from ..document import Block, Document
from .labels import column_kind, compact, is_stats_header, is_sub_row, split_unit
from .rowbuild import PrintedRow

VALUE_KINDS = ("this_year", "cumulative")


def grid_tables(doc: Document) -> list[tuple[list[str], list[PrintedRow]]]:
    """Every statistics table among the document's table blocks: (value column kinds, rows)."""
    out = []
    for block in doc.tables:
        found = _read(block)
        if found:
            out.append(found)
    return out


def _read(block: Block) -> tuple[list[str], list[PrintedRow]] | None:
    for h, header in enumerate(block.rows):
        if is_stats_header(header):
            break
    else:
        return None
    kinds = [column_kind(t) for t in header]
    unit_col = kinds.index("unit") if "unit" in kinds else None
    value_cols = [i for i, k in enumerate(kinds) if k in VALUE_KINDS]
    first_value = min(value_cols)
    label_cols = [i for i in range(first_value) if i != unit_col and kinds[i] != "index"]
    rows: list[PrintedRow] = []
    previous_first = None
    for cells in block.rows[h + 1:]:
        cells = cells + [""] * (len(kinds) - len(cells))
        labels = _distinct([cells[i].strip() for i in label_cols])
        if not labels or is_stats_header(cells):
            continue
        values = [cells[i] for i in value_cols]
        unit = compact(cells[unit_col]) or None if unit_col is not None else None
        if unit is None:
            labels[-1], unit = split_unit(labels[-1])
        parent, sub = None, False
        first = labels[0]
        if len(labels) > 1:
            if is_sub_row(first) and compact(first).rstrip(":：") in ("其中", "包括", "含"):
                # A 其中 cell: printed once for the first sub-row, repeated by a rowspan below it.
                sep = "" if first.rstrip().endswith((":", "：")) else "："
                labels = labels[1:] if first == previous_first else [first.rstrip() + sep + "".join(labels[1:])]
                sub = True
            else:
                parent, labels = first, labels[1:]
        previous_first = first
        label = "".join(compact(x) if i else x.replace(" ", "") for i, x in enumerate(labels))
        if parent and compact(parent) == compact(label):
            parent = None  # the parent's own row: its label spans both label columns
        raw = " | ".join(c.strip() for c in cells)
        rows.append(PrintedRow(label, unit, [v.strip() for v in values], False, raw, block.pos.index,
                               block.pos.page, parent=parent, sub=sub))
    kinds_out = [kinds[i] for i in value_cols]
    return (kinds_out, rows) if rows else None


def _distinct(texts: list[str]) -> list[str]:
    """Non-empty label cells, a span's repeated text once."""
    out: list[str] = []
    for t in texts:
        if t and (not out or compact(out[-1]) != compact(t)):
            out.append(t)
    return out
