"""Demo government sites built from generated reports (known numbers).

A county government and its departments over several years: the government
and some departments on a Hanweb-style UTF-8 site (``/col/colN/index.html``
columns whose listings page through ``dataproxy.jsp``), the other departments
on a TRS-style GBK site (``index.html``, ``index_1.html`` … driven by
``createPageHTML``), one of them linking its reports straight to PDF/DOCX
files. Reports are HTML article pages, or short pages with a PDF or DOCX
attachment; robots.txt disallows search pages only.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote, urlencode

from pipeline.samples import make_report, render_docx, render_html, render_pdf
from pipeline.samples.names import Agency
from pipeline.samples.numbers import ReportNumbers

from .site import HANWEB_PROXY, Site

MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_CHARSET = re.compile(rb"<meta[^>]*charset=[\"']?([\w-]+)[^>]*>", re.IGNORECASE)


@dataclass
class DemoSource:
    agency: str
    site: str            # "hanweb" | "trs"
    start_paths: list[str]
    cms: str = "auto"


@dataclass
class DemoSites:
    sites: dict[str, Site]
    sources: list[DemoSource]
    truth: dict[tuple[str, int], ReportNumbers] = field(default_factory=dict)
    # (agency, year) → path of the report's main document on its site
    documents: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)

    def sources_yaml(self, bases: dict[str, str]) -> str:
        """The sources file for these sites served at ``bases`` (site name → http://host:port)."""
        lines = ["sources:"]
        for s in self.sources:
            lines += [f"  - agency: {s.agency}", "    start_urls:"]
            lines += [f"      - {bases[s.site]}{p}" for p in s.start_paths]
            lines.append(f"    cms: {s.cms}")
        return "\n".join(lines) + "\n"


def _when(d) -> float:
    return datetime(d.year, d.month, d.day, 9, 30, tzinfo=UTC).timestamp()


def _reencode(page: bytes, encoding: str) -> bytes:
    """A generated HTML page re-encoded for a site, with its charset declaration to match."""
    m = _CHARSET.search(page[:2048])
    declared = (m.group(1).decode() if m else "utf-8").lower()
    text = page.decode("gb18030" if declared in ("gb2312", "gbk") else declared)
    label = "gb2312" if encoding == "gbk" else "utf-8"
    text = re.sub(r"(<meta[^>]*charset=[\"']?)[\w-]+", lambda mm: mm.group(1) + label, text, count=1, flags=re.IGNORECASE)
    return text.encode(encoding, errors="xmlcharrefreplace")


def _reports(rng: random.Random, agency: Agency, years: range) -> list[ReportNumbers]:
    out, previous = [], None
    for year in years:
        fmt = "2021" if year > 2020 else "2019"
        previous = make_report(rng, fmt, agency=agency, year=year, previous=previous, mixed=False)
        out.append(previous)
    return out


def _render(report: ReportNumbers, kind: str, seed: int) -> bytes:
    rng = random.Random(f"{seed}/{report.agency}/{report.year}")
    return {"html": render_html, "pdf": render_pdf, "docx": render_docx}[kind](report, rng)


def _page(site_title: str, title: str, body: str, charset: str) -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{escape(title)}_{escape(site_title)}</title></head>\n<body>\n"
            f'<div class="header"><a href="/">{escape(site_title)}</a> <a href="/search/">站内搜索</a></div>\n'
            f"{body}\n<div class=\"footer\">主办单位：{escape(site_title)}办公室</div>\n</body></html>\n")


def _attachment_page(site_title: str, report: ReportNumbers, href: str, ext: str, charset: str) -> str:
    pub = report.published_date.isoformat()
    body = (f'<div class="article"><h1>{escape(report.title)}</h1><div class="info">发布日期：{pub}'
            f"&nbsp;来源：{escape(report.agency)}</div>\n"
            f'<div id="zoom"><p>现将《{escape(report.title)}》全文公布，详见附件。</p>\n'
            f'<p>附件：<a href="{escape(href)}">{escape(report.title)}.{ext}</a></p></div></div>')
    return _page(site_title, report.title, body, charset)


