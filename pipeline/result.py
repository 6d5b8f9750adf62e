"""What extraction produces for one file: canonical cells with provenance,
metadata, sections and check results. The CLI's JSON, the loader's datasets and
the checks all read this one structure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "partial", "needs_ocr", "failed"]
TableName = Literal["table2", "table3", "table4"]
FormatName = Literal["2019", "2021"]


@dataclass(slots=True)
class Cell:
    """One canonical table cell and where its number came from.

    ``row``/``column`` are the spec keys (table2: item/measure; table3:
    row/applicant; table4: proceeding/outcome). ``value`` is None for a blank
    cell *and* for a cell that could not be read as a number; the latter also
    has ``problem`` set, and ``raw`` always keeps the printed text.
    """

    table: TableName
    row: str
    column: str
    value: int | float | None
    raw: str
    row_label: str = ""
    column_label: str = ""
    block_index: int | None = None
    page: int | None = None
    problem: str | None = None
    # How the printed text was read: "text" (a text layer, HTML, Word) or "ocr",
    # with the recogniser's confidence (0–1) for an OCR cell.
    read_by: str = "text"
    confidence: float | None = None


@dataclass(slots=True)
class TableResult:
    table: TableName
    format: FormatName
    cells: list[Cell] = field(default_factory=list)
    block_indexes: list[int] = field(default_factory=list)
    # Spec keys the table should have but that no printed row/column supplied.
    missing: list[str] = field(default_factory=list)

    def nested(self) -> dict[str, dict[str, int | float | None]]:
        """``{row: {column: value}}`` as in CONTRACT.md §1."""
        out: dict[str, dict[str, int | float | None]] = {}
        for c in self.cells:
            out.setdefault(c.row, {})[c.column] = c.value
        return out

    def value(self, row: str, column: str) -> int | float | None:
        for c in self.cells:
            if c.row == row and c.column == column:
                return c.value
        raise KeyError((row, column))


@dataclass(slots=True)
class CheckResult:
    """One identity evaluated on one subject (an applicant column, a row, a
    proceeding). ``expected`` is the side the identity says it must equal."""

    check: str
    subject: str
    expected: int | float | None
    actual: int | float | None
    ok: bool
    table: TableName | None = None

    def as_dict(self) -> dict:
        return {"check": self.check, "subject": self.subject, "expected": self.expected,
                "actual": self.actual, "ok": self.ok}


@dataclass(slots=True)
class Extraction:
    file: str
    status: Status
    error: str | None = None
    file_type: str | None = None
    sha256: str | None = None
    agency: str | None = None
    year: int | None = None
    published_date: str | None = None  # ISO yyyy-mm-dd
    tables: dict[str, TableResult] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    checks: list[CheckResult] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # cells not read, ambiguities
    read_by: str = "text"  # text, ocr, or text+ocr (some pages or images read by OCR)
    # Set when the file was collected by the crawler (the loader's reports dataset takes them).
    source_url: str | None = None
    fetched_at: str | None = None  # ISO 8601, UTC
    region: str | None = None  # a region hint for agency resolution (the sources file's `region`)
    stats: Any = None  # pipeline.stats.StatsResult of a pre-2019 report (format "pre2019"), else None

    @property
    def format(self) -> str | None:
        """The report's format is table 3's (CONTRACT.md §1), else any table's."""
        for name in ("table3", "table2", "table4"):
            if name in self.tables:
                return self.tables[name].format
        return "pre2019" if self.stats is not None else None

    @property
    def formats(self) -> dict[str, str]:
        return {name: t.format for name, t in sorted(self.tables.items())}

    @property
    def cells(self) -> list[Cell]:
        return [c for name in sorted(self.tables) for c in self.tables[name].cells]

    @property
    def n_checks_failed(self) -> int:
        return sum(1 for c in self.checks if not c.ok)

    def as_json(self) -> dict:
        """The object of CONTRACT.md §1."""
        obj: dict = {"file": self.file, "status": self.status, "read_by": self.read_by, "error": self.error,
                     "agency": self.agency, "year": self.year, "format": self.format,
                     "formats": self.formats, "published_date": self.published_date}
        for name in ("table2", "table3", "table4"):
            if name in self.tables:
                obj[name] = self.tables[name].nested()
        if self.stats is not None:
            obj["stats"] = [r.as_dict() for r in self.stats.rows]
        obj["sections"] = self.sections
        obj["checks"] = [c.as_dict() for c in self.checks]
        if self.images:
            obj["images"] = self.images
        if self.problems:
            obj["problems"] = self.problems
        return obj
