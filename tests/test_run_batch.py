"""``xxgk run`` / ``xxgk crawl`` end to end, against real HTTP servers on loopback.

The servers serve demo sites generated from sample reports with known numbers
(``scrapers.demo``); hooks make them behave like real government servers.
Every crawl runs the real CLI in a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.agencies import agency_id
from pipeline.load import read_dataset
from scrapers.demo import DemoServer, build_demo
from scrapers.recheck import current_report_year

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=false", "--set", "RETRY_BACKOFF_BASE=0.05"]


def small_demo():
    """Four agencies × two years: Hanweb (government + one department), TRS (one page-linked, one direct)."""
    return build_demo(seed=7, years=range(2023, 2025), hanweb_departments=1, trs_departments=2, per_page=1)


class Sites:
    def __init__(self, demo, tmp: Path):
        self.demo = demo
        self.hanweb = DemoServer(demo.sites["hanweb"]).start()
        self.trs = DemoServer(demo.sites["trs"]).start()
        self.sources = tmp / "sources.yaml"
        self.sources.write_text(demo.sources_yaml({"hanweb": self.hanweb.base, "trs": self.trs.base}), "utf-8")

    def hits(self):
        return self.hanweb.take_hits() + self.trs.take_hits()

    def stop(self):
        self.hanweb.stop()
        self.trs.stop()


@pytest.fixture
def sites(tmp_path):
    s = Sites(small_demo(), tmp_path)
    yield s
    s.stop()


def xxgk(command: str, sources: Path, data: Path, *extra: str, private: bool = True, **kw) -> tuple[int, dict, str]:
    """Run the CLI; (exit code, the run manifest, stderr)."""
    args = [sys.executable, "-m", "pipeline.cli", command, "--sources", str(sources), "--data", str(data), *FAST,
            *(["--allow-private-networks"] if private else []), *extra]
    before = set((data / "runs").glob("*.json")) if (data / "runs").is_dir() else set()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, **kw)
    new = sorted(set((data / "runs").glob("*.json")) - before) if (data / "runs").is_dir() else []
    manifest = json.loads(new[-1].read_text("utf-8")) if new else {}
    return proc.returncode, manifest, proc.stderr


def by_source(manifest: dict) -> dict[str, dict]:
    return {s["source"]: s for s in manifest["sources"]}


def tree_digest(root: Path) -> dict[str, str]:
    root = root.resolve()
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def fetches(data: Path, where: str = "1", params=()) -> list[tuple]:
    with sqlite3.connect(data / "state.sqlite") as db:
        return db.execute(f"SELECT url, role, outcome, sha256, reason FROM fetches WHERE {where} ORDER BY id",
                          params).fetchall()


def _fetch_count(data: Path) -> int:
    """Fetches recorded so far by a running crawl; 0 before its state file has its tables."""
    if not (data / "state.sqlite").exists():  # connecting would create it
        return 0
    try:
        return len(fetches(data))
    except sqlite3.OperationalError:  # its tables not created yet
        return 0


def requests_cells(data: Path) -> dict[tuple[str, int], dict[tuple[str, str], int | None]]:
    df = read_dataset(data, "requests")
    out: dict = {}
    for row in df.itertuples():
        out.setdefault((row.agency_id, int(row.year)), {})[(row.row, row.applicant)] = (
            None if row.value is None or str(row.value) == "<NA>" else int(row.value))
    return out


def truth_cells(report) -> dict[tuple[str, str], int | None]:
    return {(r, c): (None if v is None else int(v)) for r, cols in report.table3.items() for c, v in cols.items()}


# ---- the main path ---------------------------------------------------------------------------------

def _made_by_extractor(data: Path, version: str) -> None:
    """Mark the loaded reports as made by another extractor version (files replaced, never modified:
    partitions may be hard links shared with the previous snapshot)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for part in (data / "datasets" / "reports").glob("year=*/*.parquet"):
        table = pq.read_table(part)
        i = table.schema.get_field_index("extractor_version")
        table = table.set_column(i, table.schema.field(i), pa.array([version] * table.num_rows, pa.string()))
        tmp = part.with_name(".rewrite.tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, part)


def test_run_collects_extracts_loads_and_a_rerun_changes_nothing(sites, tmp_path):
    data = tmp_path / "data"
    code, m, err = xxgk("run", sites.sources, data)
    assert code == 0, err
    assert {s: v["status"] for s, v in by_source(m).items()} == {
        "渑池县人民政府": "ok", "渑池县财政局": "ok", "渑池县公安局": "ok", "渑池县教育局": "ok"}
    assert {s: v["reports"] for s, v in by_source(m).items()} == dict.fromkeys(by_source(m), 2)
    assert m["load"]["statuses"] == {"ok": 8} and m["load"]["agency_years_loaded"] == 8
    hits = sites.hits()
    paths = [h.target for h in hits]
    # Hanweb listings page through dataproxy.jsp; TRS listings through index_1.html (createPageHTML).
    assert sum("dataproxy.jsp?startrecord=2&endrecord=4&perpage=1" in p for p in paths) == 2
    assert "/jyj/zfxxgk/zfxxgknb/index_1.html" in paths and "/robots.txt" in paths

    # Every number of table 3 is what the generated report printed.
    cells = requests_cells(data)
    assert set(cells) == {(agency_id(a), y) for a, y in sites.demo.truth}
    for (agency, year), report in sites.demo.truth.items():
        assert cells[(agency_id(agency), year)] == truth_cells(report), (agency, year)

    # Provenance: source URL of the chosen part; attachments-only reports point at the file itself.
    reports = read_dataset(data, "reports").set_index("agency")
    for (agency, year), (site, path) in sites.demo.documents.items():
        row = reports[reports.year == year].loc[agency]
        server = sites.hanweb if site == "hanweb" else sites.trs
        assert row.source_url == server.url(path)
        assert str(row.fetched_at).startswith(time.strftime("%Y"))
    raw = data / "raw" / "objects"
    assert all(re.fullmatch(r"[0-9a-f]{64}", p.name) for p in raw.rglob("*") if p.is_file())
    records = [json.loads(line) for f in (data / "raw" / "provenance").glob("*.jsonl") for line in f.open()]
    trs_page = next(r for r in records if r["role"] == "report" and "/gaj/" in r["url"])
    assert trs_page["encoding"] == "gb18030" and trs_page["http_status"] == 200
    assert trs_page["found_on"].endswith(("/gaj/zfxxgk/zfxxgknb/", "/gaj/zfxxgk/zfxxgknb/index_1.html"))
    assert re.fullmatch(r"渑池县公安局202[34]年政府信息公开工作年度报告", trs_page["link_title"])
    assert (trs_page["agency"], trs_page["size"]) == ("渑池县公安局", len((raw / trs_page["sha256"][:2] /
                                                                      trs_page["sha256"][2:4] / trs_page["sha256"])
                                                                     .read_bytes()))
    assert set(trs_page["headers"]) == {"content-type", "content-length", "last-modified", "etag", "date", "server"}

    # Second run: nothing new → only conditional requests (robots.txt aside), datasets byte-identical.
    before = tree_digest(data / "datasets")
    link = os.readlink(data / "datasets")
    code, m2, err = xxgk("run", sites.sources, data)
    assert code == 0, err
    hits = sites.hits()
    assert [h.target for h in hits if not h.conditional] == ["/robots.txt", "/robots.txt"]
    assert {h.status for h in hits if h.conditional} == {304}
    # Listings are re-requested; documents behind unchanged listings wait until due (XXGK_RECHECK_DAYS),
    # except those of the current and previous report year (re-checked every run); 解读 pages are skipped.
    assert m2["load"]["reports_extracted"] == 0
    recent = sum(y >= current_report_year() - 1 for _, y in sites.demo.truth)
    assert m2["fetches"].get("report/not_modified", 0) + m2["fetches"].get("part/not_modified", 0) >= recent
    assert m2["fetches"].get("report/not_modified", 0) <= recent
    assert set(m2["fetches"]) <= {"listing/not_modified", "report/not_modified", "part/not_modified",
                                  "skipped/skipped"}
    assert m2["fetches"]["skipped/skipped"] == m["fetches"]["skipped/skipped"] == 1  # the government's 解读 page
    assert m2["fetches"]["listing/not_modified"] < m["fetches"]["listing/new"]
    assert not [h for h in hits if "index_1.html" in h.target or "dataproxy.jsp" in h.target]
    assert os.readlink(data / "datasets") == link and tree_digest(data / "datasets") == before

    # An older extractor version: re-extracted from the archive, nothing downloaded.
    with sqlite3.connect(data / "state.sqlite") as db:
        db.execute("UPDATE reports SET loaded_version='0'")
    _made_by_extractor(data, "0")  # the loaded rows say so too (else the load finds them unchanged)
    code, m3, err = xxgk("run", sites.sources, data)
    assert code == 0, err
    assert m3["load"]["reports_extracted"] == 8 and m3["load"]["replaced"] == 8
    assert all(h.conditional or h.target == "/robots.txt" for h in sites.hits())
    assert requests_cells(data) == cells


def test_changed_and_removed_reports_between_runs(sites, tmp_path):
    data = tmp_path / "data"
    assert xxgk("run", sites.sources, data)[0] == 0
    demo, site = sites.demo, sites.demo.sites["hanweb"]
    # An HTML report page on the Hanweb site is edited; the 财政局 2023 page disappears (410).
    (agency, year), (_, changed_path) = next((k, v) for k, v in demo.documents.items()
                                             if v[0] == "hanweb" and v[1].startswith("/art/") and k[0] != "渑池县财政局")
    html = site.files[changed_path].body.decode("utf-8")
    old = demo.truth[(agency, year)].table3["new_received"]["natural_person"]
    number = re.compile(r"(本年新收政府信息公开申请数量.*?<td[^>]*>(?:<[^>]+>)*)(\d+)", re.DOTALL)
    assert int(number.search(html).group(2)) == old
    site.add(changed_path, number.sub(lambda mm: mm.group(1) + str(old + 1000), html, count=1), modified=1.8e9)
    gone_page = next(u for u, r, *_ in fetches(data, "role='report' AND report_key=?", ("渑池县财政局|2023",)))
    sites.hanweb.hooks.status[gone_page.split(sites.hanweb.base, 1)[1]] = 410
    sites.hits()

    code, m, err = xxgk("run", sites.sources, data)  # the listings did not change: nothing is due yet
    assert code == 0 and "changed" not in m.get("fetches", {}) and m["changed"] == m["removed"] == []
    code, m, err = xxgk("run", sites.sources, data, "--set", "XXGK_RECHECK_DAYS=0")
    assert code == 0, err
    changed_url = sites.hanweb.url(changed_path)
    assert m["changed"] == [changed_url] and m["removed"] == [gone_page]
    versions = [sha for url, _, outcome, sha, _ in fetches(data, "url=?", (changed_url,))]
    assert len(set(versions)) == 2 and all((data / "raw/objects" / v[:2] / v[2:4] / v).is_file() for v in versions)
    assert m["load"]["reports_extracted"] == 1
    cells = requests_cells(data)
    assert cells[(agency_id(agency), year)][("new_received", "natural_person")] == old + 1000
    # The removed report is recorded, and its data stays.
    with sqlite3.connect(data / "state.sqlite") as db:
        assert db.execute("SELECT http_status, removed_at IS NOT NULL FROM urls WHERE url=?",
                          (gone_page,)).fetchone() == (410, 1)
    assert (agency_id("渑池县财政局"), 2023) in cells


# ---- hostile and broken sites ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["wzws", "ruishu", "jsl"])
def test_challenge_pages_mark_the_source_blocked(sites, tmp_path, kind):
    sites.trs.hooks.challenge["/jyj/zfxxgk/zfxxgknb/index.html"] = kind
    sites.trs.hooks.challenge["/jyj/zfxxgk/zfxxgknb/"] = kind
    data = tmp_path / "data"
    code, m, err = xxgk("crawl", sites.sources, data, "--log-format", "json")
    assert code == 1
    s = by_source(m)
    assert s["渑池县教育局"]["status"] == "blocked" and s["渑池县财政局"]["status"] == "ok"
    assert "JavaScript challenge" in s["渑池县教育局"]["errors"][0]
    assert not [f for f in fetches(data, "url LIKE '%/jyj/zfxxgk/zfxxgknb/%' AND sha256 IS NOT NULL")]
    events = [json.loads(line) for line in err.splitlines()]  # every log line is JSON
    assert any(e.get("event") == "blocked" and e["source"] == "渑池县教育局" for e in events)


def test_robots_txt_disallowing_the_listing(sites, tmp_path):
    sites.demo.sites["trs"].add("/robots.txt", "User-agent: *\nDisallow: /jyj/zfxxgk/zfxxgknb/\n", "text/plain")
    data = tmp_path / "data"
    code, m, _ = xxgk("crawl", sites.sources, data)
    assert code == 1
    s = by_source(m)["渑池县教育局"]
    assert s["status"] == "empty" or s["status"] == "failed"
    assert s["reports"] == 0 and any("robots.txt" in e for e in s["errors"])
    assert not [h for h in sites.hits() if h.target.startswith("/jyj/zfxxgk/zfxxgknb/")]


def test_server_errors_recover_on_retry(sites, tmp_path):
    hanweb = sites.hanweb.hooks
    hanweb.fail["/col/col1002/index.html"] = 2
    art = sites.demo.documents[("渑池县财政局", 2024)][1]
    hanweb.fail[art.split("?")[0]] = 3
    data = tmp_path / "data"
    code, m, err = xxgk("run", sites.sources, data)
    assert code == 0, err
    assert m["load"]["statuses"] == {"ok": 8}
    statuses = [h.status for h in sites.hits() if h.target == "/col/col1002/index.html"]
    assert statuses == [500, 500, 200]


def test_network_safety_refuses_metadata_redirects_and_file_links(sites, tmp_path):
    trs = sites.demo.sites["trs"]
    listing = "/gaj/zfxxgk/zfxxgknb/index.html"
    html = trs.files[listing].body.decode("gbk")
    html = html.replace('<ul class="list">', '<ul class="list"><li><a href="file:///etc/passwd">'
                        '渑池县公安局2022年政府信息公开工作年度报告</a></li>')
    trs.add(listing, html)
    page = min(p for p in trs.files if p.startswith("/gaj/zfxxgk/zfxxgknb/202") and p.endswith(".html"))
    sites.trs.hooks.redirect[page] = "http://169.254.169.254/latest/meta-data/iam/"
    data = tmp_path / "data"
    code, m, _ = xxgk("crawl", sites.sources, data)
    assert code == 0
    refused = [(u, reason) for u, _, outcome, _, reason in fetches(data, "outcome='refused'")]
    assert ("file:///etc/passwd", "file:///etc/passwd: only http and https are crawled") in refused
    assert any(u == sites.trs.url(page) and "169.254.169.254 is a link-local address" in r
               and "redirected from" in r for u, r in refused)
    # Without --allow-private-networks, loopback itself is refused: every source fails.
    code, m, _ = xxgk("crawl", sites.sources, tmp_path / "d2", private=False)
    assert code == 1 and {s["status"] for s in m["sources"]} == {"failed"}
    assert "127.0.0.1 is a loopback address" in m["sources"][0]["errors"][0]


def test_busy_data_dir_exits_2(sites, tmp_path):
    from pipeline.batch.lock import RunLock

    data = tmp_path / "data"
    with RunLock(data):
        code, _m, err = xxgk("run", sites.sources, data)
    assert code == 2 and "another run is in progress" in err


def test_bad_sources_file_exits_2(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("sources:\n  - agency: x\n    urls: [http://a.gov.cn/]\n", "utf-8")
    code, _, err = xxgk("run", bad, tmp_path / "data")
    assert code == 2 and f"{bad}:3: unknown key 'urls'" in err


# ---- crash and resume ----------------------------------------------------------------------------------

def _comparable(data: Path) -> dict:
    out = {}
    for name in ("reports", "requests", "proactive", "appeals", "sections", "checks"):
        df = read_dataset(data, name).drop(columns=["loaded_at", "fetched_at"], errors="ignore")
        if "source_url" in df:
            df["source_url"] = df["source_url"].str.replace(r"^http://127\.0\.0\.1:\d+", "", regex=True)
        out[name] = df.sort_values(list(df.columns[:4])).reset_index(drop=True)
    return out


def test_kill_9_mid_run_then_rerun_equals_one_clean_run(sites, tmp_path):
    sites.hanweb.hooks.latency = sites.trs.hooks.latency = 0.1
    data = tmp_path / "killed"
    args = [sys.executable, "-m", "pipeline.cli", "run", "--sources", str(sites.sources), "--data", str(data), *FAST,
            "--allow-private-networks"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    # Wait (bounded) until the crawl has recorded 15 fetches. The state file and its tables appear
    # some time after start-up, which on a loaded machine can be seconds.
    deadline = time.time() + 180
    while time.time() < deadline and _fetch_count(data) < 15:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(fetches(data))
    assert 15 <= partial < 40 and not (data / "datasets").exists()
    sites.hanweb.hooks.latency = sites.trs.hooks.latency = 0
    code, _m, err = xxgk("run", sites.sources, data)
    assert code == 0, err
    clean = tmp_path / "clean"
    assert xxgk("run", sites.sources, clean)[0] == 0
    a, b = _comparable(data), _comparable(clean)
    for name in a:
        assert a[name].equals(b[name]), name
    with sqlite3.connect(data / "state.sqlite") as db:
        assert db.execute("SELECT count(*), count(DISTINCT url) FROM urls").fetchone()[0] == \
            db.execute("SELECT count(DISTINCT url) FROM urls").fetchone()[0]
