"""Reports whose tables are images, or PDFs without a text layer: needs_ocr, never guessed."""

from __future__ import annotations

import io

from pipeline.extract import extract_bytes


def test_html_whose_tables_are_images():
    page = """<html><head><meta charset="utf-8"><title>某县财政局2023年政府信息公开工作年度报告（图片版）</title></head>
    <body><div class="nav"><a href="/">首页</a></div><div id="zoom">
    <p>某县财政局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>2023年，我局认真贯彻……</p>
    <p>二、主动公开政府信息情况</p><p><img src="/uploads/2024/01/t2.png"></p>
    <p>三、收到和处理政府信息公开申请情况</p><p><img src="/uploads/2024/01/t3.jpg"></p>
    <p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src="t4.png"></p></div></body></html>"""
    ex = extract_bytes(page.encode("utf-8"), "http://www.example.gov.cn/art/2024/1/30/art_1_2.html", hint="html")
    assert ex.status == "needs_ocr"
    assert ex.error == "no statistical tables in the text; 3 image(s) may hold them"
    assert (ex.agency, ex.year) == ("某县财政局", 2023)
    assert len(ex.images) == 3 and ex.images[0].endswith("/uploads/2024/01/t2.png")
    assert ex.as_json()["images"] == ex.images and "table3" not in ex.as_json()


def test_pdf_with_only_images():
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("RGB", (800, 1100), "white")
    for x in range(100, 700):
        for y in (200, 400, 600):
            img.putpixel((x, y), (0, 0, 0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(2):
        c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    ex = extract_bytes(buf.getvalue(), "scanned.pdf")
    assert ex.status == "needs_ocr" and ex.error and "\n" not in ex.error
    assert ex.tables == {}
