"""The published site in a real browser: ``xxgk serve`` (Datasette, a real process on a free loopback
port) opened with headless Chromium. A person searches for a Chinese word, narrows the results with a
facet, opens a report and its archived file, ranks agencies, draws a chart — and what the pages and
their JSON show equals the datasets."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import CHROMIUM, PAGE_LOADED, Browser

from pipeline.findings import read_derived
from pipeline.load import read_dataset
from pipeline.publish import publish
from scrapers.archive import RawArchive

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[dev]')")
pytest.importorskip("PIL.Image", reason="Pillow is not installed")

WORD = "政府网站"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5):
                return
        except OSError:
            assert proc.poll() is None, "xxgk serve exited"
            assert time.monotonic() < deadline, "xxgk serve did not start"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def site(sample_corpus_data, tmp_path_factory):
    """The sample corpus with its files in a crawler-style raw archive, published and served."""
    tmp = tmp_path_factory.mktemp("site")
    data = tmp / "data"
    shutil.copytree(sample_corpus_data, data, symlinks=True)
    archive = RawArchive(data / "raw")
    for f in (sample_corpus_data.parent / "samples").iterdir():
        archive.put(f.read_bytes())
    publish(data, data / "site.db", jobs=1)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--data", str(data), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = None
    try:
        _wait_until_serving(base, proc)
        browser = Browser(tmp / "profile")
        yield browser, base, data
    finally:
        if browser:
            browser.close()
        proc.terminate()
        proc.wait(timeout=20)


def _report_ids_shown(browser) -> list[str]:
    return browser.js("Array.from(document.querySelectorAll('table.rows-and-columns td.col-report_id a'))"
                      ".map(a => decodeURIComponent(a.getAttribute('href').split('/').pop()).replace('~2F', '/'))")


def _expected_sections(data, word: str):
    s = read_dataset(data, "sections")
    return s[s["text"].str.contains(word, regex=False)]


def test_search_box_finds_the_reports_using_a_chinese_word(site):
    browser, base, data = site
    browser.open(f"{base}/site/sections", 1280, 900, ready=PAGE_LOADED, settle=0)
    browser.js(f"""(() => {{ const box = document.querySelector('input[name=_search]');
        box.value = {json.dumps(WORD)}; box.form.submit(); window.__previousPage = true; }})()""")
    browser.wait_for(f"!window.__previousPage && {PAGE_LOADED}")
    expected = _expected_sections(data, WORD)
    heading = " ".join(browser.js("document.querySelector('h3').textContent").split())
    assert heading == f'{len(expected)} rows where search matches ""政府 网站"" sorted by rowid'
    assert browser.js("document.querySelector('input[name=_search]').value") == '"政府 网站"' 
    shown = _report_ids_shown(browser)
    assert sorted(shown) == sorted(f"{r.agency_id}/{r.year}" for r in expected.itertuples())
    assert len(set(shown)) == 32
    assert browser.problems() == []


def test_a_facet_narrows_the_results_and_the_json_equals_the_datasets(site):
    browser, base, data = site
    browser.open(f"{base}/site/sections?_search={quote(WORD)}&_facet=year", 1280, 900, ready=PAGE_LOADED, settle=0)
    link = browser.js("""Array.from(document.querySelectorAll('.facet-info[data-column=year] li a'))
        .find(a => a.textContent.trim() === '2021').href""")
    browser.open(link, 1280, 900, ready=PAGE_LOADED, settle=0)
    expected = _expected_sections(data, WORD)
    expected = expected[expected["year"] == 2021]
    assert sorted(_report_ids_shown(browser)) == sorted(f"{r.agency_id}/2021" for r in expected.itertuples())
    json_url = browser.js("document.querySelector('a[href*=\".json\"]').href")
    rows = browser.js(f"fetch({json.dumps(json_url)} + '&_shape=array').then(r => r.json())")
    assert sorted((r["report_id"]["value"] if isinstance(r["report_id"], dict) else r["report_id"], r["section"],
                   r["text"]) for r in rows) == \
        sorted((f"{r.agency_id}/2021", int(r.section), r.text) for r in expected.itertuples())


def test_a_report_links_its_cells_source_and_archived_file(site):
    browser, base, data = site
    reports = read_dataset(data, "reports")
    report = reports[reports["file_type"] == "pdf"].sort_values(["agency_id", "year"]).iloc[0]
    rid = f"{report['agency_id']}/{report['year']}"
    browser.open(f"{base}/site/reports/{rid.replace('/', '~2F')}", 1280, 900, ready=PAGE_LOADED, settle=0)
    archived = browser.js("document.querySelector('td.col-archived_file a').getAttribute('href')")
    assert archived == f"/-/archive/{report['sha256']}.{report['file_type']}"
    # The source is a local path: shown as text, never as a link.
    assert browser.js("document.querySelector('td.col-source_url a')") is None
    assert browser.js("document.querySelector('td.col-source_url').textContent.trim()") == report["source_url"]
    with urllib.request.urlopen(base + archived, timeout=10) as r:
        body, headers = r.read(), r.headers
    assert body == Path(report["source_url"]).read_bytes()
    assert headers["Content-Type"] == "application/pdf" and headers["Content-Security-Policy"].startswith("sandbox")
    requests = read_dataset(data, "requests")
    mine = requests[(requests["agency_id"] == report["agency_id"]) & (requests["year"] == report["year"])]
    rows = browser.js(f"fetch('/site/requests.json?report_id={quote(rid)}&_shape=array&_size=max')"
                      ".then(r => r.json())")
    assert sorted((r["row"], r["applicant"], r["value"], r["raw"]) for r in rows) == sorted(
        (c.row, c.applicant, None if c.value is None or c.value != c.value else int(c.value), c.raw)
        for c in mine.itertuples())


def test_ranking_query_page_lists_the_agencies_in_metric_order(site):
    browser, base, data = site
    browser.open(f"{base}/site/ranking?metric=share_granted&region=&year=2021&kind=", 1280, 900,
                 ready=PAGE_LOADED, settle=0)
    shown = browser.js("Array.from(document.querySelectorAll('table.rows-and-columns td.col-agency'))"
                       ".map(td => td.textContent.trim())")
    metrics = read_derived(data, "metrics")
    year = metrics[(metrics["year"] == 2021) & metrics["share_granted"].notna()]
    assert shown == list(year.sort_values(["share_granted", "agency"], ascending=[False, True])["agency"])
    assert browser.problems() == []


def test_a_chart_is_drawn_offline(site):
    browser, base, _ = site
    browser.events.clear()
    browser.open(f"{base}/site/metrics?year=2021", 1280, 900, ready=PAGE_LOADED, settle=0)
    # As a person would: open datasette-vega's form, pick a bar chart of requests per agency.
    browser.js("Array.from(document.querySelectorAll('button')).find(b => b.textContent === 'Show charting options')"
               ".click()")
    browser.wait_for("document.querySelector('select[name=x_column]')")
    browser.js("""(() => { const set = (name, v) => { const s = document.querySelector(`select[name=${name}]`);
        Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, v);
        s.dispatchEvent(new Event('change', {bubbles: true})); };
        set('x_column', 'agency'); set('x_type', 'nominal'); set('y_column', 'requests_received');
        set('y_type', 'quantitative'); document.querySelector('input[name=mark][value=bar]').click(); })()""")
    chart = "document.querySelector('.vega-embed canvas, .vega-embed svg.marks')"
    size = f"{chart}.getBoundingClientRect()"
    browser.wait_for(f"{chart} && {size}.width > 100 && {size}.height > 100", timeout=30)  # drawn with its data
    rect = browser.js(f"(() => {{const r = {chart}.getBoundingClientRect(); "
                      "return {x: r.left, y: r.top + scrollY, width: r.width, height: r.height}})()")
    assert rect["width"] > 100 and rect["height"] > 100
    img = browser.screenshot(rect).convert("L")
    drawn = 1 - sum(img.histogram()[245:]) / (img.width * img.height)
    assert drawn > 0.05, f"the chart looks blank ({drawn:.3f})"
    assert [u for u in browser.requests() if not u.startswith((base, "data:", "about:", "blob:"))] == []
    assert browser.problems() == []
