"""``xxgk extract PATH... [--json|--csv]`` (CONTRACT.md §1)."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..extract import extract_path, iter_report_files
from ..result import Extraction
from ..workers import ordered_map
from .ocr_options import OcrChoice, OcrOpt, apply_ocr, ocr_page_bar
from .progress import progress_bar

BAD = ("needs_ocr", "failed")


def extract(
    paths: Annotated[list[Path], typer.Argument(
        help="Report files (HTML, PDF, DOC/DOCX/WPS, text, images); a folder stands for the report files in it.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array, one object per file, in input order.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Every table cell as a CSV row, with its provenance.")] = False,
    ocr: OcrOpt = OcrChoice.auto,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes: files in parallel, or one file's "
                                      "OCR pages in parallel (0: CPU count).")] = 1,
) -> None:
    """Extract tables 2–4, metadata, sections and identity checks from report files."""
    if as_json and as_csv:
        raise typer.BadParameter("--json and --csv are exclusive")
    files = iter_report_files(paths)
    jobs = jobs or os.cpu_count() or 1
    apply_ocr(ocr, page_jobs=jobs if len(files) == 1 else 1)
    results: list[Extraction] = []
    err = Console(stderr=True)
    with progress_bar("extracting", len(files), err) as (advance, console), ocr_page_bar(console):
        for path, ex in zip(files, ordered_map(extract_path, files, jobs=jobs if len(files) > 1 else 1)):
            results.append(ex)
            advance(path.name)
            if ex.status in BAD:
                console.print(f"{ex.file}: {ex.status}: {ex.error}", markup=False, highlight=False,
                              soft_wrap=True)
    if as_json:
        json.dump([ex.as_json() for ex in results], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif as_csv:
        write_csv(results)
    else:
        print_summary(results)
    raise typer.Exit(1 if any(ex.status in BAD for ex in results) else 0)


CSV_FIELDS = ["file", "agency", "year", "table", "format", "row", "column", "value", "raw", "row_label",
              "column_label", "page", "problem", "read_by", "confidence"]


def write_csv(results: list[Extraction]) -> None:
    w = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for ex in results:
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


def print_summary(results: list[Extraction]) -> None:
    console = Console()
    table = Table("file", "status", "agency", "year", "formats 2/3/4", "failed checks", "problems")
    for ex in results:
        formats = "/".join(ex.formats.get(t, "-") for t in ("table2", "table3", "table4"))
        table.add_row(Path(ex.file).name, ex.status, ex.agency or "?", str(ex.year or "?"), formats,
                      f"{ex.n_checks_failed}/{len(ex.checks)}", str(len(ex.problems)))
    console.print(table)
    for ex in results:
        for c in ex.checks:
            if not c.ok:
                console.print(f"  {Path(ex.file).name}: [yellow]{c.check}[/] {c.subject}: "
                              f"expected {c.expected}, printed {c.actual}")
        for problem in ex.problems:
            console.print(f"  {Path(ex.file).name}: {problem}", style="dim")
