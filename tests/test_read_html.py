"""HTML reader: the four real pingtan.gov.cn report pages, then synthetic pages for
what the corpus lacks (GBK, spans, nested tables, image-only tables, garbage)."""

from __future__ import annotations

import random

import pytest
from conftest import corpus_path

from pipeline.errors import ReadError
from pipeline.read import read_bytes
from pipeline.read.encoding import decode_html, normalize_encoding
from pipeline.read.grid import expand_spans
from pipeline.read.html import clean_text, read

PAGES = "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/"
P2019 = PAGES + "202001/t20200120_80576.htm"
P2020 = PAGES + "202103/t20210305_80595.htm"
P2021 = PAGES + "202202/t20220208_80613.htm"
P2022 = PAGES + "202302/t20230220_80629.htm"
TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NEW_RECEIVED = "一、本年新收政府信息公开申请数量"
# Text of the site template around the article: header, menu, breadcrumb, footer.
TEMPLATE_TEXT = ("网站支持IPV6", "闽政通APP", "当前位置", "解读回应", "走进平潭", "全真版", "文件下载",
                 "相关链接", "网站标识码")


def read_page(rel: str):
    path = corpus_path(rel)
    return read(path.read_bytes(), str(path))


def row_starting(table, *labels):
    rows = [r for r in table.rows if tuple(r[:len(labels)]) == labels]
    assert len(rows) == 1, f"{labels}: {len(rows)} rows"
    return rows[0]


def all_text(doc) -> str:
    cells = "\n".join(c for t in doc.tables for r in t.rows for c in r)
    return doc.text + "\n" + cells


# -- real pages ------------------------------------------------------------------

@pytest.mark.parametrize("rel, published, shapes", [
    (P2019, "2020-01-20 15:22", [(18, 4), (26, 10), (4, 15)]),
    (P2020, "2021-03-05 08:58", [(18, 4), (26, 10), (5, 15)]),
    (P2021, "2022-02-08 16:34", [(14, 4), (28, 11), (4, 15)]),
    (P2022, "2023-02-20 15:07", [(14, 4), (28, 10), (4, 15)]),
])
def test_pingtan_page_tables_and_meta(rel, published, shapes):
    doc = read_page(rel)
    assert doc.file_type == "html" and doc.status == "ok"
    assert [(len(t.rows), len(t.rows[0])) for t in doc.tables] == shapes
    assert doc.meta["PubDate"] == published
    assert doc.meta["published"] == published  # the byline "时间：…" above the article
    assert doc.meta["encoding"] == "utf-8"
    assert doc.meta["ArticleTitle"].endswith("年度政府信息公开工作年度报告")
    assert doc.images == []
    # Positions are the reading order.
    assert [b.pos.index for b in doc.blocks] == list(range(len(doc.blocks)))


@pytest.mark.parametrize("rel", [P2019, P2020, P2021, P2022])
def test_pingtan_site_template_is_not_in_the_blocks(rel):
    text = all_text(read_page(rel))
    for template in TEMPLATE_TEXT:
        assert template not in text


def test_pingtan_2019_sections_and_tables_in_reading_order():
    doc = read_page(P2019)
    kinds = [(b.kind, b.text) for b in doc.blocks if b.kind != "paragraph"]
    assert kinds == [
        ("heading", "一、总体情况"), ("heading", "二、主动公开政府信息情况"), ("table", ""),
        ("heading", "三、收到和处理政府信息公开申请情况"), ("table", ""),
        ("heading", "四、政府信息公开行政复议、行政诉讼情况"), ("table", ""),
        ("heading", "五、存在的主要问题及改进情况"), ("heading", "六、其他需要报告的事项"),
    ]
    assert doc.blocks[0].text == "平潭综合实验区2019年"
    assert doc.blocks[-1].text == "无其他需要报告的事项"
    assert doc.meta["来源"] == "平潭县人民政府"
    assert doc.meta["Author"] == "平潭综合实验区管委会"


