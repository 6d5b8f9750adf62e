"""``xxgk report`` on real reports: the region's page, self-contained, with the datasets' numbers."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.findings import read_derived

runner = CliRunner()


@pytest.fixture(scope="module")
def page(real_reports_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "huaian.html"
    r = runner.invoke(app, ["report", "--data", str(real_reports_data), "--region", "3208", "--year", "2024",
                            "-o", str(out), "-j", "1"])
    assert r.exit_code == 0, r.output
    return real_reports_data, out.read_text("utf-8"), r.output


def _card(html: str, key: str) -> str:
    return re.search(rf'data-testid="card-{key}"><b data-value="(\d+)">([\d,]+)</b>', html).group(2)


def test_overview_numbers_are_the_datasets(page):
    data, html, output = page
    # 淮安市人民政府 3119 + 34 and 淮安市洪泽区人民政府 95 + 0 (tests/expected/*.yaml).
    assert _card(html, "requests") == "3,248"
    assert _card(html, "reports") == "2"
    metrics = read_derived(data, "metrics")
    huaian = metrics[metrics["division_code"].str.startswith("3208") & (metrics["year"] == 2024)]
    assert _card(html, "reviews") == f"{int(huaian['reviews'].sum()):,}"
    assert _card(html, "lawsuits") == f"{int(huaian['lawsuits'].sum()):,}"
    assert "3208 2024, 2 reports" in output


def test_page_is_self_contained_and_names_the_region(page):
    _, html, _ = page
    assert "<title>3208 2024年政府信息公开工作年度报告分析</title>" in html
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html)
    assert html.count("<script") == 3                      # data, plotly.js, our script
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    figures = json.loads(re.search(r'<script type="application/json" id="figures">(.*?)</script>', html, re.DOTALL)
                         .group(1).replace("<\\/", "</"))
    bars = figures["chart-requests_received"]["data"][0]
    assert bars["y"] == ["淮安市人民政府", "淮安市洪泽区人民政府"] and bars["x"] == [3153, 95]
    denials = dict(zip(figures["chart-denials"]["data"][0]["y"], figures["chart-denials"]["data"][0]["x"],
                       strict=True))
    assert denials["行政查询事项"] >= 105                    # 淮安市人民政府 alone prints 105
    assert 'href="file://' in html and "huaian-city-gov-2024.pdf" in html   # links to the source documents


def test_years_without_reports_and_unknown_regions_fail_with_one_line(page, tmp_path):
    data, _, _ = page
    r = runner.invoke(app, ["report", "--data", str(data), "--region", "3208", "--year", "2019",
                            "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1
    assert r.output.strip() == f"no 2019 reports for region '3208' in {data} (years: 2023, 2024)"
    r = runner.invoke(app, ["report", "--data", str(data), "--region", "淮南市", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and r.output.strip() == f"no reports for region '淮南市' in {data}"
    assert not (tmp_path / "x.html").exists()


def test_a_chart_where_every_value_is_0_keeps_its_scale_and_says_so():
    import pandas as pd

    from pipeline.report import charts

    rows = pd.DataFrame({"agency": ["甲县公安局", "甲县财政局"], "share_denied": [0.0, 0.0],
                         "identities_ok": [True, True]})
    layout = charts.ranked_bar(rows, "share_denied")["layout"]
    assert layout["xaxis"]["range"] == [0, 100] and layout["xaxis"]["ticksuffix"] == "%"
    assert [a["text"] for a in layout["annotations"]] == ["全部为 0（2 项）"]
    some = charts.ranked_bar(rows.assign(share_denied=[0.5, 0.0]), "share_denied")["layout"]
    assert "range" not in some["xaxis"] and "annotations" not in some
    denials = pd.DataFrame({"label": ["国家秘密", "其他"], "requests": [0, 0]})
    assert charts.denial_reasons(denials)["layout"]["xaxis"]["range"] == [0, 1]


def test_only_web_and_relative_file_links_become_links():
    from pipeline.report.page import _link

    assert _link("https://www.yima.gov.cn/a.html") == '<a href="https://www.yima.gov.cn/a.html" rel="noopener">原文</a>'
    assert _link("reports/a b.pdf") == '<a href="reports/a b.pdf" rel="noopener">原文</a>'
    assert _link("/srv/报告 1.pdf") == '<a href="file:///srv/%E6%8A%A5%E5%91%8A%201.pdf" rel="noopener">原文</a>'
    for hostile in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:x",
                    "data:text/html,<b>", "vbscript:x", "file:///etc/passwd", "//evil.example/x", "\\\\evil\\x"]:
        assert "<a" not in _link(hostile) and "href" not in _link(hostile), hostile
