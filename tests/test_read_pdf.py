"""PDF reader: real reports from the corpus, and small PDFs made here with
reportlab for the layouts the corpus lacks (unruled tables, rotated pages,
scans, broken files)."""

from __future__ import annotations

import io
import re

import pytest
from conftest import corpus_path
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipeline.document import Document
from pipeline.errors import ReadError
from pipeline.read import read_bytes
from pipeline.read.pdf import read
from pipeline.read.pdf_page import Char, PageContent
from pipeline.read.pdf_quality import judge
from pipeline.read.textjoin import join_wrapped

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PAGE_MARKER = re.compile(r"[-—]\s*\d+\s*[-—]")


def _read_corpus(name: str) -> Document:
    path = corpus_path(f"reports/{name}.pdf")
    return read(path.read_bytes(), str(path))


def _row(table, label: str) -> list[str]:
    """The first row holding ``label`` in any cell."""
    return next(r for r in table.rows if label in r)


# --- real reports -----------------------------------------------------------


@pytest.fixture(scope="module")
def city() -> Document:
    return _read_corpus("huaian-city-gov-2024")


@pytest.fixture(scope="module")
def hongze_2023() -> Document:
    return _read_corpus("huaian-hongze-district-gov-2023")


@pytest.fixture(scope="module")
def hongze_2024() -> Document:
    return _read_corpus("huaian-hongze-district-gov-2024")


def test_city_tables_and_page_spans(city):
    assert city.status == "ok"
    spans = [(t.pos.page, t.pos.page_end, len(t.rows), len(t.rows[0])) for t in city.tables]
    # table 2 runs p3→p4, table 3 p4→p5 (28 rows with its 3 header rows), table 4 on p5
    assert spans == [(3, 4, 14, 4), (4, 5, 28, 10), (5, 5, 4, 15)]


