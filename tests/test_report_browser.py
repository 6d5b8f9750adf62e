"""The report page in a real browser: headless Chromium (Debian's), driven over the DevTools protocol.

Checks what a reader would: the page loads with no console errors and no
network, every chart draws (screenshots of the chart areas are not blank),
Chinese is rendered with a CJK font, numbers on the page equal the datasets',
and on a phone-sized screen nothing sticks out sideways.
"""

from __future__ import annotations

import pytest
from browser import CHROMIUM, Browser

from pipeline.findings import read_derived
from pipeline.report import write_report

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[dev]')")
pytest.importorskip("PIL.Image", reason="Pillow is not installed")
def _ink(img) -> float:
    """Share of pixels that are not (near) white."""
    gray = img.convert("L")
    hist = gray.histogram()
    return 1 - sum(hist[245:]) / (img.width * img.height)


@pytest.fixture(scope="module")
def page(tmp_path_factory, sample_corpus_data):
    tmp = tmp_path_factory.mktemp("report")
    out = tmp / "report.html"
    write_report(sample_corpus_data, None, 2021, out, jobs=1)
    browser = Browser(tmp / "profile")
    try:
        browser.open(out.as_uri(), 1100, 900)
        yield browser, sample_corpus_data, out
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
