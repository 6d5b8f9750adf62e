"""Bad paths and impossible requests: one line naming the path, a non-zero exit, no traceback."""

from __future__ import annotations

import random

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.samples import make_report, render_text
from pipeline.samples.corpus import _reports
from pipeline.samples.names import Agency

RUN = CliRunner()
UNWRITABLE = "/proc/1"   # a directory no one can write into, root included (tests may run as root)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    r = make_report(random.Random(5), "2021", agency=Agency("义马市信访局", "yima-petition", False), year=2024)
    path = tmp_path_factory.mktemp("one") / "yima-2024.txt"
    path.write_bytes(render_text(r, random.Random(5)))
    return path


def _one_line(result, code: int, start: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(start) and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output


def test_load_into_a_file_or_an_unwritable_directory(report_file, tmp_path):
    a_file = tmp_path / "data.csv"
    a_file.write_text("x")
    _one_line(RUN.invoke(app, ["load", str(report_file), "--data", str(a_file)]), 2, f"{a_file}: is not a directory")
    _one_line(RUN.invoke(app, ["load", str(report_file), "--data", UNWRITABLE]), 2,
              f"{UNWRITABLE}: cannot write the datasets here (")


def test_report_on_a_missing_data_dir_or_to_an_unwritable_place(both_formats_data, tmp_path):
    _one_line(RUN.invoke(app, ["report", "--data", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")]), 1,
              f"{tmp_path / 'nope'}: no such data directory")
    _one_line(RUN.invoke(app, ["report", "--data", str(both_formats_data), "-o", f"{UNWRITABLE}/r.html",
                               "--region", "义马市", "-j", "1"]), 2, f"{UNWRITABLE}/r.html: cannot write")


def test_samples_beyond_the_distinct_agency_years_error_out(tmp_path):
    reports = list(_reports(random.Random(2024), 999, set()))
    assert len({(r.agency, r.year) for r in reports}) == 999
    _one_line(RUN.invoke(app, ["samples", str(tmp_path / "s"), "--n", "5000"]), 2,
              "5000 sample reports are more than the ")
    assert not (tmp_path / "s").exists()