def test_city_table3_cells(city):
    t3 = city.tables[1]
    assert _row(t3, "一、本年新收政府信息公开申请数量")[3:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert t3.rows[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert t3.rows[1][4:9] == ["法人或其他组织"] * 5  # a merged header repeated over its columns
    # The merged label cut by the page break ('（四）无' / '法提供') is whole again,
    # on both sides of the break; the empty continuation of 三、本年度办理结果 is filled.
    assert _row(t3, "1.本机关不掌握相关政府信息")[:3] == [
        "三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"]
    assert _row(t3, "2.没有现成信息需要另行制作") == [
        "三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作", "11", "0", "0", "0", "0", "0", "11"]
    assert _row(t3, "3、其他")[1:] == ["（六）其他处理", "3、其他", "108", "2", "0", "0", "0", "0", "110"]
    assert t3.rows[-1] == ["四、结转下年度继续办理"] * 3 + ["103", "0", "0", "0", "0", "0", "103"]
    assert any("'（四）无' + '法提供'" in w for w in city.warnings)


def test_city_table2_and_table4(city):
    t2, t4 = city.tables[0], city.tables[2]
    assert _row(t2, "行政规范性文件") == ["行政规范性文件", "8", "26", "66"]
    assert _row(t2, "行政事业性收费") == ["行政事业性收费"] + ["96171.6"] * 3
    assert t4.rows[2][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert t4.rows[3] == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]


def test_city_text(city):
    text = city.text
    assert city.blocks[2].text.startswith(
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）")
    assert "电子邮箱：hazwgkc@163.com）。" in city.blocks[2].text
    assert not PAGE_MARKER.search(text)
    assert "法律服务机构" not in text and "本年度办理结果" not in text  # cells stay out of paragraphs
    headings = [b.text for b in city.blocks if b.kind == "heading"]
    assert headings == ["淮安市人民政府", "2024年政府信息公开工作年度报告", "一、总体情况",
                        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                        "六、其他需要报告的事项"]
    # a paragraph continued across the p1→p2 break is one block
    para = next(b for b in city.blocks if b.text.startswith("（一）主动公开情况。"))
    assert (para.pos.page, para.pos.page_end) == (1, 2)
    assert "“建设‘四最’一流营商环境高质量推进产业发展”" in para.text
    assert [b.pos.index for b in city.blocks] == list(range(len(city.blocks)))
    assert city.meta["created"] == "2025-02-25T10:02:50"


def test_hongze_2023_page_frames_are_not_tables(hongze_2023):
    # Every body line sits in a white box: a naive find_tables sees 1-column tables.
    assert [(t.pos.page, t.pos.page_end) for t in hongze_2023.tables] == [(2, 3), (3, 4), (4, 4)]
    t3 = hongze_2023.tables[1]
    assert _row(t3, "一、本年新收政府信息公开申请数量")[3:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert t3.rows[2][4] == "商业企业"
    # the source's own typo is kept; the unruled last row on p3 joins the table
    assert _row(t3, "2.其他法律行政止公开")[0] == "三、本年度办理结果"
    assert _row(t3, "2.没有现成信息需要另行制作")[:4] == [
        "三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作", "3"]
    assert _row(t3, "（六）其他处理")[1:4] == ["（六）其他处理", "（六）其他处理", "0"]
    text = hongze_2023.text
    assert text.startswith("洪泽区人民政府\n2023年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室")
    assert not PAGE_MARKER.search(text)


def test_hongze_2024_break_inside_merged_label(hongze_2024):
    t3 = hongze_2024.tables[1]
    assert (t3.pos.page, t3.pos.page_end) == (3, 4)
    assert _row(t3, "一、本年新收政府信息公开申请数量")[3:] == ["95", "0", "0", "0", "0", "0", "95"]
    # p4 starts with empty continuations of both merged labels
    assert _row(t3, "3.补正后申请内容仍不明确")[:3] == ["三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"]
    assert _row(t3, "（七）总计")[1:4] == ["（七）总计", "", "95"]  # a ruled empty cell stays empty
    assert hongze_2024.warnings == []


# --- generated PDFs -----------------------------------------------------------


def _table(c: canvas.Canvas, page_h: float, xs: list[float], ys: list[float], cells) -> None:
    """Draw ruled cells: (row0, row1, col0, col1, lines) on display rows ``ys`` (top-down)."""
    c.setFont(FONT, 10)
    for r0, r1, c0, c1, lines in cells:
        x0, x1, top, bottom = xs[c0], xs[c1], ys[r0], ys[r1]
        c.rect(x0, page_h - bottom, x1 - x0, bottom - top)
        for k, line in enumerate(lines):
            c.drawString(x0 + 3, page_h - top - 12 - 11 * k, line)


def _pdf(draw, pagesize=A4, **kwargs) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize, **kwargs)
    draw(c, *pagesize)
    c.save()
    return buf.getvalue()


def _text(c, x, y_top, text, size=12, page_h=A4[1]):
    c.setFont(FONT, size)
    c.drawString(x, page_h - y_top, text)


def _table_across_pages(c, w, h):
    xs = [72, 180, 330, 420, 520]
    _text(c, 200, 80, "测试报告标题", size=20)
    _text(c, 96, 130, "这是第一段正文，用于检查表格之前的段落文字。")
    ys = [640, 670, 700, 730, 760, 790]
    _table(c, h, xs, ys, [
        (0, 2, 0, 2, ["分类"]), (0, 1, 2, 4, ["申请人"]), (1, 2, 2, 3, ["商业企", "业"]),
        (1, 2, 3, 4, ["Total", "sum"]),
        (2, 3, 0, 2, ["（一）予以公开"]), (2, 3, 2, 3, ["5"]), (2, 3, 3, 4, ["3"]),
        (3, 5, 0, 1, ["（三）不予公开"]), (3, 4, 1, 2, ["1.属于国家秘密"]), (3, 4, 2, 3, ["1"]),
        (3, 4, 3, 4, ["0"]), (4, 5, 1, 2, ["2.其他法律"]), (4, 5, 2, 3, ["0"]), (4, 5, 3, 4, ["2"]),
    ])
    _text(c, 290, 820, "- 1 -", size=10)
    c.showPage()
    ys = [72, 102, 132]
    _table(c, h, xs, ys, [
        (0, 2, 0, 1, []), (0, 1, 1, 2, ["3.危及安全"]), (0, 1, 2, 3, ["7"]), (0, 1, 3, 4, ["1"]),
        (1, 2, 1, 2, ["4.第三方"]), (1, 2, 2, 3, ["0"]), (1, 2, 3, 4, ["0"]),
    ])
    _text(c, 96, 170, "表格之后的段落。")
    _text(c, 290, 820, "- 2 -", size=10)
    c.showPage()


def test_generated_ruled_table_across_page_break():
    doc = read(_pdf(_table_across_pages), "t.pdf")
    assert [(b.kind, b.pos.page, b.pos.page_end) for b in doc.blocks] == [
        ("heading", 1, 1), ("paragraph", 1, 1), ("table", 1, 2), ("paragraph", 2, 2)]
    assert doc.blocks[0].text == "测试报告标题"
    assert doc.tables[0].rows == [
        ["分类", "分类", "申请人", "申请人"],
        ["分类", "分类", "商业企业", "Total sum"],
        ["（一）予以公开", "（一）予以公开", "5", "3"],
        ["（三）不予公开", "1.属于国家秘密", "1", "0"],
        ["（三）不予公开", "2.其他法律", "0", "2"],
        ["（三）不予公开", "3.危及安全", "7", "1"],
        ["（三）不予公开", "4.第三方", "0", "0"],
    ]
    assert doc.text == "测试报告标题\n这是第一段正文，用于检查表格之前的段落文字。\n表格之后的段落。"


def _unruled_table(c, w, h):
    _text(c, 96, 100, "下表没有表格线。")
    for k, (a, b, d) in enumerate([("信息内容", "本年新制作", "对外公开总数"), ("规章", "0", "12"),
                                   ("规范性文件", "3", "45"), ("行政许可", "120", "7")]):
        _text(c, 72, 140 + 24 * k, a)
        _text(c, 250, 140 + 24 * k, b)
        _text(c, 400, 140 + 24 * k, d)
    _text(c, 96, 260, "表后的说明文字。")


def test_generated_table_without_ruling_lines():
    doc = read(_pdf(_unruled_table), "t.pdf")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert doc.tables[0].rows == [["信息内容", "本年新制作", "对外公开总数"], ["规章", "0", "12"],
                                  ["规范性文件", "3", "45"], ["行政许可", "120", "7"]]


def _landscape_table(c, w, h):
    _text(c, 72, 60, "横向页面", page_h=h)
    xs = [40 + 100 * k for k in range(8)]
    _table(c, h, xs, [100, 130, 160], [(0, 1, k, k + 1, [f"列{k + 1}"]) for k in range(7)]
           + [(1, 2, k, k + 1, [str(10 * k)]) for k in range(7)])


def _rotated_page(c, w, h):
    # Portrait sheet shown turned by /Rotate 90: content is drawn sideways.
    c.setPageRotation(90)
    c.rotate(90)
    c.translate(0, -h)
    c.setFont(FONT, 14)
    c.drawString(72, h - 72, "旋转页面的标题")
    xs, ys = [72, 300, 500], [h - 120, h - 150, h - 180]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.drawString(80, h - 140, "项目")
    c.drawString(310, h - 140, "数量")
    c.drawString(80, h - 170, "行政许可")
    c.drawString(310, h - 170, "12")


def test_generated_landscape_and_rotated_pages():
    doc = read(_pdf(_landscape_table, pagesize=landscape(A4)), "t.pdf")
    assert doc.tables[0].rows == [[f"列{k + 1}" for k in range(7)], [str(10 * k) for k in range(7)]]
    doc = read(_pdf(_rotated_page), "t.pdf")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert doc.blocks[0].text == "旋转页面的标题"
    assert doc.tables[0].rows == [["项目", "数量"], ["行政许可", "12"]]


def _scanned(c, w, h):
    from PIL import Image

    c.drawImage(ImageReader(Image.new("L", (60, 85), 200)), 0, 0, width=w, height=h)
    c.showPage()
    c.drawImage(ImageReader(Image.new("L", (60, 85), 200)), 0, 0, width=w, height=h)


def test_generated_image_only_pdf_needs_ocr():
    doc = read(_pdf(_scanned), "scan.pdf")
    assert doc.status == "needs_ocr"
    assert doc.ocr_reason == "2 of 2 pages have no usable text layer: page is an image without a text layer"
    assert doc.images == ["page:1", "page:2"]
    assert doc.blocks == []


def _glyphs(text: str) -> list[Char]:
    return [Char(ch, 10.0 * k, 0.0, 10.0 * k + 10, 10.0, 10.0, False) for k, ch in enumerate(text)]


def test_garbage_text_layers_are_not_usable():
    page = PageContent(1, 595, 842, 0)
    page.chars = _glyphs("\ue001\ue002\ue003" * 10 + "政府信息")
    assert judge(page).reason.startswith("text layer is garbage (30 of 34 glyphs")
    # CID fonts mapped to the wrong code points: real-looking but rare ideographs
    page.chars = _glyphs("亍丌兀丐廿卅丕亘丞鬲孬噩丨禺丿匕乇夭爻卮氐囟胤馗毓睾鼗丶亟鼐乜乩亓芈孛啬嘏仄厍厝")
    assert judge(page).reason == "text layer is mis-mapped (0 of 40 ideographs are common characters)"
    page.chars = _glyphs("本报告由人民政府办公室根据中华人民共和国政府信息公开条例规定编制报告所列统计期限")
    assert judge(page).usable


def test_truncated_garbage_and_encrypted_pdfs_raise_read_error():
    good = _pdf(_unruled_table)
    with pytest.raises(ReadError, match=r"^cut\.pdf: truncated PDF"):
        read(good[: len(good) // 2], "cut.pdf")
    with pytest.raises(ReadError, match=r"^junk\.pdf: not a readable PDF"):
        read(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n", "junk.pdf")
    locked = _pdf(_unruled_table, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(ReadError, match=r"^locked\.pdf: encrypted PDF"):
        read_bytes(locked, "locked.pdf")


def test_join_wrapped_cell_lines():
    assert join_wrapped(["商业企", "业"]) == "商业企业"
    assert join_wrapped(["Total", "sum"]) == "Total sum"
    assert join_wrapped(["共计 95", "个"]) == "共计95个"
    assert join_wrapped(["tel 0517-", "83605210"]) == "tel 0517-83605210"
