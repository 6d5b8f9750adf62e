"""The notebooks run clean, top to bottom, on the built-in sample reports (as CI runs them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extract import extract_path, iter_report_files
from pipeline.load import load, read_dataset
from pipeline.samples.corpus import generate_corpus

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
jupytext = pytest.importorskip("jupytext", reason="jupytext is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("nb")
    generate_corpus(d / "samples", n=120, seed=7)
    load((extract_path(f) for f in iter_report_files([d / "samples"])), d)
    return d


def _run(name: str, data: Path, out: Path) -> str:
    env = {**os.environ, "XXGK_DATA": str(data), "XXGK_NOTEBOOK_OUT": str(out), "MPLBACKEND": "Agg"}
    r = subprocess.run([sys.executable, str(NOTEBOOKS / name)], check=False, env=env, cwd=out,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


@pytest.mark.parametrize("name", ["researcher_panel.py", "journalist_outliers.py"])
def test_notebook_is_jupytext_with_no_outputs(name):
    nb = jupytext.read(NOTEBOOKS / name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) >= 5 and nb.cells[0].cell_type == "markdown"
    assert all(not c.get("outputs") for c in code)


def test_researcher_notebook_builds_the_panel_and_year_effects(data, tmp_path):
    out = _run("researcher_panel.py", data, tmp_path)
    reports = read_dataset(data, "reports")
    assert f"{len(reports)} agency-years, {reports['agency_id'].nunique()} agencies" in out
    effects = re.findall(r"^ (20\d\d) +(-?\d\.\d{3}) +(\d\.\d{3}) +(\d+) ", out, re.MULTILINE)
    years = sorted(int(y) for y in reports["year"].unique())
    assert [int(y) for y, *_ in effects[:len(years) - 1]] == years[1:]   # one effect per year after the first


def test_journalist_notebook_finds_outliers_and_writes_the_page(data, tmp_path):
    out = _run("journalist_outliers.py", data, tmp_path)
    assert re.search(r"^\S+省 20\d\d: \d+ reports$", out, re.MULTILINE)
    assert "outlying values" in out and "findings_copied_text:" in out
    page = tmp_path / "province.html"
    assert page.stat().st_size > 1_000_000 and "<!DOCTYPE html>" in page.read_text("utf-8")[:20]