def build_demo(seed: int = 2024, years: range = range(2020, 2025), county: tuple[str, str] = ("渑池县", "mianchi"),
               hanweb_departments: int = 2, trs_departments: int = 3, per_page: int = 2) -> DemoSites:
    """The demo sites; same seed, same bytes."""
    rng = random.Random(seed)
    place, slug = county
    offices = [("财政局", "czj"), ("公安局", "gaj"), ("教育局", "jyj"), ("自然资源局", "zrzyj"),
               ("市场监督管理局", "scjgj"), ("卫生健康委员会", "wjw"), ("交通运输局", "jtj")]
    government = Agency(f"{place}人民政府", f"{slug}-gov", True)
    hanweb_agencies = [government] + [Agency(place + o, f"{slug}-{s}", False) for o, s in offices[:hanweb_departments]]
    trs_agencies = [Agency(place + o, f"{slug}-{s}", False)
                    for o, s in offices[hanweb_departments:hanweb_departments + trs_departments]]
    demo = DemoSites(sites={"hanweb": Site("hanweb", encoding="utf-8"), "trs": Site("trs", encoding="gbk")},
                     sources=[])
    kinds = ("html", "pdf", "docx")
    for i, agency in enumerate(hanweb_agencies):
        reports = _reports(rng, agency, years)
        _hanweb_column(demo, agency, reports, [kinds[(i + j) % 3] for j in range(len(reports))], 1001 + i,
                       per_page, seed, interpretation=agency is government)
    _hanweb_home(demo.sites["hanweb"], government.name)
    demo.sources.append(DemoSource(government.name, "hanweb", ["/col/col100/index.html"]))
    for i, agency in enumerate(hanweb_agencies[1:]):
        demo.sources.append(DemoSource(agency.name, "hanweb", [f"/col/col{1002 + i}/index.html"], "hanweb"))
    for i, agency in enumerate(trs_agencies):
        reports = _reports(rng, agency, years)
        direct = i == len(trs_agencies) - 1 and len(trs_agencies) > 1  # the last links files directly
        order = ("pdf", "docx") if direct else kinds
        _trs_column(demo, agency, offices[hanweb_departments + i][1], reports,
                    [order[(i + j) % len(order)] for j in range(len(reports))], per_page, seed, direct)
        start = f"/{offices[hanweb_departments + i][1]}/zfxxgk/" + ("zfxxgknb/index.html" if i % 2 else "")
        demo.sources.append(DemoSource(agency.name, "trs", [start], "trs" if i % 2 else "auto"))
    for site in demo.sites.values():
        site.add("/robots.txt", "User-agent: *\nDisallow: /search/\nDisallow: /module/search/\n",
                 "text/plain; charset=utf-8")
    return demo


# ---- Hanweb ----------------------------------------------------------------------------------------

def _hanweb_home(site: Site, government: str) -> None:
    site.add("/index.html", _page(government, "首页", '<ul><li><a href="/col/col100/index.html">政府信息公开</a></li>'
                                                     '<li><a href="/col/col200/index.html">政务服务</a></li></ul>',
                                  "utf-8"))
    links = [("政府信息公开指南", "/col/col101/index.html"), ("政府信息公开制度", "/col/col102/index.html"),
             ("法定主动公开内容", "/col/col103/index.html"), ("政府信息公开年报", "/col/col1001/index.html"),
             ("依申请公开", "/col/col104/index.html")]
    body = "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in links) + "</ul>"
    site.add("/col/col100/index.html", _page(government, "政府信息公开", body, "utf-8"))
    for title, href in links:
        if href.endswith(("col101/index.html", "col102/index.html", "col103/index.html", "col104/index.html")):
            site.add(href, _page(government, title, f"<h1>{title}</h1><p>本栏目内容为{title}。</p>", "utf-8"))


