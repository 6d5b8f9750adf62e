"""Inline style attributes are removed from an HTML page's bytes before it is decoded and
parsed (they are most of a Word-pasted page and nothing the reader looks at), and font-only
inline tags from its body: in every encoding real pages come in, the page reads exactly as
the same page written without them."""

from __future__ import annotations

import pytest

from pipeline.read.html import read

# A Word-pasted body: styles with quotes of both kinds, '>' and a lookalike ' style=' in text
# and in another attribute, numbers split over <span>s and <font>s, Word's <o:p>.
STYLED = """<html><head><meta charset="{charset}"><title>某县2024年政府信息公开工作年度报告</title></head>
<body><div class="TRS_Editor" style="margin:0">
<p class="MsoNormal" style='font-family:"仿宋_GB2312";mso-hansi-font-family:"Times New Roman"'>
<span style="font-size:16pt">一、总体情况</span><o:p></o:p></p>
<p style="text-indent:2em">正文写着 style="不是属性" 与 a&gt;b，<span title="x>y" style="color:red">共</span>计</p>
<table style="border-collapse:collapse" border="1"><tr>
<td style="width:100pt" rowspan="2"><p style="text-align:center"><span style="font-size:12pt">行政复议</span></p></td>
<td style='padding:0 5.4pt'><p><span>1</span><span style="font-family:Calibri">2</span><o:p></o:p></p></td>
<td><font face="仿宋" style="x">3</font><font>4</font></td></tr>
<tr><td style="a:b"><p>0</p></td><td><span lang="EN-US" style="c:d">5</span></td></tr></table>
</div></body></html>"""

PLAIN = """<html><head><meta charset="{charset}"><title>某县2024年政府信息公开工作年度报告</title></head>
<body><div class="TRS_Editor">
<p class="MsoNormal">
一、总体情况</p>
<p>正文写着 style="不是属性" 与 a&gt;b，共计</p>
<table border="1"><tr>
<td rowspan="2"><p>行政复议</p></td>
<td><p>12</p></td>
<td>34</td></tr>
<tr><td><p>0</p></td><td>5</td></tr></table>
</div></body></html>"""


def _read(html: str, charset: str):
    data = html.format(charset=charset).encode(charset, "xmlcharrefreplace")  # (big5, JIS: 县 as &#21439;)
    doc = read(data, f"page-{charset}.html")
    return [(b.kind, b.text, b.rows) for b in doc.blocks], doc.meta["title"]


@pytest.mark.parametrize("charset", ["utf-8", "gb18030", "big5", "utf-16", "utf-16-le", "iso-2022-jp"])
def test_page_reads_as_without_styles(charset):
    styled, plain = _read(STYLED, charset), _read(PLAIN, charset)
    assert styled == plain
    blocks, title = styled
    assert title == "某县2024年政府信息公开工作年度报告"
    assert ("table", "", [["行政复议", "12", "34"], ["行政复议", "0", "5"]]) in blocks
    assert ("paragraph", '正文写着 style="不是属性" 与 a>b，共计', []) in blocks
