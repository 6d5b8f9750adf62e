"""``xxgk query``: DuckDB SQL over views named after the datasets."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.query_cmd import connect

RUN = CliRunner()


@pytest.fixture(scope="module")
def data(both_formats_data):
    return both_formats_data


def test_views_named_after_datasets(data):
    con = connect(data)
    assert con.sql("select agency_id, year, format, county from reports order by year").fetchall() == [
        ("411281-petition", 2019, "2019", "义马市"), ("411281-petition", 2021, "2021", "义马市")]
    assert con.sql("select value from requests where year = 2019 and row = 'other_total' "
                   "and applicant = 'total'").fetchall() == [(9,)]
    assert {r[0] for r in con.sql('select distinct "check" from checks').fetchall()} >= {"t3_balance", "t4_total"}


def test_cli_prints_a_table(data):
    result = RUN.invoke(app, ["query", ("select year, value from requests where row = 'other_total' "
                              "and applicant = 'natural_person'"), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "2019" in result.stdout and "│ 7 " in result.stdout


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_writes_csv_and_parquet(data, tmp_path, suffix):
    out = tmp_path / f"r{suffix}"
    result = RUN.invoke(app, ["query", "select agency_id, year from reports order by year", "--data", str(data),
                              "--out", str(out)])
    assert result.exit_code == 0 and "2 rows" in result.stdout
    df = pd.read_csv(out, encoding="utf-8-sig") if suffix == ".csv" else pd.read_parquet(out)
    assert df.values.tolist() == [["411281-petition", 2019], ["411281-petition", 2021]]


def test_bad_sql_is_one_line_error(data):
    result = RUN.invoke(app, ["query", "select nope from reports", "--data", str(data)])
    assert result.exit_code == 2
    assert result.stderr.startswith("query failed: ") and result.stderr.count("\n") == 1


def test_empty_data_dir_has_empty_views(tmp_path):
    con = connect(tmp_path)
    assert con.sql("select count(*) from reports").fetchall() == [(0,)]
    assert "division_code" in con.sql("select * from reports").columns
