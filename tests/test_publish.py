"""``xxgk publish``: the site database equals the datasets, search finds words, publishing is
incremental per report and atomic, and a dataset added to a registry is published as it is."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from generated import YIMA, both_formats, load_reports

from pipeline.findings import read_derived
from pipeline.load import current_snapshot, read_dataset
from pipeline.load import schema as load_schema
from pipeline.metrics import METRICS
from pipeline.publish import metadata_path, publish
from pipeline.publish.fts import match_expression, query_phrases, register_functions, segment
from pipeline.publish.plugin import safe_link, segmented_query_string
from pipeline.publish.queries import canned_queries
from pipeline.publish.schema import tables
from pipeline.samples import make_report
from pipeline.views import read_source


def _connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    register_functions(conn)
    return conn


@pytest.fixture(scope="module")
def site(sample_corpus_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site.db"
    publish(sample_corpus_data, out, jobs=1)
    conn = _connect(out)
    yield sample_corpus_data, out, conn
    conn.close()


def _dataset(data: Path, name: str):
    derived = next(t for t in tables() if t.name == name).derived
    return read_derived(data, name) if derived else read_source(name, current_snapshot(data))


def test_every_dataset_is_a_table_with_all_its_rows(site):
    data, _, conn = site
    for table in tables():
        n = conn.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
        assert n == len(_dataset(data, table.name)), table.name
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 40
    requests = read_dataset(data, "requests")
    cell = requests[(requests["row"] == "new_received") & (requests["applicant"] == "total")].iloc[0]
    got = conn.execute("SELECT value, raw, row_label, column_label, page FROM requests WHERE report_id = ? "
                       "AND row = 'new_received' AND applicant = 'total'",
                       (f"{cell['agency_id']}/{cell['year']}",)).fetchone()
    assert got[:4] == (int(cell["value"]), cell["raw"], cell["row_label"], cell["column_label"])
    title, = conn.execute("SELECT title FROM reports WHERE report_id = '321322-police/2021'").fetchone()
    assert title == "沭阳县公安局2021年政府信息公开工作年度报告"


def test_foreign_keys_point_at_the_report_and_hold(site):
    _, _, conn = site
    for name in ("proactive", "requests", "appeals", "sections", "checks", "metrics", "findings_late"):
        fks = conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
        assert [(f[2], f[3], f[4]) for f in fks] == [("reports", "report_id", "report_id")], name
    assert conn.execute("PRAGMA foreign_key_list(findings_missing)").fetchall() == []  # no report that year
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    indexed = {conn.execute(f'PRAGMA index_info("{ix[1]}")').fetchone()[2]
               for ix in conn.execute("PRAGMA index_list(reports)")}
    assert {"province", "prefecture", "county", "kind", "year", "format"} <= indexed


@pytest.mark.parametrize(("word", "reports"), [("培训", 34), ("信息处理费", 30), ("政府网站", 32),
                                               ("公安", 3), ("行政复议", 40)])
def test_search_finds_exactly_the_reports_that_use_a_word(site, word, reports):
    data, _, conn = site
    sections = read_dataset(data, "sections")
    expected = {f"{r.agency_id}/{r.year}" for r in sections.itertuples() if word in r.text}
    found = {r for (r,) in conn.execute(
        "SELECT DISTINCT s.report_id FROM sections_fts JOIN sections s ON s.rowid = sections_fts.rowid "
        "WHERE sections_fts MATCH jieba_match(?)", (word,))}
    assert found == expected and len(found) == reports


def test_titles_are_searchable(site):
    _, _, conn = site
    found = [r for (r,) in conn.execute("SELECT r.report_id FROM reports_fts JOIN reports r ON r.rowid = "
                                        "reports_fts.rowid WHERE reports_fts MATCH jieba_match('公安局') "
                                        "ORDER BY 1")]
    assert found == ["321322-police/2020", "321322-police/2021", "321322-police/2022", "321322-police/2023"]


def test_queries_are_cut_into_phrases_like_the_text():
    assert query_phrases("行政复议") == [["行政", "复议"]]
    assert query_phrases("管理局") == [["管理局"]]          # 管理 alone would drop 局
    assert query_phrases("政府信息公开 收费") == [["政府", "信息", "公开"], ["收费"]]
    assert match_expression('"行政 复议"') == match_expression("行政复议") == '"行政 复议"'
    assert match_expression('x" OR NEAR(') == '"x" "OR NEAR"'   # no FTS syntax gets through
    assert match_expression("，。") == ""
    words, tokens, subwords = segment("县公安局不予公开。")
    assert (words, tokens, subwords) == ("县公安局 不予 公开 。", "县公安局 不予 公开", "公安 公安局")


def test_datasette_search_parameters_are_segmented():
    qs = b"_search=%E6%94%BF%E5%BA%9C%E7%BD%91%E7%AB%99&_searchmode=raw&_facet=year"  # 政府网站
    assert segmented_query_string(qs) == b"_search=%22%E6%94%BF%E5%BA%9C+%E7%BD%91%E7%AB%99%22&_facet=year"
    assert segmented_query_string(b"_facet=year&_sort=agency") == b"_facet=year&_sort=agency"


def test_links_are_made_only_for_http_and_the_archive():
    assert safe_link("https://www.gov.cn/a?b=1&c=<x>") == (
        '<a href="https://www.gov.cn/a?b=1&amp;c=&lt;x&gt;" rel="noopener noreferrer nofollow" '
        'target="_blank">https://www.gov.cn/a?b=1&amp;c=&lt;x&gt;</a>')
    sha = "ab" * 32
    assert safe_link(f"/-/archive/{sha}.pdf", "archived file") == (
        f'<a href="/-/archive/{sha}.pdf" rel="noopener" target="_blank">archived file</a>')
    for bad in ("javascript:alert(1)", "data:text/html,x", "/tmp/report.pdf", "file:///etc/passwd",
                "http://", "https://a b", "//evil.example/x", None, 3):
        assert safe_link(bad) is None, bad


def test_metadata_comes_from_the_data_dictionary(site):
    _, out, _ = site
    meta = json.loads(metadata_path(out).read_text("utf-8"))
    db = meta["databases"]["site"]
    assert db["tables"]["requests"]["columns"]["value"].startswith("数值 — The number printed in the cell")
    assert db["tables"]["metrics"]["columns"]["share_granted"] == (
        "予以公开比例 — share granted (unit: share); granted[total] / total_processed[total]")
    assert db["tables"]["reports"]["columns"]["n_cells"].endswith("(unit: cells)")
    assert db["tables"]["sections"]["fts_table"] == "sections_fts"
    assert db["tables"]["reports"]["label_column"] == "title"
    assert db["tables"]["_xxgk_publish"] == {"hidden": True}
    assert meta["license"] == "Government reports; see each source_url"
    assert set(db["queries"]) == {"ranking", "failing_identities", "late_reports", "missing_reports",
                                  "copied_text", "search_sections"}


def _run(conn, name: str, **params):
    sql = canned_queries()[name]["sql"]
    cur = conn.execute(sql, {"region": "", "year": "", "kind": "", **params})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def test_canned_queries_answer_from_the_datasets(site):
    data, _, conn = site
    metrics = read_derived(data, "metrics")
    year = metrics[(metrics["year"] == 2021) & metrics["share_denied"].notna()]
    ranked = _run(conn, "ranking", metric="share_denied", year="2021")
    assert [r["value"] for r in ranked] == sorted(year["share_denied"].astype(float), reverse=True)
    assert {r["report_id"] for r in ranked} == {f"{a}/2021" for a in year["agency_id"]}
    assert len(_run(conn, "failing_identities")) == len(read_derived(data, "findings_identities"))
    late = read_derived(data, "findings_late").merge(read_dataset(data, "reports")[["agency_id", "year", "province"]])
    assert sorted(late["province"]) == ["江苏省", "江苏省", "河南省", "河南省"]
    assert [r["days_late"] for r in _run(conn, "late_reports", region="江苏省")] == \
        sorted(late.loc[late["province"] == "江苏省", "days_late"], reverse=True)
    assert len(_run(conn, "missing_reports")) == len(read_derived(data, "findings_missing"))
    assert len(_run(conn, "copied_text")) == len(read_derived(data, "findings_copied_text"))
    hits = _run(conn, "search_sections", q="政府网站")
    assert len({h["report_id"] for h in hits}) == 32
    assert sum("【政府网站】" in h["excerpt"] for h in hits) >= 1      # highlighted, spaces between words removed
    assert all(m.name in canned_queries()["ranking"]["sql"] for m in METRICS if m.unit != "text")


def _sections_rowids(db: Path, report_id: str) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [r for (r,) in conn.execute("SELECT rowid FROM sections WHERE report_id = ? ORDER BY 1", (report_id,))]


def test_publish_after_a_load_rewrites_only_the_changed_report(tmp_path):
    data, out = tmp_path / "data", tmp_path / "site.db"
    load_reports(data, both_formats())
    first = publish(data, out, jobs=1)
    assert first.rebuilt and first.changed["sections"] == 2
    kept = _sections_rowids(out, "411281-petition/2019")
    load_reports(data, [make_report(random.Random(5), "2021", agency=YIMA, year=2022, mixed=False)])
    second = publish(data, out, jobs=1)
    assert not second.rebuilt
    assert {t: second.changed[t] for t in ("reports", "requests", "sections", "proactive")} == \
        {"reports": 1, "requests": 1, "sections": 1, "proactive": 1}
    assert _sections_rowids(out, "411281-petition/2019") == kept     # untouched, not rewritten
    with _connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
        text = conn.execute("SELECT text FROM sections WHERE report_id = '411281-petition/2022' "
                            "AND section = 1").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM sections_fts WHERE rowid IN (SELECT rowid FROM sections)"
                            ).fetchone()[0] == conn.execute("SELECT count(*) FROM sections").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM sections_fts").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM sections").fetchone()[0]
    assert text
    assert publish(data, out, jobs=1).up_to_date


def test_a_publish_killed_before_the_rename_leaves_the_previous_site(tmp_path):
    data, out = tmp_path / "data", tmp_path / "site.db"
    load_reports(data, both_formats())
    publish(data, out, jobs=1)
    before = out.read_bytes()
    load_reports(data, [make_report(random.Random(5), "2021", agency=YIMA, year=2022, mixed=False)])
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "publish", "--data", str(data), "--out", str(out),
                           "-j", "1"], env={**os.environ, "XXGK_TEST_CRASH_AT": "publish-written"},
                          capture_output=True, timeout=300, check=False)
    assert proc.returncode == -9
    assert out.read_bytes() == before
    assert list(tmp_path.glob(".site.db.tmp-*"))          # the debris of the killed publish
    assert publish(data, out, jobs=1).changed["reports"] == 1
    assert not list(tmp_path.glob(".site.db.tmp-*"))
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 3


def test_a_dataset_added_to_the_registry_is_published_as_it_is(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "site.db"
    load_reports(data, both_formats())
    schema = pa.schema([pa.field("agency_id", pa.string()), pa.field("label", pa.string()),
                        pa.field("this_year", pa.int64())])
    monkeypatch.setitem(load_schema.SCHEMAS, "stats_example", schema)
    part = current_snapshot(data).local_path / "stats_example" / "year=2019"
    part.mkdir(parents=True)
    pq.write_table(pa.table({"agency_id": ["411281-petition"] * 2, "label": ["主动公开信息数", "收到申请数"],
                             "this_year": [2026, 7]}, schema=schema), part / "part-0.parquet")
    publish(data, out, jobs=1)
    with sqlite3.connect(out) as conn:
        rows = conn.execute("SELECT report_id, year, label, this_year FROM stats_example ORDER BY this_year").fetchall()
        assert rows == [("411281-petition/2019", 2019, "收到申请数", 7), ("411281-petition/2019", 2019, "主动公开信息数", 2026)]
        indexed = {conn.execute(f'PRAGMA index_info("{ix[1]}")').fetchone()[2]
                   for ix in conn.execute("PRAGMA index_list(stats_example)")}
        assert indexed == {"report_id", "year"}
    assert "stats_example" in json.loads(metadata_path(out).read_text("utf-8"))["databases"]["site"]["tables"]
