"""Tables 2–4 of a report as a grid of (possibly merged) cells, shared by all renderers.

Each renderer turns the same grid into its medium (HTML rowspan/colspan, DOCX
cell merges, reportlab SPAN commands, markdown pipes), so the printed layout
is defined once, the way the official format notices draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline import spec
from pipeline.samples import labels as L
from pipeline.samples.numbers import ReportNumbers, Value


@dataclass
class GridCell:
    row: int
    col: int
    text: str = ""  # label text; empty for value cells
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str] | None = None  # (row key, column key) of a value cell
    value: Value = None

    @property
    def is_value(self) -> bool:
        return self.key is not None


@dataclass
class Grid:
    n_cols: int
    header_rows: int  # rows repeated when the table is continued
    cells: list[GridCell] = field(default_factory=list)
    col_weights: list[float] | None = None  # relative column widths (None: equal)

    def col_widths(self, total: float) -> list[float]:
        weights = self.col_weights or [1.0] * self.n_cols
        return [total * w / sum(weights) for w in weights]

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def add(self, row: int, col: int, text: str = "", rowspan: int = 1, colspan: int = 1) -> None:
        self.cells.append(GridCell(row, col, text, rowspan, colspan))

    def add_value(self, row: int, col: int, key: tuple[str, str], value: Value, colspan: int = 1) -> None:
        self.cells.append(GridCell(row, col, colspan=colspan, key=key, value=value))

    def rows(self) -> list[list[GridCell]]:
        """Cells grouped by the row they start on, left to right."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row].append(c)
        return out

    def matrix(self) -> list[list[GridCell | None]]:
        """Every position → the cell starting there (None where covered by a span or empty)."""
        m: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            m[c.row][c.col] = c
        return m

    def split(self, at: int, repeat_header: bool) -> tuple[Grid, Grid]:
        """Two tables, as when a CMS editor or a page break cuts the table before row ``at``.

        A label spanning the cut is printed again at the top of the second part.
        """
        top = Grid(self.n_cols, self.header_rows, col_weights=self.col_weights)
        offset = at - (self.header_rows if repeat_header else 0)
        bottom = Grid(self.n_cols, self.header_rows if repeat_header else 0, col_weights=self.col_weights)
        for c in self.cells:
            end = c.row + c.rowspan
            if c.row < at:
                top.cells.append(replace(c, rowspan=min(end, at) - c.row))
                if repeat_header and c.row < self.header_rows:
                    bottom.cells.append(replace(c))
                elif end > at:
                    bottom.cells.append(replace(c, row=at - offset, rowspan=end - at))
            else:
                bottom.cells.append(replace(c, row=c.row - offset))
        return top, bottom


def table2_grid(report: ReportNumbers) -> Grid:
    fmt = report.formats["table2"]
    measures = spec.table2_measures(fmt)
    items = spec.table2_items(fmt)
    g = Grid(4, header_rows=0, col_weights=[28, 24, 24, 24])
    r = 0
    for clause, headers, item_keys in L.TABLE2_BLOCKS[fmt]:
        g.add(r, 0, clause, colspan=4)
        g.add(r + 1, 0, L.ITEM_CONTENT)
        col = 1
        for text, span in headers:
            g.add(r + 1, col, text, colspan=span)
            col += span
        r += 2
        for item in item_keys:
            g.add(r, 0, items[item])
            col = 1
            for measure, (_, span) in zip(measures[item], headers):
                g.add_value(r, col, (item, measure), report.table2[item][measure], colspan=span)
                col += span
            r += 1
    return g


def table3_grid(report: ReportNumbers) -> Grid:
    fmt = report.format
    applicants = spec.table3_applicants()
    row_labels = spec.table3_row_labels()
    rows = spec.table3_rows(fmt)
    outcomes = spec.table3_outcome_rows(fmt) + ["total_processed"]
    g = Grid(10, header_rows=3, col_weights=[8, 12, 22] + [8] * 5 + [7, 7])
    g.add(0, 0, L.T3_CORNER, rowspan=3, colspan=3)
    g.add(0, 3, L.T3_APPLICANT_BLOCK, colspan=7)
    g.add(1, 3, applicants["natural_person"], rowspan=2)
    g.add(1, 4, L.T3_ORGANISATIONS, colspan=5)
    g.add(1, 9, applicants["total"], rowspan=2)
    for i, key in enumerate(list(applicants)[1:6]):
        g.add(2, 4 + i, applicants[key])
    first = 3
    g.add(first + rows.index(outcomes[0]), 0, L.T3_OUTCOMES_GROUP, rowspan=len(outcomes))
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(rows):
        r = first + i
        group, _, item = row_labels[key].partition(" ")
        if key not in outcomes:
            g.add(r, 0, group, colspan=3)
        elif item:
            groups.setdefault(group, []).append(r)
            g.add(r, 2, item)
        else:
            g.add(r, 1, group, colspan=2)
        for j, col in enumerate(applicants):
            g.add_value(r, 3 + j, (key, col), report.table3[key][col])
    for group, group_rows in groups.items():
        g.add(group_rows[0], 1, group, rowspan=len(group_rows))
    return g


def table4_grid(report: ReportNumbers) -> Grid:
    procs = list(spec.table4_proceedings())
    outcomes = spec.table4_outcomes()
    g = Grid(15, header_rows=3)
    g.add(0, 0, L.T4_REVIEW, colspan=5)
    g.add(0, 5, L.T4_LITIGATION, colspan=10)
    for j, text in enumerate(outcomes.values()):
        g.add(1, j, text, rowspan=2)
    for k, proc in enumerate(procs[1:]):
        g.add(1, 5 + 5 * k, spec.table4_proceedings()[proc].split(" ", 1)[1], colspan=5)
        for j, text in enumerate(outcomes.values()):
            g.add(2, 5 + 5 * k + j, text)
    for k, proc in enumerate(procs):
        for j, outcome in enumerate(outcomes):
            g.add_value(3, 5 * k + j, (proc, outcome), report.table4[proc][outcome])
    return g


def format_number(v: float, decimals: bool = False) -> str:
    """The usual printed form: money without trailing zeros (or with two decimals)."""
    if isinstance(v, float):
        if decimals:
            return f"{v:.2f}"
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return str(v)
