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


# --- every dataset, agency names, --list, errors, safety ------------------------------------------

def _query(*args: str):
    return RUN.invoke(app, ["query", *args])


@pytest.fixture(scope="module")
def derived_data(data, tmp_path_factory):
    """A copy of the data, so building the derived datasets does not change the shared one."""
    import shutil

    copy = tmp_path_factory.mktemp("query-derived") / "data"
    shutil.copytree(data, copy, symlinks=True)
    return copy


def test_every_dataset_is_a_view_and_row_level_views_name_the_agency(derived_data):
    from pipeline.findings import SCHEMAS as DERIVED
    from pipeline.load import SCHEMAS as LOADED
    from pipeline.views import describe

    r = _query("select agency, year, requests_received from metrics order by year", "--data", str(derived_data))
    assert r.exit_code == 0, r.output
    assert "义马市信访局" in r.stdout and "2021" in r.stdout
    con = connect(derived_data)
    views = describe(con)
    assert set(views) == {*LOADED, "coverage", *DERIVED, "findings"}
    for name, columns in views.items():
        if name != "keyword_trends":
            assert [c for c, _ in columns[:3]] == ["agency_id", "year", "agency"], name
    assert con.sql("select distinct agency from requests").fetchall() == [("义马市信访局",)]
    assert con.sql("select distinct agency from checks").fetchall() == [("义马市信访局",)]
    kinds = {k for (k,) in con.sql("select distinct finding from findings").fetchall()}
    assert kinds <= {n.removeprefix("findings_") for n in DERIVED if n.startswith("findings_")} and kinds


def test_list_shows_views_and_columns(data):
    r = _query("--list", "--data", str(data))
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("reports: agency_id VARCHAR, year SMALLINT, agency VARCHAR, division_code VARCHAR")
    assert any(line.startswith("requests: agency_id VARCHAR, year SMALLINT, agency VARCHAR, format VARCHAR, "
                               "row VARCHAR") for line in lines)
    assert any(line.startswith("findings: agency_id VARCHAR, year SMALLINT, agency VARCHAR, finding VARCHAR") for line in lines)


def test_unknown_column_names_the_view_in_one_line(data):
    r = _query("select agency, nope from requests", "--data", str(data))
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert r.stderr == ("query failed: Binder Error: requests has no column 'nope'; "
                        "`xxgk query --list` shows every view's columns\n")
    r = _query("select division_code from requests", "--data", str(data))
    assert r.stderr.startswith("query failed: Binder Error: requests has no column 'division_code'; it is in "
                               "reports, metrics")


@pytest.mark.parametrize("sql", [
    "select * from read_csv('/etc/passwd')",
    "select * from read_parquet('{data}/datasets/reports/*/*.parquet')",
    "copy (select 1) to '{tmp}/x.csv'",
    "attach '{tmp}/x.duckdb'",
    "install httpfs",
    "load httpfs",
    "set enable_external_access = true",
])
def test_sql_reads_the_views_and_nothing_else(data, tmp_path, sql):
    r = _query(sql.format(data=data, tmp=tmp_path), "--data", str(data))
    assert r.exit_code == 2 and r.stderr.startswith("query failed: ") and r.stderr.count("\n") == 1, r.output
    assert not list(tmp_path.iterdir())


def test_a_missing_or_wrong_data_path_is_an_error(tmp_path, data):
    for path, problem in [(tmp_path / "dta", "no such data directory"),
                          (data / "datapackage.json", "is not a directory"),
                          (tmp_path, "no datasets loaded yet")]:
        r = _query("select count(*) from reports", "--data", str(path))
        assert r.exit_code == 2 and r.stderr.startswith(f"{path}: {problem}"), r.output
        assert r.stderr.count("\n") == 1


def test_csv_out_is_utf8_bom_lf(data, tmp_path):
    out = tmp_path / "x.csv"
    r = _query("select agency, year from reports order by year", "--data", str(data), "--out", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == "\ufeffagency,year\n义马市信访局,2019\n义马市信访局,2021\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]  # no temporary file left
