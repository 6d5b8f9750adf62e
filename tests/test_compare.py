"""``xxgk compare``: region by division-code prefix or name, kind, year, ranking, CSV/Parquet output."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.metrics import rank, region_mask, select

runner = CliRunner()


@pytest.fixture(scope="module")
def data(real_reports_data):
    return real_reports_data


def _run(*args: str):
    return runner.invoke(app, ["compare", *args])


def test_division_code_prefix_ranks_the_prefecture(data, tmp_path):
    out = tmp_path / "rank.csv"
    r = _run("--data", str(data), "--region", "3208", "--year", "2024", "--out", str(out))
    assert r.exit_code == 0, r.output
    table = pd.read_csv(out, dtype={"division_code": str})
    # 淮安市人民政府: 3119 + 34 = 3153; 淮安市洪泽区人民政府: 95 + 0 = 95 (tests/expected/*.yaml).
    assert table[["rank", "agency", "division_code", "requests_received"]].values.tolist() == [
        [1, "淮安市人民政府", "320800", 3153], [2, "淮安市洪泽区人民政府", "320813", 95]]
    assert "淮安市人民政府" in r.output and "3,153" in r.output


def test_region_by_name_kind_and_parquet_output(data, tmp_path):
    out = tmp_path / "rank.parquet"
    r = _run("--data", str(data), "--region", "淮安市", "--year", "2023", "--metric", "share_reviews_corrected",
             "--out", str(out))
    assert r.exit_code == 0, r.output
    table = pd.read_parquet(out)
    # Hongze 2023 is filed under 洪泽区人民政府 (no 淮安市 in the name): found by its prefecture.
    assert table["agency"].tolist() == ["洪泽区人民政府"]
    assert table["share_reviews_corrected"].tolist() == pytest.approx([1 / (10 + 1 + 0)])
    assert table["identities_ok"].tolist() == [False]
    assert "9.1% ⚠" in r.output  # the mark is beside the value, not in a column without a header
    header = next(line for line in r.output.splitlines() if "agency" in line)
    assert [c.strip() for c in header.strip("┃ ").split("┃")] == ["#", "agency", "region", "复议纠正比例", "申请总数"]
    r = _run("--data", str(data), "--kind", "信访局", "--year", "2024")
    assert r.exit_code == 0 and "义马市信访局" in r.output and "淮安" not in r.output


def test_division_by_zero_ranks_last_and_shows_a_dash(data):
    r = _run("--data", str(data), "--region", "41", "--metric", "share_granted")
    assert r.exit_code == 0, r.output
    assert "义马市信访局" in r.output and "—" in r.output   # 0 requests processed: no share


def test_bad_inputs_fail_with_one_line(data, tmp_path):
    r = _run("--data", str(data), "--metric", "happiness")
    assert r.exit_code == 2 and "unknown metric 'happiness'" in r.output
    r = _run("--data", str(data), "--region", "99")
    assert r.exit_code == 1 and r.output.strip() == f"no reports match (region 99, year 2024) in {data}"
    r = _run("--data", str(tmp_path / "empty"))
    assert r.exit_code == 2 and r.output == f"{tmp_path / 'empty'}: no such data directory\n"
    (tmp_path / "empty").mkdir()
    r = _run("--data", str(tmp_path / "empty"))
    assert r.exit_code == 2 and "no datasets loaded yet" in r.output
    r = _run("--data", str(data), "--out", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 2 and "unknown output format '.xlsx'; use .csv or .parquet" in r.output


def test_region_mask_on_a_frame_written_by_hand():
    frame = pd.DataFrame({
        "agency": ["淮安市人民政府", "洪泽区人民政府", "南京市公安局", "某镇人民政府"],
        "division_code": ["320800", "320813", "320100", None],
        "province": ["江苏省", "江苏省", "江苏省", None], "prefecture": ["淮安市", "淮安市", "南京市", None],
        "county": [None, "洪泽区", None, None], "township": [None, None, None, None]})
    assert region_mask(frame, "320800").tolist() == [True, True, False, False]   # prefecture and below
    assert region_mask(frame, "320000").tolist() == [True, True, True, False]    # the province
    assert region_mask(frame, "320813").tolist() == [False, True, False, False]
    assert region_mask(frame, "江苏").tolist() == [True, True, True, False]
    assert region_mask(frame, "某镇").tolist() == [False, False, False, True]     # unresolved: by name


def test_rank_shares_ties_and_puts_nulls_last():
    rows = pd.DataFrame({"agency": ["乙", "甲", "丙", "丁"], "share_granted": [0.5, 0.5, None, 0.9]})
    ranked = rank(rows, "share_granted")
    assert ranked[["rank", "agency"]].astype(object).where(ranked.notna(), None).values.tolist() == \
        [[1, "丁"], [2, "乙"], [2, "甲"], [None, "丙"]]
    assert select(rows.assign(year=2024, kind=None), year=2023).empty
