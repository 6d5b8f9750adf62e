"""The report page in a real browser: headless Chromium (Debian's), driven over the DevTools protocol.

Checks what a reader would: the page loads with no console errors and no
network, every chart draws (screenshots of the chart areas are not blank),
Chinese is rendered with a CJK font, numbers on the page equal the datasets',
and on a phone-sized screen nothing sticks out sideways.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.extract import extract_path
from pipeline.findings import read_derived
from pipeline.load import load
from pipeline.report import write_report
from pipeline.samples.corpus import generate_corpus

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
websocket = pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[dev]')")
Image = pytest.importorskip("PIL.Image", reason="Pillow is not installed")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--remote-allow-origins=*"]


class Browser:
    """The few DevTools calls the test needs, with every console error and exception recorded."""

    def __init__(self, profile: Path):
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "DOM", "CSS", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]
            self.events.append(msg)

    def js(self, expression: str):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def open(self, url: str, width: int, height: int, mobile: bool = False) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=mobile)
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 60
        while self.js("document.body && document.body.dataset.ready") != "1":
            assert time.monotonic() < deadline, "the page's script never finished"
            time.sleep(0.2)
        self.js("new Promise(r => setTimeout(r, 300))")  # let Plotly finish its responsive relayout

    def screenshot(self, rect: dict):
        clip = {"x": rect["x"], "y": rect["y"], "width": rect["width"], "height": rect["height"], "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)["data"]
        return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")

    def problems(self) -> list[str]:
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(f"exception: {p['exceptionDetails'].get('text')} {p['exceptionDetails'].get('exception', {})}")
            elif e.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(f"console.{p['type']}: {[a.get('value') for a in p.get('args', [])]}")
            elif e.get("method") == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        return out

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _ink(img) -> float:
    """Share of pixels that are not (near) white."""
    gray = img.convert("L")
    hist = gray.histogram()
    return 1 - sum(hist[245:]) / (img.width * img.height)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    generate_corpus(tmp / "samples", n=40, seed=2024)
    load((extract_path(p) for p in sorted((tmp / "samples").iterdir()) if p.suffix != ".json"), tmp / "data")
    out = tmp / "report.html"
    write_report(tmp / "data", None, 2021, out, jobs=1)
    browser = Browser(tmp / "profile")
    try:
        browser.open(out.as_uri(), 1100, 900)
        yield browser, tmp / "data", out
    finally:
        browser.close()


def test_page_loads_offline_without_console_errors(page):
    browser, _, out = page
    assert browser.problems() == []
    assert [u for u in browser.requests() if not u.startswith(("file:", "data:", "about:"))] == []
    assert browser.js("typeof Plotly") == "object"
    html = out.read_text("utf-8")
    assert "<script src=" not in html and "cdn" not in html.split("<script>")[0].lower()


def test_every_chart_is_drawn_and_not_blank(page):
    browser, _, _ = page
    charts = browser.js("""Array.from(document.querySelectorAll('.chart')).map(el => {
        const r = el.getBoundingClientRect();
        return {id: el.id, x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height,
                marks: el.querySelectorAll('.trace path, .trace .point, .scatterlayer .lines path').length};
    })""")
    assert len(charts) == 12
    for c in charts:
        assert c["marks"] > 0, f"{c['id']} has no bars or lines"
        assert c["height"] > 150 and c["width"] > 300, c
        ink = _ink(browser.screenshot(c))
        assert ink > 0.03, f"{c['id']} looks blank ({ink:.3f} of its pixels drawn)"


def test_chinese_is_rendered_with_a_cjk_font(page):
    browser, _, _ = page
    root = browser.call("DOM.getDocument")["root"]["nodeId"]
    h1 = browser.call("DOM.querySelector", nodeId=root, selector="h1")["nodeId"]
    fonts = browser.call("CSS.getPlatformFontsForNode", nodeId=h1)["fonts"]
    cjk = [f for f in fonts if "CJK" in f["familyName"] or "Han" in f["familyName"]]
    assert cjk and sum(f["glyphCount"] for f in cjk) >= len("全部地区年政府信息公开工作年度报告分析")
    assert browser.js("document.querySelector('h1').textContent") == "全部地区 2021年政府信息公开工作年度报告分析"
    rect = browser.js("(() => {const r = document.querySelector('h1').getBoundingClientRect();"
                      "return {x: r.left, y: r.top + scrollY, width: r.width, height: r.height}})()")
    # White text on the dark header: the heading's box holds light glyph pixels.
    img = browser.screenshot(rect).convert("L")
    assert sum(img.histogram()[200:]) / (img.width * img.height) > 0.05


def test_numbers_on_the_page_equal_the_datasets(page):
    browser, data, _ = page
    metrics = read_derived(data, "metrics")
    year = metrics[metrics["year"] == 2021]
    shown = browser.js("document.querySelector('[data-testid=card-requests] b').textContent")
    assert shown == f"{int(year['requests_received'].sum()):,}"
    assert browser.js("document.querySelector('[data-testid=card-reports] b').textContent") == str(len(year))
    row = year[year["share_granted"].notna()].sort_values("agency").iloc[0]
    cell = browser.js(f"document.querySelector('tr[data-agency-id=\"{row['agency_id']}\"] "
                      f"td[data-metric=share_granted]').textContent")
    assert cell == f"{float(row['share_granted']) * 100:.1f}%"
    late = read_derived(data, "findings_late")
    assert browser.js("document.querySelector('[data-testid=card-late] b').textContent") == \
        str(int((late["year"] == 2021).sum()))


def test_table_sorts_by_a_clicked_column(page):
    browser, data, _ = page
    order = browser.js("""(() => {
        const ths = Array.from(document.querySelectorAll('table.sortable th'));
        ths.find(th => th.textContent === '予以公开比例').click();
        return Array.from(document.querySelectorAll('table.sortable tbody tr')).map(tr => tr.dataset.agencyId);
    })()""")
    metrics = read_derived(data, "metrics")
    year = metrics[metrics["year"] == 2021]
    with_value = year[year["share_granted"].notna()].sort_values("share_granted", ascending=False)
    assert order[:len(with_value)] == list(with_value["agency_id"])


def test_phone_screen_has_no_sideways_overflow(page):
    browser, _, out = page
    browser.open(out.as_uri(), 390, 800, mobile=True)
    try:
        widths = browser.js("[document.documentElement.scrollWidth].concat(Array.from("
                            "document.querySelectorAll('.chart .main-svg')).map(s => s.getBoundingClientRect().right))")
        assert max(widths) <= 391, widths
    finally:
        browser.open(out.as_uri(), 1100, 900)
