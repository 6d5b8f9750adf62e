"""A deterministic sample corpus: reports in every medium, with their ground truth.

Agencies report over consecutive years (their 结转下年度继续办理 carries into the
next year's 上年结转), both formats appear (2019–2020 in format 2019, some 2020
reports already in format 2021), and about 15% of the reports carry one
deliberate identity break. ``truth.json`` lists, per file, every printed cell
and the checks that must fail.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline import spec
from pipeline.samples.names import AGENCY_NAMES, Agency, random_agency
from pipeline.samples.numbers import CHECK_SUBJECTS, ReportNumbers, make_report
from pipeline.samples.render_docx import render_docx
from pipeline.samples.render_html import render_html
from pipeline.samples.render_pdf import render_pdf
from pipeline.samples.render_text import render_text

RENDERERS: dict[str, tuple[str, Callable[[ReportNumbers, random.Random], bytes]]] = {
    "html": ("html", render_html),
    "pdf": ("pdf", render_pdf),
    "docx": ("docx", render_docx),
    "txt": ("txt", render_text),
}
TRUTH_FILE = "truth.json"
BREAK_SHARE = 0.15
FIRST_YEAR, LAST_YEAR = 2019, 2025


@dataclass
class SampleTruth:
    file: str  # name inside the corpus folder
    kind: str  # a key of RENDERERS
    report: ReportNumbers

    def to_json(self) -> dict:
        return {"file": self.file, "kind": self.kind, **self.report.to_json()}


def generate_corpus(out_dir: Path, n: int = 40, seed: int = 2024,
                    kinds: tuple[str, ...] = ("html", "pdf", "docx", "txt")) -> list[SampleTruth]:
    """Write ``n`` reports and ``truth.json`` into ``out_dir``; same seed, same bytes."""
    unknown = set(kinds) - set(RENDERERS)
    if unknown or not kinds:
        raise ValueError(f"unknown sample kinds {sorted(unknown)}; choose from {sorted(RENDERERS)}")
    rng = random.Random(seed)
    broken = set(rng.sample(range(n), k=round(n * BREAK_SHARE)))
    reports = list(_reports(rng, n, broken))  # all first: too many for the names fails before writing
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_previous(out_dir)
    truths: list[SampleTruth] = []
    for i, report in enumerate(reports):
        kind = kinds[i % len(kinds)]
        ext, render = RENDERERS[kind]
        name = f"{i:02d}-{report.slug}-{report.year}.{ext}"
        (out_dir / name).write_bytes(render(report, random.Random(f"{seed}/{i}")))
        truths.append(SampleTruth(name, kind, report))
    doc = {"seed": seed, "files": [t.to_json() for t in truths]}
    (out_dir / TRUTH_FILE).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return truths


def _reports(rng: random.Random, n: int, broken: set[int]):
    """Agencies with runs of consecutive years, until ``n`` reports.

    Once every agency name has a run, runs are extended into later years (up to
    LAST_YEAR); when no run can grow, there are no more distinct agency-years to
    make and a ValueError says how many there were.
    """
    runs: dict[str, ReportNumbers] = {}  # agency name → its latest report
    count = 0
    while count < n:
        if len(runs) < len(AGENCY_NAMES):
            agency = random_agency(rng)
            if agency.name in runs:
                continue
            length = min(rng.randint(1, 4), n - count)
            start = rng.randint(FIRST_YEAR, LAST_YEAR - length + 1)
            previous = None
        else:
            growing = [r for r in runs.values() if r.year < LAST_YEAR]
            if not growing:
                raise ValueError(f"{n} sample reports are more than the {count} distinct agency-years the "
                                 f"{len(runs)} sample agencies give ({FIRST_YEAR}–{LAST_YEAR}); ask for fewer")
            previous = rng.choice(growing)
            agency = Agency(previous.agency, previous.slug, previous.agency.endswith("人民政府"))
            start, length = previous.year + 1, min(LAST_YEAR - previous.year, n - count)
        for year in range(start, start + length):
            fmt = "2021" if year > 2020 or (year == 2020 and rng.random() < 0.25) else "2019"
            breaks = [_random_break(rng)] if count in broken else []
            previous = make_report(rng, fmt, break_identities=breaks, agency=agency, year=year, previous=previous)
            runs[agency.name] = previous
            yield previous
            count += 1


def _random_break(rng: random.Random) -> str:
    check = rng.choice(list(CHECK_SUBJECTS))
    # Rows that exist in both formats, since table 3's format is drawn later.
    subjects = [s for s in CHECK_SUBJECTS[check]("2021") if s not in spec.FORMAT_2021_ONLY_ROWS]
    return f"{check}:{rng.choice(subjects)}"


def _remove_previous(out_dir: Path) -> None:
    """Delete the files of an earlier run (only those its truth.json lists)."""
    truth = out_dir / TRUTH_FILE
    if not truth.exists():
        return
    try:
        files = [f["file"] for f in json.loads(truth.read_text("utf-8"))["files"]]
    except (ValueError, KeyError, TypeError):
        return
    for name in files:
        path = out_dir / Path(name).name
        if path.is_file():
            path.unlink()
