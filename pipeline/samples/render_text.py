"""Plain-text rendering with markdown pipe tables, like text pasted out of a report page."""

from __future__ import annotations

import random

from pipeline.samples.grid import Grid, GridCell, format_number, table2_grid, table3_grid, table4_grid
from pipeline.samples.labels import SECTION_HEADINGS
from pipeline.samples.numbers import ReportNumbers
from pipeline.samples.prose import signature


def render_text(report: ReportNumbers, rng: random.Random) -> bytes:
    blank = rng.choice(["", "", "-", "/"])
    spaced_title = rng.random() < 0.5  # "义马市信访局 2024 年政府信息公开…"
    title = report.title.replace(f"{report.year}年", f" {report.year} 年") if spaced_title else report.title
    # A row that lost its leading empty cells. With blanks printed as nothing such a
    # row is ambiguous to any reader, so it is only made when blanks are marked.
    shift_row = rng.random() < 0.3 and blank != ""
    parts = [title]
    tables = {"2": table2_grid(report), "3": table3_grid(report), "4": table4_grid(report)}
    for n, heading in SECTION_HEADINGS.items():
        parts.append(heading)
        if n in tables:
            parts.append(_pipe_table(tables[n], blank, shift_row and n == "3"))
        else:
            parts.extend(report.sections[n].split("\n"))
    parts.extend(signature(report))
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def cell_text(cell: GridCell | None, blank: str) -> str:
    if cell is None:
        return ""
    if cell.is_value:
        return blank if cell.value is None else format_number(cell.value)
    return cell.text


def _pipe_table(grid: Grid, blank: str, shift_last_sub_row: bool) -> str:
    rows = [[cell_text(c, blank) for c in row] for row in grid.matrix()]
    if shift_last_sub_row:
        # The seed report's "3. 其他" row: its leading empty cells went missing.
        r = grid.n_rows - 3
        lead = next(i for i, t in enumerate(rows[r]) if t)
        rows[r] = rows[r][lead:] + [""] * lead
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("----" for _ in range(grid.n_cols)) + "|")
    return "\n".join(lines)
