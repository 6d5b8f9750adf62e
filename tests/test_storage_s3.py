"""Datasets on an S3-compatible object store (moto's server on loopback, tests/s3server.py).

The same commands on ``--data s3://bucket/prefix`` give what they give on a local
directory, cell for cell; a reader never sees half a load; two writers racing on
one prefix both keep their rows; loading the same files twice writes nothing; ``xxgk run``
crawls into the bucket, and ``report`` and ``publish`` read it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import threading
import traceback
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest
from s3server import s3_server
from test_load import YIMA, make_extraction
from test_run_batch import FAST, Sites, requests_cells, small_demo, truth_cells
from typer.testing import CliRunner

from pipeline.agencies import agency_id
from pipeline.cli import app
from pipeline.load import load, read_dataset
from pipeline.samples.corpus import generate_corpus
from pipeline.storage import DataDir
from pipeline.storage.datadir import WORK_ENV
from pipeline.views import connect

RUN = CliRunner()


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture(scope="module")
def real_both(s3, real_reports_data, real_extractions) -> tuple[Path, str]:
    """The real reports loaded into a local directory (the session's) and, the same extractions, into the bucket."""
    url = s3.url("real")
    load(real_extractions, url)
    return real_reports_data, url


def _cli(*args: str) -> str:
    result = RUN.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


QUERIES = {
    "reports": "SELECT * EXCLUDE (loaded_at) FROM reports ORDER BY agency_id, year",
    "requests": "SELECT agency_id, year, row, applicant, value, raw, page FROM requests ORDER BY ALL",
    "checks": 'SELECT agency_id, year, "check", subject, expected, actual, ok FROM checks ORDER BY ALL',
}


def test_query_panel_and_compare_on_s3_equal_a_local_directory(real_both, tmp_path):
    local, url = real_both
    for name, sql in QUERIES.items():
        a, b = tmp_path / f"local-{name}.csv", tmp_path / f"s3-{name}.csv"
        _cli("query", sql, "--data", str(local), "--out", str(a))
        _cli("query", sql, "--data", url, "--out", str(b))
        assert a.read_bytes() == b.read_bytes(), name
    _cli("panel", "--data", str(local), "--out", str(tmp_path / "local-panel.csv"))
    _cli("panel", "--data", url, "--out", str(tmp_path / "s3-panel.csv"))
    assert (tmp_path / "local-panel.csv").read_bytes() == (tmp_path / "s3-panel.csv").read_bytes()
    _cli("compare", "--data", str(local), "--out", str(tmp_path / "local-rank.csv"))
    _cli("compare", "--data", url, "--out", str(tmp_path / "s3-rank.csv"))
    assert (tmp_path / "local-rank.csv").read_bytes() == (tmp_path / "s3-rank.csv").read_bytes()
    # … and they hold the printed numbers (淮安市人民政府 2024: 3119 new requests, 34 carried over).
    requests = pd.read_csv(tmp_path / "s3-requests.csv")
    city = requests[(requests.agency_id == "320800-gov") & (requests.year == 2024) & (requests.applicant == "total")]
    assert dict(zip(city.row, city.value, strict=True))["new_received"] == 3119
    assert dict(zip(city.row, city.value, strict=True))["carried_over"] == 34
    ranking = pd.read_csv(tmp_path / "s3-rank.csv")
    assert ranking.loc[ranking.agency_id == "320800-gov", "requests_received"].tolist() == [3119 + 34]


def test_a_reader_sees_one_whole_load_or_the_other(s3):
    url = s3.url()
    loads = [[make_extraction(year=y, n=y - 2000) for y in (2000 + 2 * i + 1, 2000 + 2 * i + 2)] for i in range(2)]
    states = [set()]
    for batch in loads:
        states.append(states[-1] | {ex.year for ex in batch})
    seen, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            con = connect(url)  # resolves CURRENT once (none before the first load): every view reads that snapshot
            years = {name: {y for (y,) in con.execute(f"SELECT DISTINCT year FROM {name}").fetchall()}
                     for name in ("reports", "requests", "sections", "checks")}
            values = con.execute("SELECT year, value FROM requests WHERE row = 'new_received' "
                                 "AND applicant = 'natural_person'").fetchall()
            con.close()
            seen.append((years, values))
            stop.wait(0.2)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for batch in loads:
            load(batch, url)
    finally:
        stop.set()
        thread.join(60)
    assert len(seen) >= 2
    for years, values in seen:
        assert years["reports"] in states and len({frozenset(v) for v in years.values()}) == 1, years
        assert sorted(values) == [(y, y - 2000) for y in sorted(years["reports"])]
    assert read_dataset(url, "reports").year.tolist() == sorted(states[-1])


def test_a_snapshot_a_racing_writer_removed_first_is_no_error(s3, monkeypatch):
    """The clean-up after a publish lists the snapshot prefixes, then removes the stale ones; a racing
    writer may remove one in between (its own discarded build, or in its own clean-up). Seen in the
    two-writer race: the load whose snapshot was published failed with 'The specified key does not
    exist'. Here the listing holds a prefix that is already gone."""
    url = s3.url("gc-race")
    load([make_extraction(year=2020, n=20)], url)
    store = DataDir(url).backend
    listed = store.fs.ls

    def ls(path, *args, **kwargs):
        names = listed(path, *args, **kwargs)
        return [*names, f"{store.snapshots}/000001-0ne90e"] if path.rstrip("/") == store.snapshots else names

    monkeypatch.setattr(store.fs, "ls", ls)
    store.collect_garbage()
    result = load([make_extraction(year=2021, n=21)], url)  # publishes, then collects garbage
    assert result.snapshot.name.startswith("000002-")
    requests = read_dataset(url, "requests").query("row == 'new_received' and applicant == 'natural_person'")
    assert sorted(zip(requests.year, requests.value, strict=True)) == [(2020, 20), (2021, 21)]


def test_two_writers_racing_on_one_prefix_keep_each_others_rows(s3):
    url = s3.url()
    # Both take in their extraction (having read the same current snapshot) before either commits.
    both_read = threading.Barrier(2, timeout=60)
    results, errors = {}, []

    def writer(year: int) -> None:
        try:
            results[year] = load([make_extraction(year=year, n=year - 2000)], url,
                                 progress=lambda ex: both_read.wait())
        except Exception:  # noqa: BLE001 - reported below, with where it was raised
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=writer, args=(y,)) for y in (2020, 2021)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [], errors[0] if errors else None
    # The second to publish found the pointer moved, and built again on the first one's snapshot.
    # (Both were first: the loser's If-None-Match failed.)
    assert sorted(r.snapshot.name[:6] for r in results.values()) == ["000001", "000002"]
    assert s3.get(url, "CURRENT").decode() == max(r.snapshot.name for r in results.values())
    requests = read_dataset(url, "requests").query("row == 'new_received' and applicant == 'natural_person'")
    assert sorted(zip(requests.year, requests.value, strict=True)) == [(2020, 20), (2021, 21)]
    assert read_dataset(url, "reports").agency.tolist() == [YIMA] * 2


