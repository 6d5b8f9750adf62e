"""``xxgk extract PATH... [--json|--csv]`` (CONTRACT.md §1).

Results are written as they arrive, in input order, and dropped: memory does not
grow with the number of files (the table summary keeps one short row per file).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.table import Table

from ..extract import extract_path, iter_report_files, lost_extraction
from ..result import Extraction
from .ocr_options import OcrChoice, OcrOpt, apply_ocr, ocr_page_bar
from .progress import progress_bar
from .scheduler_option import SchedulerOpt, TimeLimitOpt, executor

BAD = ("needs_ocr", "failed")


def extract(
    paths: Annotated[list[Path], typer.Argument(
        help="Report files (HTML, PDF, DOC/DOCX/WPS/ODT, XLS/XLSX/CSV, text, images); a folder stands for the report files in it (CSV files only when named).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array, one object per file, in input order.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Every table cell as a CSV row, with its provenance.")] = False,
    ocr: OcrOpt = OcrChoice.auto,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes: files in parallel, or one file's "
                                      "OCR pages in parallel (0: CPU count).")] = 1,
    scheduler: SchedulerOpt = None,
    time_limit: TimeLimitOpt = None,
) -> None:
    """Extract tables 2–4, metadata, sections and identity checks from report files."""
    if as_json and as_csv:
        raise typer.BadParameter("--json and --csv are exclusive")
    files = iter_report_files(paths)
    jobs = jobs or os.cpu_count() or 1
    apply_ocr(ocr, page_jobs=jobs if len(files) == 1 else 1)
    out = (JsonArray if as_json else CsvRows if as_csv else Summary)(sys.stdout)  # before the bar takes stdout
    any_bad = False
    err = Console(stderr=True)
    with (executor(scheduler, jobs if len(files) > 1 else 1, time_limit) as pool,
          progress_bar("extracting", len(files), err) as (advance, console), ocr_page_bar(console)):
        for path, ex in zip(files, pool.map(extract_path, files, on_error=lost_extraction), strict=True):
            out.add(ex)
            advance(path.name)
            if ex.status in BAD:
                any_bad = True
                console.print(f"{ex.file}: {ex.status}: {ex.error}", markup=False, highlight=False,
                              soft_wrap=True)
    out.close()
    raise typer.Exit(1 if any_bad else 0)


class JsonArray:
    """One JSON array, written object by object (the same text ``json.dump(list, indent=1)`` gives)."""

    def __init__(self, stream: TextIO):
        self.stream, self.n = stream, 0

    def add(self, ex: Extraction) -> None:
        text = json.dumps(ex.as_json(), ensure_ascii=False, indent=1).replace("\n", "\n ")
        self.stream.write(("[\n " if not self.n else ",\n ") + text)
        self.n += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.n else "[]\n")
        self.stream.flush()


CSV_FIELDS = ["file", "agency", "year", "table", "format", "row", "column", "value", "raw", "row_label",
              "column_label", "page", "problem", "read_by", "confidence"]


class CsvRows:
    """Every cell of every file as a CSV row, written file by file."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, lineterminator="\n")
        self.writer.writeheader()

    def add(self, ex: Extraction) -> None:
        w = self.writer
        for name, table in sorted(ex.tables.items()):
            for c in table.cells:
                w.writerow({"file": ex.file, "agency": ex.agency, "year": ex.year, "table": name,
                            "format": table.format, "row": c.row, "column": c.column, "value": c.value,
                            "raw": c.raw, "row_label": c.row_label, "column_label": c.column_label,
                            "page": c.page, "problem": c.problem, "read_by": c.read_by,
                            "confidence": c.confidence})
        for r in ex.stats.rows if ex.stats is not None else []:  # format pre2019 (pipeline.stats)
            columns = ("this_year",) if r.from_text else ("this_year", "cumulative")
            for column in columns:
                w.writerow({"file": ex.file, "agency": ex.agency, "year": ex.year,
                            "table": "stats_text" if r.from_text else "stats", "format": "pre2019",
                            "row": r.measure, "column": column, "value": getattr(r, column), "raw": r.raw,
                            "row_label": r.label, "column_label": r.unit, "page": r.page, "problem": r.problem})

    def close(self) -> None:
        self.stream.flush()


class Summary:
    """The table printed at the end: one row, and the failed checks and problems, per file."""

    def __init__(self, stream: TextIO):
        self.console = Console(file=stream)
        self.table = Table("file", "status", "agency", "year", "formats 2/3/4", "failed checks", "problems")
        self.notes: list[tuple[str, str | None]] = []  # (line, style)

    def add(self, ex: Extraction) -> None:
        name = Path(ex.file).name
        formats = "/".join(ex.formats.get(t, "-") for t in ("table2", "table3", "table4"))
        self.table.add_row(name, ex.status, ex.agency or "?", str(ex.year or "?"), formats,
                           f"{ex.n_checks_failed}/{len(ex.checks)}", str(len(ex.problems)))
        self.notes += [(f"  {name}: [yellow]{c.check}[/] {c.subject}: expected {c.expected}, printed {c.actual}",
                        None) for c in ex.checks if not c.ok]
        self.notes += [(f"  {name}: {problem}", "dim") for problem in ex.problems]

    def close(self) -> None:
        self.console.print(self.table)
        for line, style in self.notes:
            self.console.print(line, style=style)
