"""The three real pre-2019 reports: every statistics value with its provenance, contradictions flagged.

Expected values were read by eye from the files (tests/expected/pre2019/*.yaml).
"""

from __future__ import annotations

import pytest
import yaml
from conftest import EXPECTED_DIR, corpus_path

from pipeline.extract import extract_path

CASES = sorted((EXPECTED_DIR / "pre2019").glob("*.yaml"))


@pytest.fixture(scope="module", params=CASES, ids=[p.stem for p in CASES])
def case(request):
    expected = yaml.safe_load(request.param.read_text("utf-8"))
    ex = extract_path(corpus_path(expected["file"]))
    return expected, ex, ex.as_json()


def test_status_and_format(case):
    expected, _, obj = case
    assert (obj["status"], obj["format"]) == (expected["status"], expected["format"])


def test_table_rows(case):
    expected, _, obj = case
    rows = [r for r in obj["stats"] if not r["from_text"]]
    assert [[r["label"], r["unit"], r["this_year"], r["cumulative"], r["measure"]] for r in rows] == expected["table"]
    assert [r["label"] for r in rows if r.get("problem")] == expected["flagged"]
    for r in rows:  # provenance: the printed text and where it came from
        assert r["raw"] and r["block_index"] is not None


def test_sentence_figures(case):
    expected, _, obj = case
    rows = [r for r in obj["stats"] if r["from_text"]]
    assert [[r["measure"], r["this_year"], r["unit"]] for r in rows] == expected["sentences"]
    for r in rows:
        assert r["raw"] in r["sentence"]


def test_text_vs_table_checks(case):
    expected, _, obj = case
    checks = [[c["subject"], c["expected"], c["actual"], c["ok"]] for c in obj["checks"]
              if c["check"] == "pre2019_text_vs_table"]
    assert checks == expected["checks"]


def test_cli_json_and_csv_show_the_stats():
    import csv
    import io
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    path = str(corpus_path("reports/pre2019/pingtan-county-gov-2012.txt"))
    result = CliRunner().invoke(app, ["extract", path, "--json"])
    assert result.exit_code == 0
    obj = json.loads(result.stdout)[0]
    assert (obj["format"], obj["status"], obj["stats"][0]["this_year"]) == ("pre2019", "ok", 2026)
    result = CliRunner().invoke(app, ["extract", path, "--csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    first = [r for r in rows if r["row_label"] == "主动公开信息数"]
    assert [(r["table"], r["column"], r["value"]) for r in first] == [
        ("stats", "this_year", "2026"), ("stats", "cumulative", "3542")]