def test_loading_the_same_files_twice_into_s3_writes_nothing(s3, tmp_path):
    generate_corpus(tmp_path / "reports", n=4, seed=16, kinds=("txt",))
    url = s3.url()
    first = " ".join(_cli("load", str(tmp_path / "reports"), "--data", url, "--jobs", "1").split())
    assert f"4 files read: 4 new, 0 changed, 0 unchanged agency-years; written to {url}" in first
    keys, current = s3.keys(url), s3.get(url, "CURRENT")
    second = " ".join(_cli("load", str(tmp_path / "reports"), "--data", url, "--jobs", "1").split())
    assert f"4 files read: 0 new, 0 changed, 4 unchanged agency-years; nothing written, {url} is as it was" in second
    assert (s3.keys(url), s3.get(url, "CURRENT")) == (keys, current)
    assert [k for k in keys if not k.startswith(".snapshots/")] == ["CURRENT", "datapackage.json", "dictionary.md"]
    assert DataDir(url).current().name == current.decode()


# --- xxgk run on an object store, and report/publish reading from it ---------------------------

def _run(sources: Path, data: str) -> tuple[int, dict, str]:
    """``xxgk run`` in a subprocess; (exit code, its manifest, stderr). Raw archive, state and run
    manifests stay on local disk (XXGK_WORK_DIR) when the datasets are on the object store."""
    runs = DataDir.of(data).runs
    before = set(runs.glob("*.json")) if runs.is_dir() else set()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "--sources", str(sources), "--data", data,
                           *FAST, "--allow-private-networks"], capture_output=True, text=True, timeout=300,
                          check=False)
    new = sorted(set(runs.glob("*.json")) - before) if runs.is_dir() else []
    return proc.returncode, json.loads(new[-1].read_text("utf-8")) if new else {}, proc.stderr


