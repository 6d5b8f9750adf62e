"""The loader: exact values and dtypes, replacement by agency-year, readers agree,
and a load killed at any point leaves the previous datasets intact."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.agencies import agency_id
from pipeline.load import DATASETS, SCHEMAS, current_snapshot, load, read_dataset, read_table
from pipeline.result import Cell, CheckResult, Extraction, TableResult
from pipeline.stats import StatRow, StatsResult
from pipeline.storage import CRASH_ENV, DataDir

ROOT = Path(__file__).resolve().parent.parent
YIMA = "义马市信访局"


def make_extraction(agency: str | None = YIMA, year: int | None = 2024, *, n: int = 5,
                    file: str | None = None, status: str = "ok") -> Extraction:
    """A small extraction with a few cells of each table; ``n`` varies the numbers."""
    t2 = TableResult("table2", "2021", [
        Cell("table2", "rules", "issued", 0, "0", "规章", "本年制发件数", block_index=3, page=2),
        Cell("table2", "fees", "amount_10k_yuan", 12.5, "12.5", "行政事业性收费", "本年收费金额（单位：万元）",
             block_index=3, page=2),
    ])
    t3 = TableResult("table3", "2019", [
        Cell("table3", "new_received", "natural_person", n, str(n), "一、本年新收政府信息公开申请数量",
             "自然人", block_index=4, page=3),
        Cell("table3", "new_received", "total", n + 1, f"{n + 1}件", "一、本年新收政府信息公开申请数量",
             "总计", block_index=4, page=3),
        Cell("table3", "other_total", "research", None, "—", "（六）其他处理", "科研机构", block_index=4, page=3),
        Cell("table3", "granted", "commercial", None, "l2", "（一）予以公开", "商业企业", block_index=4, page=3,
             problem="not a number: 'l2'"),
    ])
    t4 = TableResult("table4", "2021", [
        Cell("table4", "review", "upheld", 1, "1", "行政复议", "结果维持", block_index=5, page=None),
        Cell("table4", "review", "total", 1.0, "1", "行政复议", "总计", block_index=5, page=None),
    ])
    return Extraction(
        file=file or f"/reports/{agency}-{year}.html", status=status, file_type="html",
        sha256=hashlib.sha256(f"{agency}/{year}/{n}/{status}".encode()).hexdigest(), agency=agency, year=year, published_date="2025-01-20",
        tables={"table2": t2, "table3": t3, "table4": t4},
        sections={"1": "一、总体情况 本机关……", "5": "五、存在的主要问题及改进情况", "6": ""},
        checks=[CheckResult("t3_row_total", "new_received", n + 1, n, False, table="table3"),
                CheckResult("t4_total", "review", 1, 1, True, table="table4")],
        problems=["table3 granted/commercial: not a number"],
    )


def rows(df: pd.DataFrame) -> list[tuple]:
    """Rows as plain tuples (NA → None), sorted, to compare readers and loads exactly."""
    cleaned = df.astype(object).where(df.notna(), None)
    return sorted(tuple(r) for r in cleaned.itertuples(index=False))


def snapshot_rows(data_dir: Path) -> dict[str, list[tuple]]:
    return {name: rows(read_dataset(data_dir, name)) for name in DATASETS}


# --- values and dtypes ---------------------------------------------------------------------------

def test_datasets_hold_exact_values_and_dtypes(tmp_path):
    summary = load([make_extraction()], tmp_path)
    aid = agency_id(YIMA)
    assert (summary.loaded, summary.replaced, summary.years) == (1, 0, [2024])
    assert summary.rows == {"reports": 1, "proactive": 2, "requests": 4, "appeals": 2,
                            "sections": 3, "checks": 2, "stats": 0}
    assert (summary.checks_failed, summary.reports_failing_checks, dict(summary.statuses)) == (1, 1, {"ok": 1})
    assert (tmp_path / "datasets" / "requests" / "year=2024" / "part-0.parquet").is_file()

    reports = read_dataset(tmp_path, "reports")
    r = reports.iloc[0]
    assert len(reports) == 1
    assert (r.agency_id, r.year, r.agency, r.format) == (aid, 2024, YIMA, "2019")
    assert (r.format_table2, r.format_table3, r.format_table4) == ("2021", "2019", "2021")
    assert (r.status, r.source_url, r.file_type, r.sha256) == ("ok", f"/reports/{YIMA}-2024.html", "html", make_extraction().sha256)
    assert pd.isna(r.error) and pd.isna(r.fetched_at)
    assert r.published_date == date(2025, 1, 20)
    assert (r.n_cells, r.n_checks, r.n_checks_failed, r.n_problems) == (8, 2, 1, 1)
    assert r.extractor_version == pipeline.EXTRACTOR_VERSION
    assert r.loaded_at.tzinfo is not None and abs(datetime.now(UTC) - r.loaded_at).total_seconds() < 60
    assert str(reports.dtypes["n_cells"]) == "Int32" and str(reports.dtypes["fetched_at"]) == "datetime64[us, UTC]"

    requests = read_dataset(tmp_path, "requests")
    assert {c: str(t) for c, t in requests.dtypes.items()} == {
        "agency_id": "str", "year": "int16", "format": "str", "row": "str", "applicant": "str",
        "value": "Int64", "raw": "str", "row_label": "str", "column_label": "str", "page": "Int32",
        "block_index": "Int32", "problem": "str", "read_by": "str", "confidence": "float64",
        "extractor_version": "str"}
    v = pipeline.EXTRACTOR_VERSION
    assert rows(requests) == [
        (aid, 2024, "2019", "granted", "commercial", None, "l2", "（一）予以公开", "商业企业", 3, 4,
         "not a number: 'l2'", "text", None, v),
        (aid, 2024, "2019", "new_received", "natural_person", 5, "5", "一、本年新收政府信息公开申请数量",
         "自然人", 3, 4, None, "text", None, v),
        (aid, 2024, "2019", "new_received", "total", 6, "6件", "一、本年新收政府信息公开申请数量",
         "总计", 3, 4, None, "text", None, v),
        (aid, 2024, "2019", "other_total", "research", None, "—", "（六）其他处理", "科研机构", 3, 4, None, "text",
         None, v),
    ]
    proactive = read_dataset(tmp_path, "proactive")
    assert str(proactive.dtypes["value"]) == "float64"
    assert rows(proactive[["item", "measure", "value", "raw", "format"]]) == [
        ("fees", "amount_10k_yuan", 12.5, "12.5", "2021"), ("rules", "issued", 0.0, "0", "2021")]
    appeals = read_dataset(tmp_path, "appeals")
    assert rows(appeals[["proceeding", "outcome", "value", "page"]]) == [
        ("review", "total", 1, None), ("review", "upheld", 1, None)]
    assert str(appeals.dtypes["value"]) == "Int64"
    sections = read_dataset(tmp_path, "sections")
    assert str(sections.dtypes["section"]) == "int8"
    assert rows(sections[["section", "text"]]) == [
        (1, "一、总体情况 本机关……"), (5, "五、存在的主要问题及改进情况"), (6, "")]
    checks = read_dataset(tmp_path, "checks")
    assert {c: str(t) for c, t in checks.dtypes.items() if c in ("expected", "actual", "ok")} == {
        "expected": "Int64", "actual": "Int64", "ok": "bool"}  # exact integers
    assert rows(checks[["table", "check", "subject", "expected", "actual", "ok"]]) == [
        ("table3", "t3_row_total", "new_received", 6.0, 5.0, False),
        ("table4", "t4_total", "review", 1.0, 1.0, True)]


def test_an_all_null_column_keeps_its_type(tmp_path):
    ex = make_extraction()
    for cell in ex.tables["table4"].cells:
        cell.value = None
    ex.published_date = "not a date"
    load([ex], tmp_path)
    appeals = read_dataset(tmp_path, "appeals")
    assert appeals["value"].isna().all() and str(appeals.dtypes["value"]) == "Int64"
    # What other readers see, straight from the files.
    assert str(ds.dataset(tmp_path / "datasets" / "appeals", partitioning="hive").schema.field("value").type) \
        == "int64"
    assert pd.isna(read_dataset(tmp_path, "reports").published_date.iloc[0])


def test_fractional_count_is_flagged_not_truncated(tmp_path):
    ex = make_extraction()
    ex.tables["table3"].cells[0].value = 2.5
    load([ex], tmp_path)
    row = read_dataset(tmp_path, "requests").query("applicant == 'natural_person'").iloc[0]
    assert pd.isna(row.value) and row.problem == "not an integer: 2.5" and row.raw == "5"


# --- replacement ---------------------------------------------------------------------------------

def test_reload_replaces_agency_year_and_leaves_others_untouched(tmp_path):
    load([make_extraction(n=5), make_extraction(year=2023, n=7), make_extraction("卢氏县人民政府", n=9)], tmp_path)
    before = snapshot_rows(tmp_path)
    old_2023 = current_snapshot(tmp_path).local_path / "requests" / "year=2023" / "part-0.parquet"

    summary = load([make_extraction(n=50)], tmp_path)
    assert (summary.loaded, summary.replaced, summary.years) == (1, 1, [2024])
    after = snapshot_rows(tmp_path)
    for name in DATASETS:
        assert len(after[name]) == len(before[name]), name
    requests = read_dataset(tmp_path, "requests")
    mine = requests[(requests.agency_id == agency_id(YIMA)) & (requests.applicant == "natural_person")]
    assert sorted(zip(mine.year, mine.value, strict=True)) == [(2023, 7), (2024, 50)]
    lushi = requests[(requests.agency_id == agency_id("卢氏县人民政府")) & (requests.applicant == "natural_person")]
    assert lushi.value.tolist() == [9]
    untouched = [r for r in before["requests"] if r[:2] != (agency_id(YIMA), 2024)]
    assert [r for r in after["requests"] if r[:2] != (agency_id(YIMA), 2024)] == untouched
    # The untouched year is shared with the previous snapshot (hard link), not rewritten.
    assert os.path.samefile(tmp_path / "datasets" / "requests" / "year=2023" / "part-0.parquet", old_2023)


def test_later_extraction_of_same_agency_year_in_batch_wins(tmp_path):
    first = make_extraction(n=1, file="a.html")
    second = make_extraction(n=2, file="b.pdf")
    summary = load([first, second], tmp_path)
    assert summary.loaded == 1
    assert [(s.year, s.file, s.by) for s in summary.superseded] == [(2024, "a.html", "b.pdf")]
    assert read_dataset(tmp_path, "reports").source_url.tolist() == ["b.pdf"]
    requests = read_dataset(tmp_path, "requests")
    assert len(requests) == 4
    assert requests.query("applicant == 'natural_person'").value.tolist() == [2]


def test_unkeyed_extractions_are_skipped_and_the_rest_loaded(tmp_path):
    seen = []
    batch = [make_extraction(year=None, file="noyear.pdf"), make_extraction(agency=None, file="noagency.pdf"),
             make_extraction(agency=" ", file="blank.pdf"), make_extraction(year=24, file="short.pdf"),
             make_extraction(status="failed", file="ok.pdf")]
    batch[-1].error = "no table found"
    summary = load(batch, tmp_path, progress=seen.append)
    assert seen == batch
    assert [(s.file, s.reason) for s in summary.skipped] == [
        ("noyear.pdf", "no year"), ("noagency.pdf", "no agency"), ("blank.pdf", "no agency"),
        ("short.pdf", "year out of range: 24")]
    assert (summary.loaded, dict(summary.statuses)) == (1, {"failed": 1})
    reports = read_dataset(tmp_path, "reports")
    assert reports[["status", "error"]].values.tolist() == [["failed", "no table found"]]


def test_a_batch_with_nothing_to_key_changes_nothing(tmp_path):
    load([make_extraction()], tmp_path)
    snap = current_snapshot(tmp_path)
    summary = load([make_extraction(year=None)], tmp_path)
    assert (summary.loaded, len(summary.skipped), summary.snapshot) == (0, 1, snap)
    assert current_snapshot(tmp_path) == snap


def test_old_snapshots_are_collected_keeping_two(tmp_path):
    for n in range(4):
        load([make_extraction(n=n)], tmp_path)
    assert sorted(p.name for p in (tmp_path / ".snapshots").iterdir()) == ["000003", "000004"]
    assert current_snapshot(tmp_path).name == "000004"


def make_pre2019_extraction() -> Extraction:
    """A pre-2019 report: a statistics-table row (one flagged) and a sentence figure, no tables 2–4."""
    stats = StatsResult([
        StatRow("受理依申请公开信息总数", "条", 21, 21, "受理依申请公开信息总数条2121", measure="requests_received",
                block_index=9, note="cells run together: '2121' split"),
        StatRow("主动公开信息数/2、政府公报公开", "条", None, None, "2、政府公报公开 条 0", parent="主动公开信息数",
                block_index=9, problem="1 value(s) printed for 2 column(s): '0'"),
        StatRow("行政复议0件", "件", 0, raw="行政复议0件", from_text=True, sentence="2013年，我局收到行政复议0件",
                measure="reviews", block_index=8),
    ], table_found=True)
    return Extraction(file="/reports/pre2019.txt", status="ok", file_type="text", agency="平潭县人民政府", year=2012,
                      stats=stats)


# --- readers agree -------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::DeprecationWarning:duckdb")
@pytest.mark.parametrize("name", DATASETS)
def test_pandas_pyarrow_and_duckdb_read_the_same_rows(tmp_path, name):
    load([make_extraction(), make_extraction(year=2023, n=3), make_extraction("卢氏县人民政府", 2022),
          make_pre2019_extraction()], tmp_path)
    root = tmp_path / "datasets" / name
    ours = read_dataset(tmp_path, name)
    columns = list(ours.columns)
    by_pandas = pd.read_parquet(root).astype({"year": "int16"})[columns]
    by_pyarrow = ds.dataset(root, partitioning="hive").to_table().to_pandas()[columns]
    by_duckdb = duckdb.sql(f"select * from read_parquet('{root}/**/*.parquet', hive_partitioning=true)").df(date_as_object=True)
    assert len(ours) > 0
    assert rows(by_pandas) == rows(ours)
    assert rows(by_pyarrow) == rows(ours)
    assert rows(by_duckdb[columns]) == rows(ours)


# --- crash safety --------------------------------------------------------------------------------

_LOADER_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from test_load import make_extraction
    from pipeline.load import load
    agencies = [f"测试县第{{i}}局" for i in range({n})]
    batch = (make_extraction(a, year, n=100 + i) for i, a in enumerate(agencies) for year in (2023, 2024))
    print("start", flush=True)
    load(batch, {data!r})
    print("done", flush=True)
""")


