"""The one report-title parser: every way a real title is printed, and texts that are not report titles."""

from __future__ import annotations

import pytest

from pipeline.titles import parse_title


@pytest.mark.parametrize(("text", "agency", "year"), [
    ("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024),
    ("青山县财政局 2022 年政府信息公开工作年度报告(超链版)", "青山县财政局", 2022),
    ("青山县财政局2 0 2 3 年 政府信息公开工作年度报告", "青山县财政局", 2023),
    ("《青山县人民政府2022年政府信息公开工作年度报告》解读", "青山县人民政府", 2022),
    ("二〇二三年政府信息公开年报", None, 2023),
    ("二○二四年度淮安市人民政府政府信息公开工作年度报告", "淮安市人民政府", 2024),
    ("义马市信访局2024年政府信息公开工作年报", "义马市信访局", 2024),
    ("附件1：沭阳县人民政府（2024年度）政务公开工作年度报告", "沭阳县人民政府", 2024),
    ("洪泽区人民政府2023年政务公开暨政府信息公开工作年度报告", "洪泽区人民政府", 2023),
    ("淮安市财政局２０２４年信息公开年度工作报告", "淮安市财政局", 2024),
    ("关于淮安市民政局2021年政府信息公开工作年度报告", "淮安市民政局", 2021),
])
def test_report_titles(text, agency, year):
    t = parse_title(text)
    assert (t.agency, t.year, t.wrapper) == (agency, year, None)


def test_title_inside_a_notice_names_the_issuer_and_the_wrapper():
    t = parse_title("淮安市人民政府关于印发淮安市2024年政府信息公开工作年度报告的通知")
    assert (t.agency, t.year, t.wrapper) == ("淮安市人民政府", 2024, "印发")
    t = parse_title("关于报送2023年政府信息公开工作年度报告的通知")
    assert (t.agency, t.year, t.wrapper) == (None, 2023, "报送")


def test_matched_title_is_normalised():
    assert parse_title("  青山县财政局 二〇二二 年政府信息公开工作年度报告 ").title == \
        "青山县财政局2022年政府信息公开工作年度报告"


@pytest.mark.parametrize("text", ["政府信息公开年报", "2023年政府工作报告", "政府信息公开指南", "", "2024年"])
def test_not_report_titles(text):
    assert parse_title(text) is None


# ---- metadata of whole documents: titles split over blocks, years and agencies from elsewhere ----

from pipeline.document import Block, Document, Position
from pipeline.extract import extract_bytes
from pipeline.metadata import report_identity


def _doc(*texts: str) -> Document:
    return Document("x.txt", "text", [Block("paragraph", Position(i), text=t) for i, t in enumerate(texts)])


@pytest.mark.parametrize("head", [
    ("淮安市人民政府", "2024 年政府信息公开工作年度报告"),
    ("淮安市人民政府", "2024年政府信息公开", "工作年度报告"),
    ("淮安市人民政府2024年", "政府信息公开工作年度报告"),
])
def test_title_split_over_blocks(head):
    assert report_identity(_doc(*head, "一、总体情况"))[:2] == ("淮安市人民政府", 2024)


@pytest.mark.parametrize(("texts", "year", "how"), [
    (("政府信息公开工作年度报告", "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"), 2023, "statistics period"),
    (("政府信息公开工作年度报告", "统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。"), 2024, "statistics period"),
    (("政府信息公开工作年度报告", "本报告数据统计时间为2023年1月1日—12月31日。"), 2023, "statistics period"),
    (("政府信息公开工作年度报告", "所列数据时间范围为2022年1月1日至2022年12月31日。"), 2022, "statistics period"),
    (("政府信息公开工作年度报告", "正文", "沭阳县民政局", "2022年1月30日"), 2021, "signing date"),
    (("政府信息公开工作年度报告", "正文", "某县财政局", "二〇二五年三月十日"), 2024, "signing date"),
])
def test_year_when_no_title_names_it(texts, year, how):
    _agency, got, notes = report_identity(_doc(*texts))
    assert got == year and any(how in n for n in notes)


def test_signed_late_in_the_year_gives_no_year():
    assert report_identity(_doc("政府信息公开工作年度报告", "正文", "某县财政局", "2024年11月3日"))[1] is None


@pytest.mark.parametrize(("name", "date"), [("沭阳县民政局", "2022年1月30日"), ("义马市信访局", "2025年1月20日")])
def test_agency_from_the_signature(name, date):
    agency, _year, notes = report_identity(_doc("政府信息公开工作年度报告", "正文", name, date))
    assert agency == name and any("signature" in n for n in notes)


@pytest.mark.parametrize(("texts", "agency", "year"), [
    (("沭阳县财政局政府信息公开工作年度报告", "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"),
     "沭阳县财政局", 2023),
    (("宿迁市民政局政府信息公开工作年度报告（2023年）", "一、总体情况"), "宿迁市民政局", 2023),
    (("《宿迁市民政局政务公开工作年报》", "（2022年度）", "统计期限自2022年1月1日起至2022年12月31日止。"),
     "宿迁市民政局", 2022),
])
def test_agency_of_a_title_that_names_no_year(texts, agency, year):
    """A document's own title may print no year, or print it after the report's name in brackets:
    its agency is the title's, not the signature's (before: none, or the signature's)."""
    assert report_identity(_doc(*texts, "某县财政局", "2024年1月3日"))[:2] == (agency, year)


@pytest.mark.parametrize("text", ["关于印发宿迁市民政局政府信息公开工作年度报告的通知",
                                  "根据要求现公布政府信息公开工作年度报告"])
def test_no_agency_from_a_yearless_notice_or_sentence(text):
    """A notice about the report, or a sentence naming it, names no agency: the signature does."""
    agency, _year, notes = report_identity(_doc(text, "正文", "沭阳县民政局", "2022年1月30日"))
    assert agency == "沭阳县民政局" and any("signature" in n for n in notes)


def test_a_printed_page_whose_title_lost_its_year_digits():
    """Generated narrow pages printed by Chromium and dumped (pdfplumber, pdftotext, markitdown …)
    print the title as '宿豫区⼈⺠政府  年政府信息公开⼯作年度报告' (the digits on another line) and the
    period as '统计期限为2020年1⽉1⽇⾄' / '12⽉31⽇' (the year said once, over two lines). Over the
    3,996 dumps of the development and held-out ranges, agencies right 2,611 → 3,481 and years
    2,611 → 3,013, none wrong (before, neither was read from these)."""
    doc = _doc("宿豫区人民政府  年政府信息公开工作年度报告", "一、总体情况",
               "本报告……编制，所列数据统计期限为2020年1月1日至\n12月31日。2020年，本机关围绕中心工作……")
    agency, year, notes = report_identity(doc)
    assert (agency, year) == ("宿豫区人民政府", 2020) and any("statistics period" in n for n in notes)


def test_the_page_title_a_browser_printed_in_its_header():
    """A web page printed with Chromium's header carries the page's <title> on every page
    ('12/3/26, 4:18 PM 连云区人民政府2021年政府信息公开工作年度报告_连云区人民政府'); the header is page
    furniture, so no block holds it, but it is the page's title, as the HTML reader reads it. Here
    the body's title lost its year digits to the next line (a dump of digits set in another font):
    the agency and year are the header's (before: none)."""
    text = ("12/3/26, 4:18 PM 连云区人民政府2021年政府信息公开工作年度报告_连云区人民政府\n连云区人民政府\n首页\n"
            "连云区人民政府 年政府信息公开工作\n2021\n年度报告\n一、总体情况\n年度，本机关认真贯彻……\n"
            "file:///tmp/narrow-1.htm 1/4\n")
    ex = extract_bytes(text.encode("utf-8"), "x.txt")
    assert (ex.agency, ex.year) == ("连云区人民政府", 2021)


@pytest.mark.parametrize("tail", [("告",), ()])
def test_a_title_whose_year_a_dump_printed_on_the_next_line(tail):
    """pdfplumber's plain text sets digits of another font a line lower: '连云区人民政府 年政府信息公开
    工作年度报' / '2021' / '告'. The year goes back before its '年' (over the 3,996 generated dumps with
    the header's title: agencies right 3,829 -> 3,977, years 3,504 -> 3,981, none wrong)."""
    head = ("连云区人民政府", "首页", "当前位置：首页 政务公开 政府信息公开年报",
            "连云区人民政府 年政府信息公开工作年度报" + ("" if tail else "告"), "2021", *tail)
    assert report_identity(_doc(*head, "一、总体情况", "年度，连云区人民政府认真贯彻……"))[:2] == ("连云区人民政府", 2021)


def test_a_year_alone_after_a_line_that_is_no_title_is_not_put_in():
    """A line of digits after prose with a '年' is not a title's year: no title, no agency."""
    agency, year, _notes = report_identity(_doc("本年政府信息公开工作稳步推进", "2021", "正文"))
    assert (agency, year) == (None, None)


def test_a_title_in_a_row_of_a_layout_table():
    """A page's head set in a table, or a dump's navigation lines and title taken for one (the
    real 2019 and 2020 平潭 pages printed by Writer and dumped by pdfplumber -layout or pdftotext
    -fixed: over the 368 dumps of the real pages, agencies right 360 -> 368, years 362 -> 368)."""
    doc = Document("x.txt", "text", [
        Block("table", Position(0), rows=[["", "网站支持IPV6"], ["", "• 首页"],
                                          ["", "平潭综合实验区2019年度政府信息公开工作年度报告"], ["", "来源：平潭县人民政府"]]),
        Block("paragraph", Position(1), text="根据《条例》要求，编制完成了本报告。")])
    assert report_identity(doc)[:2] == ("平潭综合实验区", 2019)


@pytest.mark.parametrize("split", [
    ("平潭综合实验区", "2020", "年度政府信息公开工作年度报告"),
    ("平潭综合实验区2020", "年度政府信息公开工作年度报告"),
    ("平潭综合实验区", "2020年度政府信息公开工作年度报告"),
], ids=["three", "year-first", "year-second"])
def test_a_title_split_over_lines_below_a_page_navigation(split):
    """A printed page dumped by pypdf (the real 2020 平潭 page, printed by wkhtmltopdf): its title
    on two or three lines after some sixty lines of the site's navigation (agency 0 -> 1 of 1)."""
    nav = [f"栏目{i}" for i in range(60)]
    doc = _doc(*nav, *split, "来源：平潭县人民政府", "根据《条例》要求，编制完成了本报告。")
    assert report_identity(doc)[:2] == ("平潭综合实验区", 2020)


def test_navigation_lines_joined_are_no_title():
    nav = [f"栏目{i}" for i in range(20)] + ["政府工作报告", "政务公开", "政府信息公开", "年报"]
    assert report_identity(_doc(*nav, "本机关认真贯彻《条例》。"))[0] is None
