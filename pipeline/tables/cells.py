"""Turning a (row key, column key, printed text) into a Cell with provenance,
and collecting a table's cells so that every spec key is present exactly once."""

from __future__ import annotations

from .. import spec
from ..result import Cell, TableResult
from .labels import named_by
from .numbers import INT64_MAX, count_problem
from .rows import SourceRow


class CellCollector:
    """Collects the cells of one table; the first printed occurrence of a key
    wins and a conflicting repeat is reported, never silently merged."""

    def __init__(self, table: str):
        self.table = table
        self.cells: dict[tuple[str, str], Cell] = {}
        self.problems: list[str] = []

    def add(self, row_key: str, col_key: str, row: SourceRow, column: int, *,
            row_label: str, column_label: str, convert=None) -> None:
        """The cell printed in ``row`` at grid ``column``."""
        raw = row.cells[column].strip()
        parsed = row.parsed[column]  # parse_number(raw), done once per row by make_row
        value, problem = parsed.value, parsed.problem
        if parsed.note:
            problem = f"printed with a note ({parsed.note}): the number before it read"
        if value is not None and not (value.__class__ is int and 0 <= value <= INT64_MAX) \
                and spec.is_count(self.table, col_key):  # (most cells: a count as printed)
            problem = count_problem(value, signed=col_key in spec.SIGNED_MEASURES)
            value = None if problem else int(value)
            problem = problem and f"{problem}: {raw!r}"
        if convert is not None and value is not None:
            value, note = convert(value, parsed.unit)
            if note:
                self.problems.append(f"{self.table} {row_key}/{col_key}: {note}")
        # (Fields by position, in Cell's order: a dataclass built by keyword costs three times
        # as much, for each of a report's cells.)
        cell = Cell(self.table, row_key, col_key, value, raw, row_label, column_label, row.block_index, row.page,
                    problem, row.read_by, row.confidence[column] if row.confidence else None)
        if problem:
            self.problems.append(f"{self.table} {row_key}/{col_key}: {problem}")
        key = (row_key, col_key)
        prev = self.cells.get(key)
        if prev is None:
            self.cells[key] = cell
        elif not prev.raw and cell.value is not None:
            # A row a page break cut in two may be painted on both pages, one copy missing
            # cells: the number printed is kept, and the doubt stays on the cell.
            cell.problem = cell.problem or f"printed twice ('' and {cell.raw!r}); the blank copy ignored"
            self.cells[key] = cell
            self.problems.append(f"{self.table} {row_key}/{col_key}: {cell.problem}")
        elif prev.value != cell.value:
            self.problems.append(
                f"{self.table} {row_key}/{col_key}: printed twice ({prev.raw!r} and {cell.raw!r}); kept the first")

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.table}: {text}")

    def names_several(self, row: SourceRow, patterns: tuple, what: str) -> bool:
        """Whether the deciding label of a row with numbers names several ``what`` (rows,
        items) of ``patterns``: its numbers are then no one's, and the problem says so."""
        named = named_by(row.labels, patterns) if row.has_numbers else ()
        if len(named) > 1:
            self.problem(f"row label names {len(named)} {what} ({', '.join(named)}), numbers not used: "
                         f"{row.label_text!r}")
        return len(named) > 1

    def result(self, fmt: str, block_indexes: list[int]) -> TableResult:
        """All spec keys of the format, in official order; unprinted ones null."""
        cells, missing = [], []
        keys = spec.keys(self.table, fmt)
        for key in keys:
            cell = self.cells.get(key)
            if cell is None:
                missing.append("/".join(key))
                cell = Cell(self.table, key[0], key[1], None, "", problem="not printed")
            cells.append(cell)
        known = set(keys)
        extra = [k for k in self.cells if k not in known]
        for k in extra:
            self.problems.append(f"{self.table}: {'/'.join(k)} is not a key of format {fmt}; dropped")
        if missing:
            shown = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
            self.problems.append(f"{self.table}: {len(missing)} cells not found: {shown}")
        return TableResult(self.table, fmt, cells, sorted(set(block_indexes)), missing)