def _run_loader(data_dir: Path, n: int, *, crash_at: str | None = None, kill_after: float | None = None) -> str:
    env = {**os.environ, CRASH_ENV: crash_at or ""}
    script = _LOADER_SCRIPT.format(tests=str(ROOT / "tests"), n=n, data=str(data_dir))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout.readline() == "start\n"
    if kill_after is not None:
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=120)
    return out


def _seed(data_dir: Path) -> dict[str, list[tuple]]:
    load([make_extraction(n=1), make_extraction("卢氏县人民政府", 2023)], data_dir)
    return snapshot_rows(data_dir)


@pytest.mark.parametrize("point", ["spilled", "partition", "written", "committed"])
def test_load_killed_before_the_switch_leaves_previous_datasets(tmp_path, point):
    before = _seed(tmp_path)
    assert _run_loader(tmp_path, 50, crash_at=point) == ""
    assert snapshot_rows(tmp_path) == before
    # Debris of the dead load is cleared by the next one, which works.
    summary = load([make_extraction(n=77)], tmp_path)
    assert summary.replaced == 1
    assert sorted(p.name for p in (tmp_path / ".snapshots").iterdir()) == ["000001", "000002"]
    assert not list(tmp_path.glob(".datasets.tmp-*"))
    mine = read_dataset(tmp_path, "requests").query("applicant == 'natural_person'")
    assert sorted(zip(mine.year, mine.value, strict=True)) == [(2023, 5), (2024, 77)]