def _site_tables(path: Path) -> dict[str, list[tuple]]:
    """Every table of a published site database, rows sorted, without the times of the crawl, load and publish."""
    with closing(sqlite3.connect(path)) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE '%fts%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
        out = {}
        for name in names:
            cur = db.execute(f'SELECT * FROM "{name}"')
            keep = [i for i, d in enumerate(cur.description) if d[0] not in ("fetched_at", "loaded_at", "published_at")]
            out[name] = sorted((tuple(row[i] for i in keep) for row in cur), key=repr)
    return out


def _undated(report: str) -> str:
    """A report page without the line naming its snapshot and the time it was made."""
    return re.sub(r"数据快照 \S+ · 生成于 [^·]+ · ", "", report)


def test_run_on_s3_end_to_end_then_report_and_publish_from_it(s3, tmp_path, monkeypatch):
    """The demo sites crawled, extracted and loaded into the bucket: the printed numbers are there, a
    second run writes nothing, and report and publish read the bucket as they read a local run."""
    monkeypatch.setenv(WORK_ENV, str(tmp_path / "work"))
    sites = Sites(small_demo(), tmp_path)
    try:
        url = s3.url("run")
        code, manifest, err = _run(sites.sources, url)
        assert code == 0, err
        assert manifest["load"]["statuses"] == {"ok": 8} and manifest["load"]["agency_years_loaded"] == 8
        cells = requests_cells(url)
        assert set(cells) == {(agency_id(a), y) for a, y in sites.demo.truth}
        for (agency, year), report in sites.demo.truth.items():
            assert cells[(agency_id(agency), year)] == truth_cells(report), (agency, year)
        keys, current = s3.keys(url), s3.get(url, "CURRENT")

        code, again, err = _run(sites.sources, url)
        assert code == 0, err
        assert again["load"]["reports_extracted"] == 0
        assert (s3.keys(url), s3.get(url, "CURRENT")) == (keys, current)

        local = tmp_path / "local"
        code, _, err = _run(sites.sources, str(local))
        assert code == 0, err
    finally:
        sites.stop()
    for data, name in ((url, "s3"), (str(local), "local")):
        _cli("report", "--data", data, "--out", str(tmp_path / f"{name}.html"), "--jobs", "1")
        _cli("publish", "--data", data, "--out", str(tmp_path / f"{name}.db"), "--jobs", "1")
    s3_site, local_site = _site_tables(tmp_path / "s3.db"), _site_tables(tmp_path / "local.db")
    assert s3_site == local_site
    assert len(s3_site["reports"]) == 8
    report, local_report = ((tmp_path / f"{name}.html").read_text("utf-8") for name in ("s3", "local"))
    assert _undated(report) == _undated(local_report)
    assert all(agency in report for agency, _ in sites.demo.truth)
