"""Running headers and footers (``pdf_paragraphs.running_lines``): the lines a browser or a word
processor repeats in the margins of every page. They sit between the two parts of a table cut by
a page break, so a footer not recognised keeps the parts apart. Read by OCR, the same footer comes
back with a different slip on each page; read from a text layer, it is the same on every page."""

from __future__ import annotations

from pipeline.read.pdf_layout import Line
from pipeline.read.pdf_page import Char
from pipeline.read.pdf_paragraphs import running_lines

HEIGHT = 842.0
FOOTER_TOP = 820.0


def line(text: str, top: float, *, ocr: bool) -> Line:
    return Line([Char(ch, 40.0 + 6 * i, top, 46.0 + 6 * i, top + 9, 9.0, False, confidence=0.97 if ocr else None)
                 for i, ch in enumerate(text)])


def body(n: int, *, ocr: bool) -> list[Line]:
    return [line(f"正文第{n}页第{k}行，政府信息公开工作年度报告的内容。", 120.0 + 20 * k, ocr=ocr) for k in range(5)]


# One browser footer (URL and page n/m) as OCR read it on each of six pages.
OCR_FOOTERS = ["file:///work/corpus/zfxxgknb/202202/t20220208_80613.htm 1/6",
               "file://work/corpus/zfxxgknb/202202/t20220208_80613.htm 2/6",
               "flle:///work/corpus/zfxxgknb/202202/t20220208_80613.htm 3/6",
               "file:///work/corpus/zfxxgknb/202202/t2022O208_80613.htm 4/6",
               "file:///work/corpus/zfxxgknb/2O2202/t20220208_80613.htm 5/6",
               "file://work/corpus/zfxxgknb/202202/t20220208_806I3.htm 6/6"]


def pages_with(footers: list[str], *, ocr: bool) -> list[tuple[float, list[Line]]]:
    return [(HEIGHT, [*body(n, ocr=ocr), line(f, FOOTER_TOP, ocr=ocr)]) for n, f in enumerate(footers)]


def footers(pages: list[tuple[float, list[Line]]]) -> set[int]:
    return {id(lines[-1]) for _, lines in pages}


def test_a_footer_read_by_ocr_with_a_different_slip_on_each_page_is_one_running_line():
    pages = pages_with(OCR_FOOTERS, ocr=True)
    assert running_lines(pages) == footers(pages)


def test_a_text_layer_footer_must_recur_exactly():
    """A text layer prints the same footer on every page: lines that differ are not one footer."""
    assert running_lines(pages_with(OCR_FOOTERS, ocr=False)) == set()
    same = pages_with([OCR_FOOTERS[0].replace("1/6", f"{n}/6") for n in range(1, 7)], ocr=False)
    assert running_lines(same) == footers(same)


def test_ocr_rows_of_a_table_in_the_margin_are_not_a_running_line():
    """Different rows of a table that reach the bottom margin on each page share their numbers'
    shape ('# # #'), not their labels."""
    rows = ["1.信访举报投诉类申请 0 0 0 0 0 0 0", "2.重复申请 0 0 0 0 0 0 0", "3.要求提供公开出版物 0 0 0 0 0 0 0",
            "4.无正当理由大量反复申请 0 0 0 0 0 0 0", "5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0",
            "（七）总计 63 0 0 2 0 4 69"]
    assert running_lines(pages_with(rows, ocr=True)) == set()


def test_short_ocr_lines_must_match_exactly():
    """A date read by OCR (few letters) must recur as it is: three pages of six print it so."""
    dates = ["2022/2/8 10:31", "2022/2/8 10:31", "2O22/2/8 1O:31", "2022/2/8 10:3l", "2022/2/8 I0:31", "2022/2/8 9:02"]
    pages = pages_with(dates, ocr=True)
    exact = {id(lines[-1]) for (_, lines), date in zip(pages, dates) if date[0].isdigit() and date[-1].isdigit()
             and "O" not in date and "I" not in date}
    assert len(exact) == 3 and running_lines(pages) == exact
