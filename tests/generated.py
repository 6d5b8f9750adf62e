"""Datasets built from generated reports with known truth, shared by the panel,
query, dictionary and cross-year tests: printed as text, extracted and loaded
like any real report."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract import extract_bytes
from pipeline.load import load
from pipeline.samples import make_report, render_text
from pipeline.samples.names import Agency

YIMA = Agency("义马市信访局", "yima-petition", False)


def load_reports(data_dir: Path, reports) -> None:
    """Print each generated report as text, extract it and load it: real datasets, known truth."""
    extractions = [extract_bytes(render_text(r, random.Random(i)), f"{r.slug}-{r.year}.txt")
                   for i, r in enumerate(reports)]
    assert [e.status for e in extractions] == ["ok"] * len(reports)
    load(extractions, data_dir)


def both_formats():
    """义马市信访局 in 2019 (format 2019) and 2021 (format 2021), with non-zero 其他处理 cells."""
    rng = random.Random(11)
    r19 = make_report(rng, "2019", agency=YIMA, year=2019)
    r21 = make_report(rng, "2021", agency=YIMA, year=2021, mixed=False)
    r19.table3["other_total"].update(natural_person=7, commercial=2, total=9)
    r21.table3["other_no_correction"].update(natural_person=3, commercial=None, total=3)
    r21.table3["other_no_fee_paid"].update(natural_person=1, commercial=1, total=2)
    r21.table3["other_other"].update(natural_person=2, commercial=0, total=2)
    return r19, r21