def test_load_killed_after_the_switch_has_loaded_everything(tmp_path):
    _seed(tmp_path)
    assert _run_loader(tmp_path, 50, crash_at="switched") == ""
    assert len(read_dataset(tmp_path, "reports")) == 2 + 100
    assert len(read_dataset(tmp_path, "requests")) == 4 * 102
    load([make_extraction(n=3)], tmp_path)
    assert sorted(p.name for p in (tmp_path / ".snapshots").iterdir()) == ["000002", "000003"]


def test_load_killed_at_random_times_is_all_or_nothing(tmp_path):
    before = _seed(tmp_path)
    n = 4000  # agencies × 2 years: a load of about half a second
    outcomes = []
    for delay in (0.02, 0.1, 0.2, 0.35, 0.6):
        _run_loader(tmp_path, n, kill_after=delay)
        state = snapshot_rows(tmp_path)
        outcomes.append(state != before)
        if state != before:  # the load switched before the kill: then it is complete
            reports = 2 * n + 2
            assert [len(state[name]) for name in DATASETS] == [
                reports, 2 * reports, 4 * reports, 2 * reports, 3 * reports, 2 * reports]
            assert set(before["requests"]) <= set(state["requests"])
    assert not outcomes[0]  # killed mid-load at least once
    assert _run_loader(tmp_path, 10) == "done\n"
    assert len(read_dataset(tmp_path, "reports")) == 2 + (2 * n if any(outcomes) else 20)


