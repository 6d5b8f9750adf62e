"""Pure parts of the crawler: report titles, pagination, block pages, network safety, sources files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import corpus_path
from parsel import Selector

from scrapers.attribution import attribute
from scrapers.blocking import block_reason
from scrapers.cms import ADAPTERS, Page, choose
from scrapers.cms.hanweb import hanweb_listing, hanweb_records
from scrapers.discovery import attachments, is_navigation, same_site
from scrapers.jobfiles import remove_stale
from scrapers.netsafety import UnsafeURL, address_problem, check_url
from scrapers.records import ReportKey
from scrapers.sources import Source, SourcesError, parse_sources
from scrapers.titles import read_title


@pytest.mark.parametrize(("title", "year", "agency", "variant"), [
    ("平潭综合实验区2024年度政府信息公开工作年度报告", 2024, "平潭综合实验区", "main"),
    ("青山县财政局2023年政府信息公开工作年度报告（图片版）", 2023, "青山县财政局", "image"),
    ("青山县财政局 2022 年政府信息公开工作年度报告(超链版)", 2022, "青山县财政局", "hyperlink"),
    ("二〇二三年政府信息公开年报", 2023, None, "main"),
    ("义马市信访局2024年政府信息公开工作年报", 2024, "义马市信访局", "main"),
])
def test_report_titles(title, year, agency, variant):
    t = read_title(title)
    assert (t.year, t.agency, t.variant, t.skip) == (year, agency, variant, None)


@pytest.mark.parametrize("title", ["政府信息公开年报", "2023年政府工作报告", "政府信息公开指南", "政府信息公开目录"])
def test_not_report_titles(title):
    assert read_title(title) is None


@pytest.mark.parametrize(("title", "reason"), [
    ("《青山县人民政府2022年政府信息公开工作年度报告》解读", "解读"),
    ("图解：青山县2023年政府信息公开工作年度报告", "图解"),
    ("一图读懂青山县财政局2023年政府信息公开工作年度报告", "一图读懂"),
    ("青山县2023年政府信息公开工作年度报告（H5版）", "H5 / 长图"),
    ("青山县2023年政府信息公开工作年度报告长图", "H5 / 长图"),
    ("青山县2024年政务公开工作要点", "工作要点"),
    ("关于报送2023年政府信息公开工作年度报告的通知", "通知 / 函"),
    ("关于做好2023年政府信息公开工作年度报告编制发布工作的函", "通知 / 函"),
])
def test_distractors_are_skipped_with_a_reason(title, reason):
    assert read_title(title).skip.startswith(reason)


def test_navigation_text():
    assert is_navigation("政府信息公开") and is_navigation("政府信息公开年报")
    assert not is_navigation("政府信息公开指南", strict=True)
    assert is_navigation("政府信息公开年报", strict=True)
    assert not is_navigation("政务服务")


def trs_pages(html: str, base: str) -> list[str]:
    return [p.url for p in ADAPTERS["trs"].pages(Page(base, html), listed_new=False, depth=0)]


@pytest.mark.parametrize("html", [
    '<script>createPageHTML(4, 0, "index", "html");</script>',
    ('<script>var countPage = 4//共多少页\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, "index", "html");'
    "</script>"),
    ("<script>var recordCount = 31, pageSize = 10; createPageHTML(Math.ceil(recordCount/pageSize), 0, 'index', 'html')"
    "</script>"),
    "<script>createPageHTML('page_div', 4, 0, 'index', 'html', 38);</script>",
])
def test_trs_create_page_html_literal_variable_expression(html):
    assert trs_pages(html, "http://x.gov.cn/a/zfxxgknb/index.html") == [
        "http://x.gov.cn/a/zfxxgknb/index_1.html", "http://x.gov.cn/a/zfxxgknb/index_2.html",
        "http://x.gov.cn/a/zfxxgknb/index_3.html"]


def test_trs_pager_never_guessed():
    assert trs_pages("<script>createPageHTML(total(), 0, 'index', 'html')</script>", "http://x.gov.cn/a/") == []


HANWEB = """<div id="5001"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1001&unitid=5001&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2024/3/1/art_1001_7.html" title="青山县人民政府2023年政府信息公开工作年度报告">青山县…</a></li>]]></record>
<record><![CDATA[<li><a href="/art/2023/3/1/art_1001_6.html">青山县人民政府2022年政府信息公开工作年度报告</a></li>]]></record>
</recordset></datastore></script></div>
<script>$("#5001").jpage({dataStore: dataStore, perPage: 2, totalRecord: 9, proxyUrl: "/module/web/jpage/dataproxy.jsp"});</script>"""


def test_hanweb_records_and_dataproxy():
    links = hanweb_records(HANWEB, "http://h.gov.cn/col/col1001/index.html")
    assert [(link.url, link.text) for link in links] == [
        ("http://h.gov.cn/art/2024/3/1/art_1001_7.html", "青山县人民政府2023年政府信息公开工作年度报告"),
        ("http://h.gov.cn/art/2023/3/1/art_1001_6.html", "青山县人民政府2022年政府信息公开工作年度报告")]
    listing = hanweb_listing(HANWEB, "http://h.gov.cn/col/col1001/index.html")
    assert (listing.per_page, listing.total, listing.inline) == (2, 9, 2)
    assert listing.group_urls(3, 100) == [
        ("http://h.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=8&perpage=2&appid=1&webid=1"
        "&path=%2F&columnid=1001&unitid=5001&permissiontype=0"),
        ("http://h.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=9&endrecord=14&perpage=2&appid=1&webid=1"
        "&path=%2F&columnid=1001&unitid=5001&permissiontype=0")]


def test_attachments_of_a_report_page():
    html = """<div class="header"><img src="/images/logo.png"></div><div id="zoom"><p>详见附件</p>
    <img src="/picture/0/t3.jpg"><a href="./P020240130.pdf">报告.pdf</a>
    <a href="/module/download/downfile.jsp?classid=0&amp;filename=abc.docx">报告.docx</a>
    <a href="file:///etc/passwd">x</a></div><iframe src="/pdfjs/viewer.html?file=/u/r.pdf"></iframe>"""
    urls = [a.url for a in attachments(Selector(text=html), "http://t.gov.cn/a/202401/t1.html",
                                       ADAPTERS["trs"].body_xpaths)]
    assert urls == ["http://t.gov.cn/a/202401/P020240130.pdf",
                    "http://t.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.docx",
                    "http://t.gov.cn/u/r.pdf", "http://t.gov.cn/picture/0/t3.jpg"]


def test_same_site_and_agency_resolution():
    assert same_site("http://zwgk.pingtan.gov.cn/x", "https://www.pingtan.gov.cn/")
    assert not same_site("http://www.fujian.gov.cn/", "https://www.pingtan.gov.cn/")
    pingtan = Source("平潭综合实验区管委会", ("https://www.pingtan.gov.cn/",))
    assert attribute(pingtan, ReportKey("平潭综合实验区", 2023)).key == ReportKey("平潭综合实验区管委会", 2023)
    assert attribute(pingtan, ReportKey("", 2023)).key == ReportKey("平潭综合实验区管委会", 2023)
    other = attribute(pingtan, ReportKey("平潭综合实验区财政金融局", 2023))
    assert (other.key, other.skip) == (None, "another agency's report (平潭综合实验区财政金融局); this source's scope is own")
    portal = Source("平潭综合实验区管委会", ("https://www.pingtan.gov.cn/",), scope="portal")
    assert attribute(portal, ReportKey("平潭综合实验区财政金融局", 2023)).key == ReportKey("平潭综合实验区财政金融局", 2023)


@pytest.mark.parametrize(("status", "cookie", "body", "reason"), [
    (200, b"wzws_cid=abc; path=/", b"<html><script>var a=1</script></html>", "WZWS JavaScript challenge (cookie wzws_cid)"),
    (412, b"", b"<html><head><script>$_ts=window['$_ts'];</script></head><body></body></html>",
     "瑞数 (Ruishu) JavaScript challenge (HTTP 412, script-only page)"),
    (521, b"", b"<script>document.cookie='x'</script>", "加速乐 (jsl) JavaScript challenge (HTTP 521)"),
    (200, b"", '<html><form><p>请先登录</p><input type="password"></form></html>'.encode(), "login wall"),
])
def test_block_pages(status, cookie, body, reason):
    headers = {b"set-cookie": [cookie]} if cookie else {}
    assert block_reason(status, headers, body) == reason


def test_real_pages_are_not_blocks():
    page = ("<html><body><h1>青山县2023年政府信息公开工作年度报告</h1>" + "<p>一、总体情况。本机关认真贯彻落实条例。</p>" * 30
            + "<form>验证码<input type=password></form><script>var x=1</script></body></html>").encode()
    assert block_reason(200, {}, page) is None
    assert block_reason(200, {}, b"%PDF-1.7 ... <script>") is None
    assert block_reason(404, {}, b"<html><script>location='/'</script></html>") is None


def test_network_safety():
    assert address_problem("10.1.2.3", allow_private=False) == "10.1.2.3 is a private address"
    assert address_problem("127.0.0.1", allow_private=False) == "127.0.0.1 is a loopback address"
    assert address_problem("127.0.0.1", allow_private=True) is None
    assert address_problem("169.254.169.254", allow_private=True) == "169.254.169.254 is a link-local address"
    assert address_problem("::ffff:192.168.1.1", allow_private=False) == "192.168.1.1 is a private address"
    assert address_problem("1.2.4.8", allow_private=False) is None
    with pytest.raises(UnsafeURL, match="only http and https"):
        check_url("file:///etc/passwd", allow_private=True)
    with pytest.raises(UnsafeURL, match="link-local"):
        check_url("http://169.254.169.254/latest/meta-data/", allow_private=True)
    with pytest.raises(UnsafeURL, match="loopback address .--allow-private-networks allows it"):
        check_url("http://127.0.0.1:8000/", allow_private=False)


SOURCES = """sources:
  - agency: 义马市人民政府
    region: 河南省三门峡市义马市
    start_urls:
      - http://www.yima.gov.cn/col/col123/index.html
    cms: auto
  - agency: 义马市信访局
    start_url: http://www.yima.gov.cn/x/
    cms: dedecms
  - agency: 义马市财政局
    start_urls: [file:///etc/passwd]
  - agency: 义马市人民政府
    start_urls: [http://a.gov.cn/]
"""


def test_sources_problems_name_their_lines():
    with pytest.raises(SourcesError) as err:
        parse_sources(SOURCES, "s.yaml")
    assert err.value.problems == [
        "s.yaml:8: unknown key 'start_url' (allowed: agency, cms, region, scope, start_urls, years)",
        "s.yaml:7: missing required key 'start_urls'",
        "s.yaml:9: cms must be one of auto, hanweb, trs, generic, not 'dedecms'",
        "s.yaml:11: start URL 'file:///etc/passwd' is not http(s)",
        "s.yaml:12: agency '义马市人民政府' is listed twice (first on line 2)",
    ]
    good = parse_sources(SOURCES.split("  - agency: 义马市信访局")[0])
    assert [(s.agency, s.region, s.start_urls, s.cms, s.line) for s in good] == [
        ("义马市人民政府", "河南省三门峡市义马市", ("http://www.yima.gov.cn/col/col123/index.html",), "auto", 2)]


def test_sources_check_command(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SOURCES, "utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(SOURCES.split("  - agency: 义马市信访局")[0], "utf-8")
    cmd = [sys.executable, "-m", "pipeline.cli", "sources", "check"]
    out = subprocess.run([*cmd, str(bad)], capture_output=True, text=True, check=False)
    assert out.returncode == 1
    assert out.stderr.splitlines()[0] == (f"{bad}:8: unknown key 'start_url' (allowed: agency, cms, region, scope,"
                                          " start_urls, years)")
    out = subprocess.run([*cmd, str(good)], capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout.strip()) == (0, f"{good}: 1 sources, 1 start URLs: OK")


def test_cms_auto_fingerprints():
    pingtan = corpus_path("sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/index.html").read_text("utf-8")
    adapter, why = choose("auto", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html", pingtan)
    assert (adapter.name, why) == ("trs", "fingerprint: TRS listModel (list2.trsapi)")
    assert choose("auto", "http://h.gov.cn/col/col1001/index.html", HANWEB)[0].name == "hanweb"
    assert choose("auto", "http://g.gov.cn/nb/", "<a href='1.htm'>下一页</a>") == (ADAPTERS["generic"],
                                                                                 "no CMS fingerprint found")
    assert choose("hanweb", "http://g.gov.cn/nb/", "") == (ADAPTERS["hanweb"], "cms: hanweb in the sources file")


def test_pingtan_dongjing_static_pages():
    text = corpus_path("sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/index.html").read_text("utf-8")
    base = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/index.html"
    pages = ADAPTERS["trs"].pages(Page(base, text), listed_new=True, depth=0)
    assert [(p.url, p.optional) for p in pages] == [("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/index_1.html", True)]


def test_generic_probe_and_page_numbers():
    base = "http://g.gov.cn/bmnb/list.jsp?page=1"
    html = '<a href="list.jsp?page=2">2</a><a href="/other.jsp?page=3">3</a><a href="index_2.html">下一页</a>'
    pages = ADAPTERS["generic"].pages(Page(base, html), listed_new=True, depth=1)
    assert [p.url for p in pages] == ["http://g.gov.cn/bmnb/list.jsp?page=2", "http://g.gov.cn/bmnb/index_2.html"]
    probe = ADAPTERS["generic"].pages(Page("http://g.gov.cn/nb/index_3.html", "<p/>"), listed_new=True, depth=0)
    assert [(p.url, p.optional) for p in probe] == [("http://g.gov.cn/nb/index_4.html", True)]
    assert ADAPTERS["generic"].pages(Page("http://g.gov.cn/nb/index_3.html", "<p/>"), listed_new=False, depth=0) == []


def _crawl_holding_a_job_file(data: Path) -> tuple[subprocess.Popen, Path]:
    """A process that made a job file the way a crawl does and holds it (as a running crawl would)."""
    code = ("import time\nfrom pathlib import Path\nfrom scrapers.jobfiles import job_file\n"
            f"with job_file(Path({str(data)!r}), '{{}}') as p:\n    print(p, flush=True)\n    time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    return proc, Path(proc.stdout.readline().strip())


def test_stale_crawl_job_files_removed_never_a_live_one(tmp_path):
    stale = tmp_path / ".crawl-job-old.json"
    stale.write_text("{}")
    fresh = tmp_path / ".crawl-job-new.json"  # being created right now: left alone
    fresh.write_text("{}")
    killed, held = _crawl_holding_a_job_file(tmp_path)
    live, running = _crawl_holding_a_job_file(tmp_path)
    killed.kill()  # kill -9: its job file stays behind, unlocked
    killed.wait()
    old = time.time() - 3600
    for path in (stale, held, running):
        os.utime(path, (old, old))
    try:
        assert sorted(remove_stale(tmp_path)) == sorted([stale, held])
        assert running.exists() and fresh.exists()
    finally:
        live.kill()
        live.wait()


def test_sources_scope_and_years():
    text = ("sources:\n  - agency: 渑池县人民政府\n    start_urls: [http://www.mianchi.gov.cn/]\n    scope: portal\n"
            "    years: 2008-\n  - agency: 渑池县财政局\n    start_urls: [http://www.mianchi.gov.cn/czj/]\n"
            "    years: 2019-2024\n")
    assert [(s.scope, s.years) for s in parse_sources(text)] == [("portal", (2008, None)), ("own", (2019, 2024))]
    with pytest.raises(SourcesError) as err:
        parse_sources(text.replace("scope: portal", "scope: county").replace("2019-2024", "2024-2019"), "s.yaml")
    assert err.value.problems == ["s.yaml:4: scope must be one of own, portal, not 'county'",
                                  "s.yaml:8: years must be like 2019- or 2008-2024, not '2024-2019'"]
