"""The agency-year panel: both formats in one table, comparable sums, Parquet/CSV/Stata round trips."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from generated import both_formats
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.dictionary import panel_fields
from pipeline.panel import build_panel, write_panel

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org",
              "total"]
OTHER_2021 = ["other_no_correction", "other_no_fee_paid", "other_other"]


def same(a, b) -> bool:
    """Equal values, or both missing (a blank cell is null in the panel)."""
    return (pd.isna(a) and pd.isna(b)) if pd.isna(a) or pd.isna(b) else a == b


@pytest.fixture(scope="module")
def data(both_formats_data):
    return both_formats_data


@pytest.fixture(scope="module")
def panel(data) -> pd.DataFrame:
    return build_panel(data)


def test_one_row_per_agency_year_with_resolution(panel):
    assert panel[["agency_id", "year", "format", "division_code", "county", "level", "kind"]].values.tolist() == [
        ["411281-petition", 2019, "2019", "411281", "义马市", "county", "信访局"],
        ["411281-petition", 2021, "2021", "411281", "义马市", "county", "信访局"]]
    assert list(panel.columns) == [f.name for f in panel_fields()]


def test_comparable_other_sum_equals_across_formats(panel):
    r19, r21 = both_formats()
    y19, y21 = panel.iloc[0], panel.iloc[1]
    assert [y19[f"t3_other_total_{a}"] for a in ("natural_person", "commercial", "total")] == [7, 2, 9]
    assert [y21[f"t3_other_sum_{a}"] for a in ("natural_person", "commercial", "total")] == [6, 1, 7]
    for a in APPLICANTS:
        assert same(y19[f"t3_other_sum_{a}"], r19.table3["other_total"][a])
        printed = [r21.table3[row][a] for row in OTHER_2021]
        expected = None if all(v is None for v in printed) else sum(v or 0 for v in printed)
        assert same(y21[f"t3_other_sum_{a}"], expected)
        assert pd.isna(y21[f"t3_other_total_{a}"])  # a 2019-only row
        assert all(pd.isna(y19[f"t3_{row}_{a}"]) for row in OTHER_2021)  # 2021-only rows


def test_shared_and_separate_columns(panel):
    r19, r21 = both_formats()
    y19, y21 = panel.iloc[0], panel.iloc[1]
    assert same(y19["t3_new_received_total"], r19.table3["new_received"]["total"])
    assert same(y21["t3_new_received_total"], r21.table3["new_received"]["total"])
    assert same(y21["t2_rules_in_force"], r21.table2["rules"]["in_force"])
    assert pd.isna(y19["t2_rules_in_force"]) and pd.isna(y21["t2_rules_newly_made"])
    assert same(y19["t2_rules_newly_made"], r19.table2["rules"]["newly_made"])
    shared = next(f for f in panel_fields() if f.name == "t2_licensing_decisions")
    assert shared.formats == ("2019", "2021")


def test_stata_file_read_back_with_pandas(panel, tmp_path):
    out = write_panel(panel, tmp_path / "panel.dta")
    back = pd.read_stata(out)
    names = {f.name: f.stata_name for f in panel_fields()}
    assert len(back) == 2 and list(back.columns) == list(names.values())
    assert back["agency_id"].tolist() == ["411281-petition", "411281-petition"]
    assert back["county"].tolist() == ["义马市", "义马市"]
    assert back["t3_oth_sum_total"].tolist() == [9, 7]
    assert back["t3_oth_total_person"].tolist()[0] == 7
    assert back["resolved"].tolist() == [1, 1]
    with pd.io.stata.StataReader(out) as reader:
        labels = reader.variable_labels()
        assert reader.data_label.startswith("xxgk panel")
    assert labels["t3_new_total"] == "一、本年新收政府信息公开申请数量·总计 | New requests received this year, all applicants"
    assert labels["t3_oth_sum_person"].startswith("（六）其他处理（合计）·自然人 | ")


def test_csv_has_bom_and_reads_back(panel, tmp_path):
    out = write_panel(panel, tmp_path / "panel.csv")
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(out, encoding="utf-8-sig", dtype={"division_code": str})
    assert back["division_code"].tolist() == ["411281", "411281"]
    assert back["t3_other_sum_total"].tolist() == [9, 7]
    assert (tmp_path / "panel.datapackage.json").is_file()


def test_parquet_reads_back_identical(panel, tmp_path):
    out = write_panel(panel, tmp_path / "panel.parquet")
    assert pq.read_schema(out).field("published_date").type == pa.date32()
    back = pd.read_parquet(out)
    back["published_date"] = pd.to_datetime(back["published_date"]).astype("datetime64[s]")
    pd.testing.assert_frame_equal(back, panel)


def test_empty_data_dir_gives_empty_panel_with_all_columns(tmp_path):
    empty = build_panel(tmp_path)
    assert len(empty) == 0 and list(empty.columns) == [f.name for f in panel_fields()]


def test_cli_panel(data, tmp_path):
    out = tmp_path / "p.dta"
    result = CliRunner().invoke(app, ["panel", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 agency-years (1 agencies, 2 resolved to a division)" in result.stdout
    assert result.stdout.rstrip("\n").endswith(f"→ {out}")  # one line: the path is not wrapped
    assert len(pd.read_stata(out)) == 2
    bad = CliRunner().invoke(app, ["panel", "--data", str(data), "--out", str(tmp_path / "p.xlsx")])
    assert bad.exit_code == 2
    assert "unknown panel format '.xlsx'" in bad.stderr and not (tmp_path / "p.xlsx").exists()
    missing = CliRunner().invoke(app, ["panel", "--data", str(tmp_path / "nodata"), "--out", str(out)])
    assert missing.exit_code == 2 and missing.stderr == f"{tmp_path / 'nodata'}: no such data directory\n"