def test_a_datasets_directory_not_made_by_the_loader_is_refused(tmp_path):
    (tmp_path / "datasets").mkdir()
    with pytest.raises(pipeline.errors.XxgkError, match="is not a symlink made by `xxgk load`"):
        load([make_extraction()], tmp_path)
    assert read_table(tmp_path / "elsewhere", "reports").num_rows == 0


def test_partitions_written_under_an_older_schema_are_brought_up_to_date(tmp_path):
    load([make_extraction(year=2023, n=3), make_extraction(n=4)], tmp_path)
    # Rewrite the current files as an older loader would have: without the `problem` column.
    for part in current_snapshot(tmp_path).local_path.glob("requests/year=*/part-0.parquet"):
        old = pq.read_table(part).drop_columns(["problem"])
        part.unlink()  # never write through a hard link shared with another snapshot
        pq.write_table(old, part)
    load([make_extraction(n=40)], tmp_path)  # touches 2024 only
    for part in current_snapshot(tmp_path).local_path.glob("requests/year=*/part-0.parquet"):
        assert pq.read_schema(part).equals(SCHEMAS["requests"], check_metadata=False), part
    requests = read_dataset(tmp_path, "requests")
    assert rows(requests.query("applicant == 'commercial'")[["year", "problem"]]) == [
        (2023, None), (2024, "not a number: 'l2'")]


