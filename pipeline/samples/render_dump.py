"""A generated report as a text dump of its PDF prints it — the classes of
damage that pdftotext, PDF→markdown converters and OCR do to tables:

- ``columns``: space-aligned columns of one width per table (blank cells keep
  their place), other spacing per table;
- ``label_above``: a row's label on the line before its numbers (not yet read
  back exactly for table 2: see tests/test_text_dumps.py);
- ``footers``: page numbers and running footers between the lines of a table;
- ``per_group``: table 3 as one small markdown table per group, the group's
  title as a line between them;
- ``generic_headers``: markdown tables under a made-up header row (数据1 … 数据N);
- ``rows_shuffled_spacing``: columns whose gaps differ from line to line only
  between labels, never inside the value area.
"""

from __future__ import annotations

import random

from pipeline.samples.grid import Grid, table2_grid, table3_grid, table4_grid
from pipeline.samples.labels import SECTION_HEADINGS
from pipeline.samples.numbers import ReportNumbers
from pipeline.samples.prose import signature
from pipeline.samples.render_text import cell_text

FOOTERS = ("- 3 -", "— 4 —", "第5页 共9页", "6", "7/12")
DUMP_CLASSES = ("columns", "label_above", "footers", "per_group", "generic_headers", "rows_shuffled_spacing")


def render_dump(report: ReportNumbers, rng: random.Random, kind: str, blank: str | None = None) -> bytes:
    """``blank``: how an empty cell is printed ('' — nothing —, '-' or '/'; random if None)."""
    if kind not in DUMP_CLASSES:
        raise ValueError(f"unknown text-dump class {kind!r}")
    if blank is None:
        blank = rng.choice(["", "-", "/"]) if kind in ("columns", "label_above", "footers") else rng.choice(["-", "/"])
    parts = [report.title]
    tables = {"2": table2_grid(report), "3": table3_grid(report), "4": table4_grid(report)}
    for n, heading in SECTION_HEADINGS.items():
        parts.append(heading)
        if n not in tables:
            parts.extend(report.sections[n].split("\n"))
        elif kind in ("per_group", "generic_headers"):
            parts.append(_markdown(tables[n], blank, rng, per_group=kind == "per_group" and n == "3",
                                   generic=kind == "generic_headers"))
        else:
            # A table printed all blank leaves no line of numbers in a dump: nothing to
            # find it by (a real loss of the class), so such a table marks its blanks.
            empty = all(c.value is None for c in tables[n].cells if c.is_value)
            parts.append(_columns(tables[n], blank or "-" if empty else blank, rng, kind))
    parts.extend(signature(report))
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def _texts(grid: Grid, blank: str) -> list[list[tuple[str, bool]]]:
    """(text, is value) of every grid position, spans left empty as a dump prints them."""
    return [[(cell_text(c, blank), bool(c and c.is_value)) for c in row] for row in grid.matrix()]


def _columns(grid: Grid, blank: str, rng: random.Random, kind: str) -> str:
    """Values at fixed places (as a PDF puts them); labels before them, padded."""
    label_width = rng.randint(16, 24)
    longest = max((len(cell_text(c, blank)) for c in grid.cells if c.is_value), default=1)
    value_width = max(rng.randint(6, 10), longest + 2)  # a dump keeps a gap between two numbers
    rows = []
    for row in _texts(grid, blank):
        first_value = next((i for i, (_, v) in enumerate(row) if v), len(row))
        labels = [t for t, _ in row[:first_value]]
        if kind == "rows_shuffled_spacing":
            area = (" " * rng.randint(2, 5)).join(t for t in labels if t)
        else:
            area = "".join(t.ljust(label_width) if t else " " * label_width for t in labels).rstrip()
        rows.append((area, [t for t, _ in row[first_value:]], first_value))
    # The value area starts where the longest label ends; a row without labels in the
    # value area (a header) keeps its texts at the value columns.
    start = max(len(a) for a, v, _ in rows if v) + 2
    lines = []
    for area, values, _ in rows:
        cells = "".join(t.rjust(value_width) for t in values)
        if kind == "label_above" and cells.strip() and area.strip() and rng.random() < 0.5:
            lines.append(area)
            lines.append(" " * start + cells)
        else:
            lines.append((area.ljust(start) + cells).rstrip())
        if kind == "footers" and rng.random() < 0.1:  # a page break: blank lines, the number, blank
            lines += ["", rng.choice(["", "    "]) + rng.choice(FOOTERS), "", ""]
    return "\n".join(lines)


def _markdown(grid: Grid, blank: str, rng: random.Random, *, per_group: bool, generic: bool) -> str:
    rows = [[t for t, _ in row] for row in _texts(grid, blank)]
    width = grid.n_cols

    def table(body: list[list[str]]) -> list[str]:
        head = [f"数据{i + 1}" for i in range(width)] if generic else body[0]
        out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in range(width)) + "|"]
        return out + ["| " + " | ".join(r) + " |" for r in (body if generic else body[1:])]

    if not per_group:
        return "\n".join(table(rows))
    # One table per group: a row whose first label cell is filled opens a group.
    groups: list[list[list[str]]] = []
    for r in rows:
        if not groups or (r[1:2] and r[1] and not r[0] and r[2:3] and r[2] and groups[-1]
                          and r[1] != groups[-1][-1][1]):
            groups.append([])
        groups[-1].append(r)
    out: list[str] = []
    for g in groups:
        out += table(g) + [""]
    return "\n".join(out).rstrip()
