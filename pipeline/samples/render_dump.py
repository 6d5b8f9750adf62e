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
  between labels, never inside the value area;
- ``narrow_groups``: table 3 printed in narrow label columns, as pdftotext dumps
  a printed page: each item label wrapped over lines with its numbers on the
  middle one, the group label beside the items letter-spaced a few characters
  per line ('不 予 公' / '开 事务信息') and its number alone on a line, and the
  item text after a group piece pulled left of its column (pdftotext counts a
  Chinese character as one column).
- ``single_spaced``: every row on one line, its cells one space apart and no column
  kept (pdfplumber's and pypdf's plain text of a page whose rows fit a line).
"""

from __future__ import annotations

import random

from pipeline.samples.grid import Grid, table2_grid, table3_grid, table4_grid
from pipeline.samples.labels import SECTION_HEADINGS
from pipeline.samples.numbers import ReportNumbers
from pipeline.samples.prose import signature
from pipeline.samples.render_text import cell_text

FOOTERS = ("- 3 -", "— 4 —", "第5页 共9页", "6", "7/12")
DUMP_CLASSES = ("columns", "label_above", "footers", "per_group", "generic_headers", "rows_shuffled_spacing",
                "narrow_groups", "single_spaced")


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
        elif kind == "narrow_groups" and n == "3":
            parts.append(_narrow_groups(tables[n], blank, rng))
        elif kind == "single_spaced":
            parts.append("\n".join(" ".join(t for t, _ in row if t) for row in _texts(tables[n], blank)))
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


def _narrow_groups(grid: Grid, blank: str, rng: random.Random) -> str:
    """Table 3's body as pdftotext prints it from narrow label columns (see ``narrow_groups``)."""
    item_width, group_width = rng.randint(5, 9), rng.randint(2, 4)
    group_x, value_width = rng.randint(0, 6), rng.randint(4, 7)
    item_x = group_x + 2 * group_width + rng.randint(2, 4)
    start = item_x + item_width + rng.randint(3, 6)
    matrix = _texts(grid, blank)
    lines = ["申请人情况".rjust(start + 20), " " * start + "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"]
    r = grid.header_rows
    while r < grid.n_rows:
        row = matrix[r]
        if not row[1][0] or not row[2][0]:  # a row of its own: its label, then its numbers
            label = "  ".join(t for t, _ in row[:3] if t)
            lines.append((" " * group_x + label).ljust(start) + _values(row[3:], value_width))
            r += 1
            continue
        group = row[1][0]
        end = next((k for k in range(r + 1, grid.n_rows) if matrix[k][1][0] or not matrix[k][2][0]), grid.n_rows)
        block = []  # (item text of the line, values or None)
        for k in range(r, end):
            item = matrix[k][2][0]
            chunks = [item[i:i + item_width] for i in range(0, len(item), item_width)]
            middle = (len(chunks) - 1) // 2 if rng.random() < 0.5 else len(chunks) // 2
            block += [(c, matrix[k][3:] if i == middle else None) for i, c in enumerate(chunks)]
        number, _, title = group.partition("）")
        pieces = [number + "）"] + [" ".join(title[i:i + group_width]) for i in range(0, len(title), group_width)]
        top = max(0, (len(block) - len(pieces)) // 2)
        for i, (item, values) in enumerate(block):
            piece = pieces[i - top] if 0 <= i - top < len(pieces) else ""
            if piece:
                # pdftotext counts a Chinese character as one column: after the piece, the
                # item's text is pulled left by as many columns as the piece has of them.
                head = " " * group_x + piece
                text = head + " " * max(1, item_x - len(piece.replace(" ", "")) - len(head)) + item
            else:
                text = " " * item_x + item
            lines.append(text.ljust(start) + _values(values, value_width) if values else text)
        r = end
    return "\n".join(line.rstrip() for line in lines)


def _values(cells: list[tuple[str, bool]], width: int) -> str:
    return "".join(t.rjust(width) for t, _ in cells)

