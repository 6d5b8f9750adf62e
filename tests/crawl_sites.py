"""Generated government sites, one per CMS listing pattern, served on loopback by the tests.

Every site is built from the patterns real sites show (see scrapers/cms):
TRS pagers with variables, expressions and external scripts, 动静结合 lists
with static and JSON pages (GBK), a portal column of several departments with
distractors and reports published only as attachments (download?id= links
with 302 to another host of the site, Content-Disposition names, Chinese file
names, .pdf/.doc/.docx/.wps/.rtf), and a generic list probed page by page.
"""

from __future__ import annotations

import json
import random
from html import escape
from urllib.parse import quote

from pipeline.samples import make_report, render_docx, render_pdf
from pipeline.samples.names import Agency
from scrapers.demo import Site

REPORT = "{agency}{year}年政府信息公开工作年度报告"


def page(title: str, body: str, charset: str = "utf-8", head: str = "") -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">{head}'
            f'<title>{escape(title)}</title></head><body><div class="header"><a href="/">首页</a> 政府信息公开 '
            f"部门信息公开 政策文件 政策解读</div><h2>{escape(title)}</h2>{body}"
            '<div class="footer">主办单位：渑池县人民政府办公室 地址：渑池县 联系电话：0398-0000000</div></body></html>')


def article(title: str, text: str, charset: str = "utf-8", info: str = "") -> str:
    return page(title, f'<h1>{escape(title)}</h1><table class="info"><tr><td>{info}</td></tr></table>'
                       f'<div class="TRS_Editor"><p>{text}</p></div>', charset)


