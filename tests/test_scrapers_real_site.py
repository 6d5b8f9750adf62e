"""Pages saved from a real site (corpus/sites/pingtan-gov-cn), served as they are on loopback.

The Pingtan 年报 listing is TRS "动静结合": its first page lists 10 of 20 reports
as static links; the rest come only from a JSON API (``list2.trsapi``) that does
not exist here, so 10 entries are what can be found. Four report pages are
saved; the other six links answer 404 and are recorded as missing.
"""

from __future__ import annotations

import sqlite3

from conftest import corpus_path
from test_run_batch import xxgk

from pipeline.load import read_dataset
from scrapers.demo import DemoServer, Site

ROOT = "sites/pingtan-gov-cn"


def test_pingtan_listing_and_reports_found(tmp_path):
    root = corpus_path(ROOT)
    site = Site("pingtan")
    for path in root.rglob("*"):
        if path.is_file():
            site.add("/" + str(path.relative_to(root)), path.read_bytes(), "text/html")
    with DemoServer(site) as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text("sources:\n  - agency: 平潭综合实验区管委会\n    start_urls:\n"
                           f"      - {server.url('/zwgk/zfxxgk/zfxxgknb/index.html')}\n    cms: trs\n", "utf-8")
        data = tmp_path / "data"
        code, m, err = xxgk("run", sources, data)
    assert code == 0, err
    assert m["sources"][0]["status"] == "ok"
    with sqlite3.connect(data / "state.sqlite") as db:
        found = db.execute("SELECT report_key, outcome FROM fetches WHERE role='report' ORDER BY report_key").fetchall()
    assert found == [(f"平潭综合实验区管委会|{y}", "new" if 2019 <= y <= 2022 else "missing") for y in range(2016, 2026)]
    reports = read_dataset(data, "reports").sort_values("year")
    assert reports.year.tolist() == [2019, 2020, 2021, 2022]
    assert set(reports.agency) == {"平潭综合实验区管委会"}
    assert reports.status.tolist() == ["ok", "ok", "ok", "ok"]
    assert reports.source_url.str.extract(r"(/zwgk/.*)$")[0].tolist() == [
        "/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm", "/zwgk/zfxxgk/zfxxgknb/202103/t20210305_80595.htm",
        "/zwgk/zfxxgk/zfxxgknb/202202/t20220208_80613.htm", "/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm"]