def test_pingtan_2019_rows_with_nbsp_spans_and_bare_digits():
    t2, t3, t4 = read_page(P2019).tables
    assert t2.rows[0] == ["第二十条第（一）项"] * 4
    assert row_starting(t2, "规章") == ["规章", "0", "0", "0"]  # bare digit directly in <td>
    assert row_starting(t2, "其他对外管理服务事项") == ["其他对外管理服务事项", "10", "0", "153"]
    assert row_starting(t2, "政府集中采购") == ["政府集中采购", "135", "75394432.52元", "75394432.52元"]
    assert t3.rows[0][:4] == [TABLE3_CORNER] * 3 + ["申请人情况"]
    assert t3.rows[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert row_starting(t3, NEW_RECEIVED) == [NEW_RECEIVED] * 3 + ["23", "0", "0", "0", "0", "0", "23"]
    # '0' next to a span of seven &nbsp;, and &nbsp; before the digit
    assert row_starting(t3, "三、本年度办理结果", "（一）予以公开") == [
        "三、本年度办理结果", "（一）予以公开", "（一）予以公开", "7", "0", "0", "0", "0", "0", "7"]
    assert row_starting(t3, "三、本年度办理结果", "（六）其他处理") == [
        "三、本年度办理结果", "（六）其他处理", "（六）其他处理", "0", "0", "0", "0", "0", "0", "0"]
    assert t4.rows[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert t4.rows[3] == ["0"] * 15


def test_pingtan_2020_digits_split_across_spans():
    t2, t3, t4 = read_page(P2020).tables
    # '20' and '21' are <span>2</span><span>0</span> in the source.
    assert row_starting(t3, NEW_RECEIVED) == [NEW_RECEIVED] * 3 + ["20", "0", "0", "0", "0", "1", "21"]
    assert row_starting(t3, "三、本年度办理结果", "（七）总计") == [
        "三、本年度办理结果", "（七）总计", "（七）总计", "20", "0", "0", "0", "0", "1", "21"]
    assert row_starting(t3, "三、本年度办理结果", "（六）其他处理")[3:] == ["4", "0", "0", "0", "0", "0", "4"]
    assert row_starting(t2, "行政处罚") == ["行政处罚", "2648", "-18", "538"]
    assert row_starting(t2, "行政事业性收费") == ["行政事业性收费", "35", "-15", "-15"]
    assert t4.rows[4] == [""] * 15  # the extra empty row, kept as printed


def test_pingtan_2021_labels_broken_per_character_and_malformed_header():
    t2, t3, t4 = read_page(P2021).tables
    # '结<br>果<br>维<br>持' in the source
    assert t4.rows[2] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    assert t4.rows[3] == ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
    assert row_starting(t2, "行政事业性收费") == ["行政事业性收费"] + ["24252.311082"] * 3
    # The source's table 3 header is malformed (自然人 colspan=2, 商业企业 colspan=2): kept as printed.
    assert t3.rows[1][3:] == ["自然人", "自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert t3.rows[2][3:] == ["", "商业企业", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert row_starting(t3, NEW_RECEIVED)[3:] == ["64", "0", "0", "0", "2", "0", "4", "70"]
    assert row_starting(t3, "三、本年度办理结果", "（六）其他处理", "3.其他")[3:] == [
        "1", "0", "0", "0", "0", "0", "0", "1"]


def test_pingtan_2022_values_wrapped_in_nbsp_spans():
    doc = read_page(P2022)
    t2, t3, t4 = doc.tables
    assert t4.rows[3] == ["0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    assert row_starting(t3, NEW_RECEIVED)[3:] == ["71", "3", "0", "0", "0", "0", "74"]
    assert row_starting(t3, "三、本年度办理结果", "（六）其他处理", "3.其他")[3:] == [
        "0", "2", "0", "0", "0", "0", "2"]
    assert row_starting(t2, "行政规范性文件") == ["行政规范性文件", "88", "55", "698"]
    assert "四、政府信息公开行政法复议、行政诉讼情况" in [b.text for b in doc.blocks if b.kind == "heading"]


def test_pingtan_pages_through_the_dispatcher():
    path = corpus_path(P2022)
    doc = read_bytes(path.read_bytes(), str(path), hint="htm")
    assert doc.file_type == "html" and len(doc.tables) == 3


# -- synthetic pages ---------------------------------------------------------------

def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


GBK_TABLE = ("<div class='TRS_Editor'><p>一、总体情况</p><table><tr><td>本年新收</td><td>12</td></tr>"
             "<tr><td>陶喆</td><td>3</td></tr></table></div>")  # 喆 is GBK, not GB2312


def test_gbk_page_declared_gb2312_is_decoded_as_gb18030():
    html = page(GBK_TABLE, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    doc = read(html.encode("gbk"), "gbk.html")
    assert doc.meta["encoding"] == "gb18030"
    assert doc.tables[0].rows == [["本年新收", "12"], ["陶喆", "3"]]
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text == "一、总体情况"


def test_gbk_page_without_declaration_is_detected():
    doc = read(page(GBK_TABLE, "<title>义马市信访局2024年政府信息公开工作年度报告</title>").encode("gbk"), "x.html")
    assert doc.meta["encoding"] == "gb18030"
    assert doc.meta["title"] == "义马市信访局2024年政府信息公开工作年度报告"
    assert doc.tables[0].rows[1] == ["陶喆", "3"]


def test_http_charset_beats_meta_and_utf8_beats_a_wrong_gb_declaration():
    html = page("<p>本年新收</p>", '<meta charset="gb2312">')
    assert decode_html(html.encode("utf-8")) == (html, "utf-8")  # meta lies: bytes are UTF-8
    assert decode_html(html.encode("gbk"), declared="GBK") == (html, "gb18030")
    assert decode_html(html.encode("gbk"), declared="ISO-8859-1")[1] == "gb18030"  # server default ignored
    assert decode_html(b"\xef\xbb\xbf" + html.encode("utf-8")) == (html, "utf-8-sig")
    assert normalize_encoding("x-gbk") == normalize_encoding("GB2312") == "gb18030"
    assert normalize_encoding("no-such-charset") is None


def test_rowspan_colspan_grid_expansion():
    html = page("""<div id="zoom"><table>
      <tr><td rowspan="2" colspan="2">项目</td><td colspan="2">申请人情况</td></tr>
      <tr><td>自然人</td><td>总计</td></tr>
      <tr><td rowspan="3">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td><td>5</td></tr>
      <tr><td>（二）部分公开</td><td>1</td><td>1</td></tr>
      <tr><td>（七）总计</td><td>6</td><td>6</td></tr>
    </table></div>""")
    assert read(html.encode(), "s.html").tables[0].rows == [
        ["项目", "项目", "申请人情况", "申请人情况"],
        ["项目", "项目", "自然人", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "5", "5"],
        ["三、本年度办理结果", "（二）部分公开", "1", "1"],
        ["三、本年度办理结果", "（七）总计", "6", "6"],
    ]


def test_word_pasted_cells_join_without_spaces():
    html = page("""<div class="article_content"><table><tr>
      <td><p><span>（二）部分公开</span></p><p><span>（区分处理的）</span></p></td>
      <td><span>1</span><span>2</span></td>
      <td><font face="Calibri">&nbsp;</font><font>3</font>&nbsp;</td>
      <td>结<br>果<br>维<br>持</td>
      <td>1.<br/>属于国家秘密</td>
      <td>\u3000总\u3000计\u3000</td>
      <td><span>本年</span>
          <span>新收</span></td>
      <td><o:p></o:p></td>
    </tr></table></div>""")
    assert read(html.encode(), "w.html").tables[0].rows == [
        ["（二）部分公开（区分处理的）", "12", "3", "结果维持", "1. 属于国家秘密", "总 计", "本年新收", ""]]


def test_clean_text():
    assert clean_text("\xa0\xa012\xa0") == "12"
    assert clean_text("结\n果 维持") == "结果 维持"
    assert clean_text("total\nrows") == "total rows"
    assert clean_text("1\u200b2") == "12"
    # U+3000 is whitespace and lies in the CJK range: a run holding it joins only
    # when the characters around the whole run are CJK.
    assert clean_text("结\u3000\n果") == "结果"
    assert clean_text("A \u3000\n结") == "A 结"
    assert clean_text("结\n\u3000 A") == "结 A"
    assert clean_text("结 \n 果 \n A") == "结果 A"
    assert clean_text("\u200b结\n\u200b果") == "结果"


def test_nested_table_is_its_own_block_after_the_outer_one():
    html = page("""<div class="TRS_Editor"><table>
      <tr><td>外层</td><td>说明<table><tr><td>内层</td><td>7</td></tr><tr><td>合计</td><td>7</td></tr></table></td></tr>
      <tr><td>外层2</td><td>8</td></tr>
    </table></div>""")
    doc = read(html.encode(), "n.html")
    assert [t.rows for t in doc.tables] == [
        [["外层", "说明"], ["外层2", "8"]],
        [["内层", "7"], ["合计", "7"]],
    ]
    assert [b.pos.index for b in doc.tables] == [0, 1]


def test_one_cell_layout_table_is_read_as_prose():
    html = page("""<div class="TRS_Editor"><table><tr><td><p>一、总体情况</p><p>全年公开信息。</p>
      <table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>2</td></tr></table></td></tr></table></div>""")
    doc = read(html.encode(), "l.html")
    assert [(b.kind, b.text) for b in doc.blocks if not b.is_table] == [
        ("heading", "一、总体情况"), ("paragraph", "全年公开信息。")]
    assert doc.tables[0].rows == [["规章", "0"], ["规范性文件", "2"]]


def test_image_tables_are_listed_and_resolved_against_the_page_url():
    html = page("""<div id="zoom"><p>二、主动公开政府信息情况</p>
      <p><img src="/picture/0/t2.png"></p><p><img src="W020240130.jpg"><img src="data:image/png;base64,AAAA"></p></div>""",
                '<meta name="Url" content="https://www.example.gov.cn/xxgk/2024/t20240130_1.html">')
    doc = read(html.encode(), "img.html")
    assert doc.tables == []
    assert doc.images == ["https://www.example.gov.cn/picture/0/t2.png",
                          "https://www.example.gov.cn/xxgk/2024/W020240130.jpg"]
    assert read(html.replace("Url", "X").encode(), "img.html").images == ["/picture/0/t2.png", "W020240130.jpg"]


def test_generic_body_without_known_container_drops_navigation():
    nav = "".join(f"<li><a href='/c{i}'>栏目{i}</a></li>" for i in range(30))
    html = page(f"""<div class="top"><ul>{nav}</ul><div>当前位置：<a href="/">首页</a> &gt; <a>年报</a></div></div>
      <div class="wrap"><div class="left"><ul>{nav}</ul></div>
        <div class="right"><h1>某县2023年政府信息公开工作年度报告</h1>
          <p>一、总体情况</p><p>2023年，我县认真贯彻落实《条例》，全年主动公开政府信息1200条，其中政策文件35件。</p>
          <p>二、主动公开政府信息情况</p>
          <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
          <p>五、存在的主要问题及改进情况</p><p>一是公开内容不够全面，二是解读形式单一，三是互动回应不够及时。</p>
        </div></div>
      <div class="footer"><p>主办单位：某县人民政府办公室，网站标识码：1234567890，ICP备案号。</p></div><script>var a='一、';</script>""")
    doc = read(html.encode(), "g.html")
    text = all_text(doc)
    assert "栏目1" not in text and "当前位置" not in text and "网站标识码" not in text and "var a" not in text
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text == "某县2023年政府信息公开工作年度报告"
    assert [b.text for b in doc.blocks if b.kind == "heading"][1:] == [
        "一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况"]
    assert doc.tables[0].rows == [["信息内容", "本年制发件数"], ["规章", "0"]]


def test_provincial_platform_metadata_rows_and_published_date():
    html = page("""<table class="xxgk_table">
        <tr><td>索引号：</td><td>11410181MB0000000X/2024-00012</td><td>发布机构：</td><td>义马市信访局</td></tr>
        <tr><td>发文日期：</td><td>2024-01-29</td><td>主题分类：</td><td>其他</td></tr></table>
      <div class="info"><span>发布时间：2024-01-30 10:12</span><span>来源：义马市信访局</span></div>
      <div class="bt_content"><p>一、总体情况</p><p>正文。</p></div>""")
    doc = read(html.encode(), "meta.html")
    assert doc.meta["索引号"] == "11410181MB0000000X/2024-00012"
    assert doc.meta["发布机构"] == "义马市信访局"
    assert doc.meta["发文日期"] == "2024-01-29"
    assert doc.meta["主题分类"] == "其他"
    assert doc.meta["published"] == "2024-01-30 10:12"
    assert doc.meta["来源"] == "义马市信访局"
    assert doc.tables == []  # the metadata table is outside the body
    assert [b.text for b in doc.blocks] == ["一、总体情况", "正文。"]


def test_written_date_is_not_the_publication_date():
    html = page("<div><span>成文日期：2024-01-20</span></div><div id='zoom'><p>正文</p></div>")
    doc = read(html.encode(), "d.html")
    assert doc.meta["成文日期"] == "2024-01-20"
    assert "published" not in doc.meta


@pytest.mark.parametrize("html", ["<html><body></body></html>", "<!-- nothing -->", "<p>\xa0</p>"])
def test_empty_pages_give_an_empty_document(html):
    doc = read(html.encode(), "empty.html")
    assert doc.blocks == [] and doc.tables == [] and doc.images == []


def test_binary_garbage_is_a_read_error():
    garbage = random.Random(0).randbytes(8192)
    with pytest.raises(ReadError) as err:
        read(garbage, "garbage.html")
    assert err.value.path == "garbage.html"
    with pytest.raises(ReadError):
        read(b"just some words, no markup at all", "plain.html")


# -- grid ----------------------------------------------------------------------------

def test_grid_caps_absurd_spans_and_keeps_ragged_rows():
    assert expand_spans([[("标题", 1, 9999)], [("a", 1, 1), ("b", 1, 1)]]) == [["标题", "标题"], ["a", "b"]]
    assert expand_spans([[("x", 500, 1), ("1", 1, 1)], [("2", 1, 1)]]) == [["x", "1"], ["x", "2"]]
    assert expand_spans([[("x", 0, 1), ("1", 1, 1)], [("2", 1, 1)], [("3", 1, 1)]]) == [
        ["x", "1"], ["x", "2"], ["x", "3"]]
    assert expand_spans([[("a", 1, 0), ("b", -3, 1)], [("c", 1, 1)]]) == [["a", "b"], ["c"]]
    # A row shorter than the carried cell's column: the gap before it is ''.
    assert expand_spans([[("a", 1, 1), ("b", 1, 1), ("c", 2, 1)], [("d", 1, 1)]]) == [
        ["a", "b", "c"], ["d", "", "c"]]
    assert expand_spans([]) == []


def test_repeated_cms_container_is_read_in_order_and_caption_precedes_its_table():
    html = page("""<div class="TRS_Editor"><p>一、总体情况</p><p>正文。</p></div><div class="share">分享</div>
      <div class="TRS_Editor"><table><caption>表1 主动公开情况</caption>
        <tr><td>规章</td><td>0</td></tr><tr><td>行政规范性文件</td><td>4</td></tr></table></div>""")
    doc = read(html.encode(), "two.html")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "一、总体情况"), ("paragraph", "正文。"), ("paragraph", "表1 主动公开情况"), ("table", "")]
    assert doc.tables[0].rows == [["规章", "0"], ["行政规范性文件", "4"]]


def test_old_layout_table_page_without_known_container():
    links = "".join(f"<a href='/l{i}'>链接{i}</a><br>" for i in range(20))
    html = page(f"""<table width="1000"><tr><td colspan="2"><a href="/">首页</a> | <a href="/x">信息公开</a></td></tr>
      <tr><td width="200">{links}</td>
          <td><p>一、总体情况</p><p>2019年，本局共主动公开政府信息56条，其中规范性文件3件，办理依申请公开2件。</p>
              <p>三、收到和处理政府信息公开申请情况</p>
              <table border="1"><tr><td>本年新收</td><td>2</td></tr><tr><td>上年结转</td><td>0</td></tr></table>
              <p>五、存在的主要问题及改进情况</p><p>公开意识有待加强，栏目更新不够及时，解读不够深入。</p></td></tr>
      <tr><td colspan="2">版权所有：某县人民政府，技术支持：某公司。</td></tr></table>""")
    doc = read(html.encode(), "old.html")
    text = all_text(doc)
    assert "链接1" not in text and "首页" not in text and "版权所有" not in text
    assert [b.text for b in doc.blocks if b.kind == "heading"] == [
        "一、总体情况", "三、收到和处理政府信息公开申请情况", "五、存在的主要问题及改进情况"]
    assert doc.tables[0].rows == [["本年新收", "2"], ["上年结转", "0"]]


# A number merged down over rows that each have their own label (``rowspan`` on a
# count cell, ``rowspan="0"`` meaning "to the end of the group") is printed once:
# it is its first row's number, never repeated into the rows below.
@pytest.mark.parametrize("seed", range(8))
def test_a_number_merged_down_is_read_in_its_first_row_only(seed):
    from lxml import etree

    from pipeline.extract import extract_bytes
    from pipeline.samples import make_report, render_html

    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    root = etree.fromstring(render_html(report, rng), etree.HTMLParser())
    numbers = [td for td in root.iter("td") if "".join(td.itertext()).strip().isdigit()
               and td.get("rowspan") is None and td.get("colspan") is None
               and td.getparent().getnext() is not None]  # a row below to merge into
    merged = rng.choice(numbers)
    merged.set("rowspan", rng.choice(["0", "2", "3", "40"]))
    ex = extract_bytes(etree.tostring(root, encoding="utf-8"), f"merged-{seed}.html", hint="html")
    truth = report.to_json()
    # A 0 where the truth is blank is the same number (the checks count a blank as 0): the
    # rows under the merged cell are pushed right by it, as a browser shows them.
    wrong = {(c.table, c.row, c.column): (c.value, truth[c.table][c.row][c.column]) for c in ex.cells
             if c.value not in (None, truth[c.table][c.row][c.column]) and not c.problem
             and not (c.value == 0 and truth[c.table][c.row][c.column] is None)
             and not any(p.startswith(f"{c.table} {c.row}/") for p in ex.problems)}
    assert not wrong
    text = "".join(merged.itertext()).strip()
    assert any(f"the number {text!r} in row" in p and "read in row" in p for p in ex.problems)