def entries(items: list[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f'<li><a href="{escape(h)}" title="{escape(t)}">{escape(t[:18])}</a></li>'
                            for t, h in items) + "</ul>"


def real_report(agency: str, year: int, kind: str) -> bytes:
    """A generated report with known numbers (so extraction can choose it over its article page)."""
    rng = random.Random(f"{agency}/{year}")
    report = make_report(rng, "2021", agency=Agency(agency, "x", False), year=year, mixed=False)
    return {"pdf": render_pdf, "docx": render_docx}[kind](report, rng)


# ---- TRS ---------------------------------------------------------------------------------------------

TRS_AGENCIES = {"var": "渑池县财政局", "expr": "渑池县教育局", "extjs": "渑池县公安局", "dongjing": "渑池县卫生健康委员会"}


def trs_site() -> Site:
    """Four TRS columns (GBK): a variable pager, a computed pager, a pager in an external script,
    and a 动静结合 list (index_1 static, index_2 announced but never generated, pages 3–4 JSON)."""
    site = Site("trs", encoding="gbk")

    def reports(kind: str, years: range, root: str) -> list[tuple[str, str]]:
        out = []
        for y in years:
            title = REPORT.format(agency=TRS_AGENCIES[kind], year=y)
            href = f"{root}{y + 1}02/t{y + 1}0215_{y}.html"
            site.add(href, article(title, "报告正文。", "gb2312"))
            out.append((title, href))
        return out

    pagers = {
        "var": '<script>var countPage = 3//共多少页\nvar currentPage = {cur};\n'
               'createPageHTML(countPage, currentPage, "index", "html");</script>',
        "expr": "<script>var recordCount = 3, pageSize = 1;\n"
                "createPageHTML('page_div', Math.ceil(recordCount/pageSize), {cur}, 'index', 'shtml', 3);</script>",
        "extjs": '<script>var countPage = 3, currentPage = {cur};</script><script src="./pager.js"></script>',
    }
    for kind, pager in pagers.items():
        root = f"/{kind}/zfxxgknb/"
        ext = "shtml" if kind == "expr" else "html"
        items = reports(kind, range(2021, 2024), root)
        for i, item in enumerate(items):
            name = "index" if i == 0 else f"index_{i}"
            site.add(f"{root}{name}.{ext}", page("年报", entries([item]) + pager.replace("{cur}", str(i)), "gb2312"))
    site.add("/extjs/zfxxgknb/pager.js", 'createPageHTML(countPage, currentPage, "index", "html");',
             "application/javascript")
    root = "/dongjing/zfxxgknb/"
    items = reports("dongjing", range(2019, 2024), root)
    config = ('<script>require(["list2.trsapi"], function(listModel) { listModel({quickMode: "动静结合", '
              'maxStaticIndex: 2, url: "/openapi/list?channelid=7", listArgs: {channelid: SiteInfo.searchId}, '
              "pagebar: {prepage: 1, recordCount: '5', pgTemp: \"pgBar_xxgk.html\"}}); });</script>")
    site.add(root + "index.html", page("年报", entries(items[:1]) + config, "gb2312"))
    site.add(root + "index_1.html", page("年报", entries(items[1:2]) + config, "gb2312"))
    for k in (3, 4):  # index_2.html (with 2021) is announced but was never generated: a 404
        title, href = items[k]
        body = {"code": 200, "data": {"total": 5, "list": [{"title": title, "url": href, "pubDate": "2024-02-01"}]}}
        site.add(f"/openapi/list?channelid=7&page={k}&pagesize=1", json.dumps(body, ensure_ascii=False).encode(),
                 "application/json; charset=utf-8")
    return site


# ---- a portal column: several departments, distractors, attachments ----------------------------------

PORTAL = "渑池县人民政府"
DEPARTMENTS = ("渑池县财政局", "渑池县教育局", "渑池县卫生健康委员会")
DISTRACTORS = {
    "/art/3.html": "《渑池县财政局2023年政府信息公开工作年度报告》解读",
    "/art/4.html": "一图读懂渑池县教育局2023年政府信息公开工作年度报告",
    "/art/5.html": "关于报送2023年政府信息公开工作年度报告的通知",
    "/art/8.html": "渑池县教育局2022年政府信息公开工作年度报告（长图版）",
    "/art/9.html": "渑池县2024年政务公开工作要点",
}


def portal_site(file_host: str) -> tuple[Site, Site]:
    """The county portal's 部门年报 column (``?page=N`` pager) and the file host its downloads redirect to."""
    site, files = Site("portal"), Site("files")
    czj, jyj, wjw = DEPARTMENTS
    site.add("/art/1.html", article(REPORT.format(agency=czj, year=2023),
                                    '详见附件：<a href="/attach/download?id=1">附件1</a>'))
    files.add("/upload/2024/渑池县财政局2023年年报.pdf", real_report(czj, 2023, "pdf"), "application/pdf")
    site.add("/art/2.html", article(REPORT.format(agency=jyj, year=2023),
                                    '全文见附件。<a href="/attach/download?id=2">下载</a>'))
    name = quote("渑池县教育局2023年年报.docx")
    site.add("/attach/download?id=2", real_report(jyj, 2023, "docx"),
             "application/octet-stream", headers=(("Content-Disposition", f"attachment; filename*=UTF-8''{name}"),))
    for path, kind in (("/files/卫健委2022年报.wps", "wps"), ("/files/czj2022.rtf", "rtf"),
                       ("/files/教育局2022年报.doc", "doc")):
        site.add(path, f"{kind} file".encode() * 50, "application/octet-stream")
    site.add("/art/6.html", article("2023年政府信息公开工作年度报告", "报告正文（表格见附件）。",
                                    info=f"发布机构：{wjw}"))
    for path, title in DISTRACTORS.items():
        site.add(path, article(title, "图文解读。"))
    page1 = [(REPORT.format(agency=czj, year=2023), "/art/1.html"), (REPORT.format(agency=jyj, year=2023), "/art/2.html"),
             ("2023年政府信息公开工作年度报告", "/art/6.html"), *[(t, p) for p, t in list(DISTRACTORS.items())[:3]]]
    page2 = [(REPORT.format(agency=wjw, year=2022), "/files/卫健委2022年报.wps"),
             (REPORT.format(agency=czj, year=2022), "/files/czj2022.rtf"),
             (REPORT.format(agency=jyj, year=2022), "/files/教育局2022年报.doc"),
             *[(t, p) for p, t in list(DISTRACTORS.items())[3:]]]
    pager = '<div class="pager"><a href="list.jsp?page=1">1</a> <a href="list.jsp?page=2">2</a></div>'
    for n, items in ((1, page1), (2, page2)):
        site.add(f"/bmnb/list.jsp?page={n}", page("部门年报", entries(items) + pager))
    return site, files


# ---- generic: no pager at all, pages probed; redirects ---------------------------------------------

GENERIC = "渑池县交通运输局"


def generic_site() -> Site:
    """A list with no pager (index.html, index_1.html exist; index_2.html does not), one report
    link redirecting to itself and one redirecting to a report already fetched."""
    site = Site("generic")
    items = []
    for y in (2020, 2021, 2022):
        title = REPORT.format(agency=GENERIC, year=y)
        site.add(f"/jtj/nb/{y}.htm", article(title, "报告正文。"))
        items.append((title, f"/jtj/nb/{y}.htm"))
    site.add("/jtj/nb/index.html", page("年报", entries(items[:1] + [
        (REPORT.format(agency=GENERIC, year=2019), "/jtj/nb/self.htm"),
        (REPORT.format(agency=GENERIC, year=2018) + "（超链版）", "/jtj/nb/alias.htm")])))
    site.add("/jtj/nb/index_1.html", page("年报", entries(items[1:])))
    return site
