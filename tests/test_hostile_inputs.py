"""Regression tests for the bad inputs of issue 16's hostile run that reach the readers:
UTF-16 text without a byte-order mark, and a page whose one table would take
hundreds of megabytes."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from conftest import ROOT, corpus_path

from pipeline.extract import extract_bytes
from pipeline.read.encoding import decode_html, utf16_without_bom
from pipeline.read.grid import MAX_GRID_CELLS, GridTooLarge, expand_spans
from pipeline.samples import make_report, render_html, render_text

UTF16 = ["utf-16-le", "utf-16-be"]


@pytest.mark.parametrize("encoding", UTF16)
@pytest.mark.parametrize("seed", [3, 17, 2024])
def test_generated_text_reports_in_utf16_without_bom(seed, encoding):
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    text = render_text(report, rng).decode("utf-8")
    data = text.encode(encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ex = extract_bytes(data, f"{report.slug}.txt", hint="txt")
    assert ex.status == "ok", ex.error
    assert (ex.agency, ex.year) == (report.agency, report.year)
    truth = report.to_json()
    for table in ("table2", "table3", "table4"):
        assert ex.tables[table].nested() == truth[table]


@pytest.mark.parametrize("encoding", UTF16)
def test_real_text_report_in_utf16_without_bom(encoding):
    data = corpus_path("reports/yima-xinfang-2024.txt").read_bytes()
    utf8 = extract_bytes(data, "yima.txt", hint="txt")
    ex = extract_bytes(data.decode("utf-8").encode(encoding), "yima.txt", hint="txt")
    assert (ex.status, ex.agency, ex.year) == ("ok", "义马市信访局", 2024)
    assert [(c.table, c.row, c.column, c.value) for c in ex.cells] == \
        [(c.table, c.row, c.column, c.value) for c in utf8.cells]


@pytest.mark.parametrize("encoding", UTF16)
def test_real_html_page_in_utf16_without_bom(encoding):
    raw = corpus_path("sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm").read_bytes()
    original = extract_bytes(raw, "p.htm")
    ex = extract_bytes(decode_html(raw)[0].encode(encoding), "p.htm")
    assert ex.status == original.status and ex.tables["table3"].value("new_received", "total") == 74
    assert [c.value for c in ex.cells] == [c.value for c in original.cells]


@pytest.mark.parametrize("data", [
    b"plain ascii text, lowercase letters only, which must stay utf-8 " * 20,
    "一、总体情况\n本年新收 12 件。\n".encode("gb18030") * 50,
    "一、总体情况\n本年新收 12 件。\n".encode() * 50,
    random.Random(5).randbytes(4096),
    b"\x00" * 4096,
])
def test_other_bytes_are_not_taken_for_utf16(data):
    assert utf16_without_bom(data) is None


def test_a_grid_too_large_is_refused_before_it_is_built():
    rows = [[("x", 1, 1000)] for _ in range(MAX_GRID_CELLS // 1000 + 1)]
    with pytest.raises(GridTooLarge):
        expand_spans(rows)


def test_a_huge_span_costs_its_table_only():
    """A 2 KB table whose spans would expand to millions of positions is skipped
    as a loss naming it; the report's own tables are still read."""
    rng = random.Random(8)
    report = make_report(rng, "2021")
    page = decode_html(render_html(report, rng))[0]
    bomb = "<table>" + "<tr><td colspan=1000 rowspan=1000>x</td></tr>" * 200 + "</table>"
    page = page.replace("<p style", bomb + "<p style", 1)  # before the first paragraph of the body
    ex = extract_bytes(page.encode("utf-8"), "bomb.html")
    assert ex.status == "partial"
    assert ex.problems[0].startswith("table 1: not read (GridTooLarge: table of over 100,000 grid cells")
    assert ex.tables["table3"].nested() == report.to_json()["table3"]


def test_a_20mb_page_with_two_million_cells_fails_clearly_in_bounded_memory():
    """Issue 16: this page took 850 MB and 12 s. Refused by its cell count before
    parsing, in a child process whose peak memory is measured (VmHWM: ru_maxrss
    would carry the forking test process's own peak over)."""
    code = (
        "import re; from pipeline.extract import extract_bytes\n"
        "row = '<tr>' + '<td>1</td>' * 1000 + '</tr>'\n"
        "data = ('<html><body><div id=zoom><table>' + row * 2000 + '</table></div></body></html>').encode()\n"
        "ex = extract_bytes(data, 'huge.html')\n"
        "print(ex.status); print(ex.error)\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s*(\\d+) kB', status).group(1)) // 1024)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    status, error, peak_mb = out.stdout.splitlines()
    assert status == "failed"
    assert error == ("HTML page with 2,000,000 table cells, over the 100,000-cell limit "
                     "(a report's tables hold a few hundred); not read")
    assert int(peak_mb) < 300


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("seed", [4, 9])
def test_text_cut_inside_its_last_character_is_still_read(seed, encoding):
    """Found by the never-crash test: a file cut inside a multi-byte character decoded
    as gb18030 garbage and was refused; the characters before the cut are the text."""
    rng = random.Random(seed)
    report = make_report(rng, "2021")
    data = render_text(report, rng).decode("utf-8").rstrip().encode(encoding)
    ex = extract_bytes(data[:-1], f"{report.slug}.txt", hint="txt")  # the last character is Chinese
    assert (ex.status, ex.agency, ex.year) == ("ok", report.agency, report.year)
    assert ex.tables["table3"].nested() == report.to_json()["table3"]


@pytest.mark.parametrize("markup", ["<!-- ", "<script> ", "<div>a</div>", "\\- "], ids=["comments", "scripts", "divs", "escapes"])
def test_markup_never_closed_or_on_one_long_line_is_taken_out_in_one_pass(markup):
    """200,000 comments or scripts never closed, or block tags and escapes on one line: each is
    found once (searching each one's end, or its line's start, from it was quadratic: minutes)."""
    text = "某县人民政府2023年政府信息公开工作年度报告\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 3 |\n\n" + markup * 200_000
    ex = extract_bytes(text.encode("utf-8"), "page.md")
    assert ex.agency == "某县人民政府" and ex.year == 2023
