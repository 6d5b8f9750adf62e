"""HTML rendering in the style of a hand-made CMS article page (TRS / Hanweb).

The quirks real pages show are drawn per report by ``rng``: UTF-8 or GBK,
``&nbsp;``/"-"/"/" for blank cells, digits split over ``<span>``s or padded
with ``&nbsp;`` spans, full-width digits, units after money, stray spaces and
line breaks inside labels, table 3 cut in two (with or without its header
repeated). None of them changes a printed value.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from html import escape

from pipeline.samples.grid import Grid, GridCell, format_number, table2_grid, table3_grid, table4_grid
from pipeline.samples.labels import SECTION_HEADINGS
from pipeline.samples.numbers import ReportNumbers

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_UNITS = {("fees", "amount_10k_yuan"): "万元", ("procurement", "amount"): "元"}


@dataclass
class _Style:
    """The quirks of one page, drawn once so that a page is internally consistent."""

    encoding: str
    container: str
    blank: str
    p_split: float
    p_pad: float
    p_full_width: float
    p_unit: float
    p_label_noise: float
    money_decimals: bool
    split_table3_at: int | None
    repeat_header: bool

    @classmethod
    def draw(cls, rng: random.Random, table3_rows: int) -> _Style:
        return cls(
            encoding=rng.choice(["utf-8", "gbk"]),
            container=rng.choice(['<div class="TRS_Editor">', '<div id="zoom">']),
            blank=rng.choice(["&nbsp;", "&nbsp;", "", "-", "—", "/"]),
            p_split=rng.choice([0, 0, 0.3]),
            p_pad=rng.choice([0, 0, 0.2]),
            p_full_width=rng.choice([0, 0, 0, 0.15]),
            p_unit=rng.choice([0, 0.5, 1]),
            p_label_noise=rng.choice([0, 0, 0.08]),
            money_decimals=rng.random() < 0.3,
            split_table3_at=rng.randint(6, table3_rows - 3) if rng.random() < 0.25 else None,
            repeat_header=rng.random() < 0.5,
        )


def render_html(report: ReportNumbers, rng: random.Random) -> bytes:
    t3 = table3_grid(report)
    style = _Style.draw(rng, t3.n_rows)
    t3_parts = [t3] if style.split_table3_at is None else list(t3.split(style.split_table3_at, style.repeat_header))
    tables = {"2": [table2_grid(report)], "3": t3_parts, "4": [table4_grid(report)]}
    body = []
    for n, heading in SECTION_HEADINGS.items():
        body.append(f'<p style="text-indent:2em"><strong>{heading}</strong></p>')
        if n in tables:
            body.extend(_table(g, style, rng) for g in tables[n])
        else:
            body.extend(f'<p style="text-indent:2em">{escape(p)}</p>' for p in report.sections[n].split("\n"))
    page = _page(report, style, rng, "\n".join(body))
    return page.encode(style.encoding, errors="xmlcharrefreplace")


def _table(grid: Grid, style: _Style, rng: random.Random) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="600" style="border-collapse:collapse">',
           "<tbody>"]
    for row in grid.rows():
        out.append("<tr>" + "".join(_td(c, style, rng) for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _td(cell: GridCell, style: _Style, rng: random.Random) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    content = _value(cell, style, rng) if cell.is_value else _label(cell.text, style, rng)
    return f'<td{attrs} valign="center"><p align="center">{content}</p></td>'


def _label(text: str, style: _Style, rng: random.Random) -> str:
    text = escape(text)
    if len(text) > 2 and rng.random() < style.p_label_noise:
        i = rng.randint(1, len(text) - 1)
        text = text[:i] + rng.choice([" ", "<br/>", "\n", "&nbsp;"]) + text[i:]
    return f'<span style="font-family:仿宋_GB2312;font-size:14px">{text}</span>'


def _value(cell: GridCell, style: _Style, rng: random.Random) -> str:
    if cell.value is None:
        return style.blank
    text = format_number(cell.value, style.money_decimals)
    if rng.random() < style.p_full_width:
        text = text.translate(_FULL_WIDTH)
    if cell.key in _UNITS and rng.random() < style.p_unit:
        text += _UNITS[cell.key]
    if len(text) > 1 and rng.random() < style.p_split:
        i = rng.randint(1, len(text) - 1)
        return f'<span lang="EN-US">{text[:i]}</span><span lang="EN-US">{text[i:]}</span>'
    if rng.random() < style.p_pad:
        return f'<span style="font-family:Calibri">&nbsp;</span><span>{text}</span>'
    return f"<span>{text}</span>"


def _site(agency: str) -> str:
    m = re.match(r"(.+?[县市区])", agency)
    return f"{m.group(1)}人民政府" if m else agency


def _page(report: ReportNumbers, style: _Style, rng: random.Random, body: str) -> str:
    site = _site(report.agency)
    charset = {"utf-8": '<meta charset="utf-8">',
               "gbk": rng.choice(['<meta charset="gb2312">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'])}
    pub = f"{report.published_date.isoformat()} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    doc_id = rng.randint(10000, 999999)
    nav = "".join(f'<li><a href="/{href}/">{name}</a></li>' for name, href in
                  [("首页", ""), ("政务公开", "zwgk"), ("政务服务", "zwfw"), ("互动交流", "hdjl"), ("走进" + site[:-4], "zj")])
    footer_links = " | ".join(f'<a href="/{h}.html">{t}</a>' for t, h in
                              [("网站地图", "wzdt"), ("联系我们", "lxwm"), ("网站声明", "wzsm"), ("使用帮助", "syzn")])
    return f"""<!DOCTYPE html>
<html>
<head>
{charset[style.encoding]}
<title>{escape(report.title)}_{site}</title>
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{escape(report.title)}">
<meta name="PubDate" content="{pub}">
<meta name="ContentSource" content="{report.agency}">
<meta name="DocId" content="{doc_id}">
<link rel="stylesheet" href="/images/style.css">
</head>
<body>
<div class="header"><div class="logo"><a href="/">{site}</a></div><ul class="nav">{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgknb/">政府信息公开年报</a></div>
<div class="article">
<h1 class="title">{escape(report.title)}</h1>
<div class="info">发布时间：{pub} &nbsp; 来源：{report.agency} &nbsp; 浏览次数：<span id="hits"></span></div>
{style.container}
{body}
</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">{footer_links}<br>主办单位：{site}办公室 &nbsp; 政府网站标识码：{rng.randint(1000000000, 9999999999)}<br><a href="https://beian.miit.gov.cn/">ICP备{rng.randint(10000000, 99999999)}号</a></div>
</body>
</html>
"""