def _hanweb_column(demo: DemoSites, agency: Agency, reports: list[ReportNumbers], kinds: list[str], cid: int,
                   per_page: int, seed: int, interpretation: bool) -> None:
    site = demo.sites["hanweb"]
    records = []
    for docid, (report, kind) in enumerate(zip(reports, kinds, strict=True), start=cid * 100):
        d = report.published_date
        art = f"/art/{d.year}/{d.month}/{d.day}/art_{cid}_{docid}.html"
        if kind == "html":
            site.add(art, _reencode(_render(report, kind, seed), "utf-8"), modified=_when(d))
            demo.documents[(report.agency, report.year)] = ("hanweb", art)
        else:
            token = f"{docid:x}{seed:x}{report.year}"
            download = f"/module/download/downfile.jsp?classid=0&filename={token}.{kind}"
            site.add(art, _attachment_page(agency.name, report, download, kind, "utf-8"), modified=_when(d))
            disposition = f"attachment; filename*=UTF-8''{quote('../../' + report.title)}.{kind}"
            site.add(download, _render(report, kind, seed), MIME[kind], _when(d), (("Content-Disposition", disposition),))
            demo.documents[(report.agency, report.year)] = ("hanweb", download)
        demo.truth[(report.agency, report.year)] = report
        records.append((d, (f'<li><a href="{art}" title="{escape(report.title)}" target="_blank">{escape(report.title)}'
                           f"</a><span>{d.isoformat()}</span></li>")))
    if interpretation and reports:
        report = reports[-1]
        d = report.published_date
        art = f"/art/{d.year}/{d.month}/{d.day}/art_{cid}_{cid * 100 + 99}.html"
        title = f"《{report.title}》解读"
        site.add(art, _page(agency.name, title, f"<h1>{escape(title)}</h1><div id=\"zoom\"><p>一、总体情况解读。"
                                                f"{escape(report.sections.get('1', '')[:200])}</p></div>", "utf-8"),
                 modified=_when(d))
        records.append((d, (f'<li><a href="{art}" title="{escape(title)}">{escape(title)}</a>'
                           f"<span>{d.isoformat()}</span></li>")))
    records = [r for _, r in sorted(records, key=lambda x: x[0], reverse=True)]
    unitid = 5000 + cid
    site.columns[str(cid)] = records
    params = urlencode({"page": 1, "appid": 1, "webid": 1, "path": "/", "columnid": cid, "unitid": unitid,
                        "webname": agency.name, "permissiontype": 0})
    inline = "".join(f"<record><![CDATA[{r}]]></record>\n" for r in records[:per_page])
    body = (f'<div class="bt-position">当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>\n'
            f'<div id="{unitid}"><script type="text/xml"><datastore>\n'
            f'<nextgroup><![CDATA[<a href="{HANWEB_PROXY}?{escape(params)}"></a>]]></nextgroup>\n'
            f"<recordset>\n{inline}</recordset>\n</datastore></script></div>\n"
            f'<script type="text/javascript">$(document).ready(function(){{$("#{unitid}").jpage({{dataStore: '
            f'dataStore, perPage: {per_page}, totalRecord: {len(records)}, proxyUrl: "{HANWEB_PROXY}", '
            f"groupSize: 3, showMode: 'full'}});}});</script>")
    site.add(f"/col/col{cid}/index.html", _page(agency.name, "政府信息公开年报", body, "utf-8"))


# ---- TRS -------------------------------------------------------------------------------------------

def _trs_column(demo: DemoSites, agency: Agency, dept: str, reports: list[ReportNumbers], kinds: list[str],
                per_page: int, seed: int, direct: bool) -> None:
    site = demo.sites["trs"]
    root = f"/{dept}/zfxxgk/zfxxgknb/"
    entries = []
    for n, (report, kind) in enumerate(zip(reports, kinds, strict=True)):
        d = report.published_date
        stamp, month, docid = d.strftime("%Y%m%d"), d.strftime("%Y%m"), 7000 + 37 * n + len(dept)
        page = f"{root}{month}/t{stamp}_{docid}.html"
        attachment = f"{root}{month}/P0{stamp}{docid}{n}.{kind}"
        if kind == "html":
            site.add(page, _reencode(_render(report, kind, seed), "gbk"), modified=_when(d))
            demo.documents[(report.agency, report.year)] = ("trs", page)
        else:
            site.add(attachment, _render(report, kind, seed), MIME[kind], _when(d))
            demo.documents[(report.agency, report.year)] = ("trs", attachment)
            if not direct:
                site.add(page, _attachment_page(agency.name, report, attachment.rsplit("/", 1)[1], kind, "gb2312"),
                         modified=_when(d))
        demo.truth[(report.agency, report.year)] = report
        href = "./" + (attachment if direct and kind != "html" else page).removeprefix(root)
        short = report.title if len(report.title) <= 18 else report.title[:17] + "…"
        entries.append((d, (f'<li><a href="{href}" title="{escape(report.title)}" target="_blank">{escape(short)}</a>'
                           f"<span>{d.isoformat()}</span></li>")))
    entries = [e for _, e in sorted(entries, key=lambda x: x[0], reverse=True)]
    pages = max(1, -(-len(entries) // per_page))
    for i in range(pages):
        chunk = "\n".join(entries[i * per_page:(i + 1) * per_page])
        body = (f'<div class="position">当前位置：<a href="../../">首页</a> &gt; <a href="../">政府信息公开</a> &gt; '
                f"政府信息公开年报</div>\n<ul class=\"list\">\n{chunk}\n</ul>\n"
                f'<div class="page"><script type="text/javascript">createPageHTML({pages}, {i}, "index", "html");'
                f"</script></div>")
        site.add(root + ("index.html" if i == 0 else f"index_{i}.html"), _page(agency.name, "政府信息公开年报", body,
                                                                              "gb2312"))
    home = f"/{dept}/zfxxgk/"
    links = [("政府信息公开指南", "./zfxxgkzn/"), ("政府信息公开年报", "./zfxxgknb/"), ("法定主动公开内容", "./fdzdgknr/")]
    body = "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in links) + "</ul>"
    site.add(home + "index.html", _page(agency.name, "政府信息公开", body, "gb2312"))
    for title, href in (links[0], links[2]):
        site.add(home + href[2:] + "index.html", _page(agency.name, title, f"<h1>{title}</h1>", "gb2312"))