def test_a_second_load_waits_for_the_first(tmp_path):
    load([make_extraction(n=1)], tmp_path)
    results = []
    with DataDir(tmp_path).writing():
        waiting = threading.Thread(target=lambda: results.append(load([make_extraction(n=2)], tmp_path)))
        waiting.start()
        waiting.join(0.3)
        assert waiting.is_alive() and results == []
    waiting.join(10)
    assert results[0].replaced == 1
    assert read_dataset(tmp_path, "requests").query("applicant == 'natural_person'").value.tolist() == [2]


def test_a_failed_reread_never_replaces_a_loaded_report(tmp_path):
    load([make_extraction(n=7)], tmp_path)
    before = snapshot_rows(tmp_path)
    bad = Extraction(file="/reports/rescanned.pdf", status="needs_ocr", error="no usable text layer",
                     agency=YIMA, year=2024)
    summary = load([bad], tmp_path)
    assert summary.loaded == 0
    assert [(s.file, s.reason) for s in summary.skipped] == [
        ("/reports/rescanned.pdf", "needs_ocr; the 2024 report already loaded is kept")]
    assert snapshot_rows(tmp_path) == before
    # ... nor does one later in the same batch as a good one
    summary = load([make_extraction(n=9), bad], tmp_path)
    assert summary.loaded == 1 and read_dataset(tmp_path, "reports")["status"].tolist() == ["ok"]
