"""The sample generator: truth by construction, declared breaks, renderers that open and print the truth."""

from __future__ import annotations

import io
import itertools
import json
import random
import re
from datetime import date

import docx
import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from pipeline import spec
from pipeline.samples import (
    failing_checks,
    generate_corpus,
    make_report,
    render_docx,
    render_html,
    render_pdf,
    render_text,
)
from pipeline.samples.grid import table3_grid
from pipeline.samples.names import Agency

FORMATS = st.sampled_from(["2019", "2021"])
SEEDS = st.integers(0, 2**32)
COMMON_ROWS = [r for r in spec.table3_rows("2019") if r != "other_total"]
BREAKS = st.one_of(
    st.sampled_from([f"t3_balance:{a}" for a in spec.table3_applicants()]),
    st.sampled_from([f"t3_row_total:{r}" for r in COMMON_ROWS]),
    st.sampled_from([f"t3_outcomes_sum:{a}" for a in spec.table3_applicants()]),
    st.sampled_from([f"t4_total:{p}" for p in spec.table4_proceedings()]),
)
AGENCY = Agency("青山县自然资源局", "qingshan-county-landres", False)


def cells(table: dict) -> dict[tuple[str, str], object]:
    return {(r, c): v for r, cols in table.items() for c, v in cols.items()}


# --- numbers -------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(seed=SEEDS, fmt=FORMATS, mixed=st.sampled_from([None, True, False]))
def test_keys_are_exactly_the_spec_keys_of_each_tables_format(seed, fmt, mixed):
    report = make_report(random.Random(seed), fmt, mixed=mixed and fmt == "2021")
    for table in ("table2", "table3", "table4"):
        assert set(cells(getattr(report, table))) == set(spec.keys(table, report.formats[table]))


@settings(max_examples=100, deadline=None)
@given(seed=SEEDS, fmt=FORMATS)
def test_unbroken_reports_satisfy_every_identity(seed, fmt):
    report = make_report(random.Random(seed), fmt)
    assert failing_checks(report.table3, report.table4, report.format) == []
    assert report.failing_checks == [] and report.breaks == []


@settings(max_examples=150, deadline=None)
@given(seed=SEEDS, fmt=FORMATS, name=BREAKS)
def test_a_break_changes_one_cell_and_fails_exactly_the_identities_through_it(seed, fmt, name):
    intact = make_report(random.Random(seed), fmt)
    broken = make_report(random.Random(seed), fmt, break_identities=[name])
    diff = [(t, k) for t in ("table2", "table3", "table4")
            for k, v in cells(getattr(broken, t)).items() if cells(getattr(intact, t))[k] != v]
    assert len(diff) == 1
    table, (row, col) = diff[0]
    if table == "table4":
        expected = {("t4_total", row)}
    else:
        expected = {("t3_row_total", row)}
        if row in ("new_received", "carried_over", "carried_forward", "total_processed"):
            expected.add(("t3_balance", col))
        if row in spec.table3_outcome_rows(broken.format) + ["total_processed"]:
            expected.add(("t3_outcomes_sum", col))
    assert set(broken.failing_checks) == expected
    assert tuple(name.split(":")) in expected
    assert broken.breaks == [name]


def test_two_breaks_on_one_identity_do_not_cancel():
    report = make_report(random.Random(7), "2021", break_identities=["t4_total:review", "t4_total:review"])
    assert ("t4_total", "review") in report.failing_checks


def test_unknown_breaks_are_refused():
    with pytest.raises(ValueError, match="t3_row_total:other_total"):
        make_report(random.Random(1), "2021", mixed=False, break_identities=["t3_row_total:other_total"])
    with pytest.raises(ValueError, match="t9_nothing:review"):
        make_report(random.Random(1), "2021", break_identities=["t9_nothing:review"])


def test_the_independent_checker_counts_blanks_as_zero_and_names_each_failure():
    fmt = "2019"
    table3 = {r: dict.fromkeys(spec.table3_applicants(), None) for r in spec.table3_rows(fmt)}
    table3["new_received"].update(natural_person=3, total=3)
    table3["granted"].update(natural_person=2, total=2)
    table3["rejected_duplicate"].update(natural_person=1, total=2)  # row total off by one
    table3["total_processed"].update(natural_person=3, total=3)
    table4 = {p: dict.fromkeys(spec.table4_outcomes(), 0) for p in spec.table4_proceedings()}
    table4["litigation_direct"].update(upheld=1, pending=1, total=3)
    assert failing_checks(table3, table4, fmt) == [
        ("t3_row_total", "rejected_duplicate"), ("t3_outcomes_sum", "total"), ("t4_total", "litigation_direct")]


@settings(max_examples=60, deadline=None)
@given(seed=SEEDS, fmt=FORMATS)
def test_magnitudes_are_printable_as_real_reports_print_them(seed, fmt):
    report = make_report(random.Random(seed), fmt)
    for (row, col), v in cells(report.table2).items():
        if (row, col) in (("fees", "amount_10k_yuan"), ("procurement", "amount")):
            assert v is None or (isinstance(v, float) and round(v, 2) == v and v >= 0)
        elif col == "items_change":
            assert v is None or isinstance(v, int)
        else:
            assert v is None or (isinstance(v, int) and v >= 0)
    for v in [*cells(report.table3).values(), *cells(report.table4).values()]:
        assert v is None or (isinstance(v, int) and v >= 0)
    expected_years = range(2019, 2021) if fmt == "2019" else range(2020, 2026)
    assert report.year in expected_years
    assert date(report.year + 1, 1, 1) <= report.published_date <= date(report.year + 1, 12, 31)
    assert set(report.sections) == {"1", "5", "6"} and all(report.sections.values())


def test_same_agency_carries_its_pending_requests_into_the_next_year():
    first = make_report(random.Random(11), "2019", agency=AGENCY, year=2020)
    second = make_report(random.Random(12), "2021", previous=first)
    assert (second.agency, second.year) == ("青山县自然资源局", 2021)
    for col in spec.table3_applicants():
        assert (second.table3["carried_over"][col] or 0) == (first.table3["carried_forward"][col] or 0)


def test_mixed_reports_print_table3_in_format_2019_under_a_2021_table2():
    report = make_report(random.Random(3), "2021", mixed=True)
    assert report.formats == {"table2": "2021", "table3": "2019", "table4": "2021"}
    assert report.format == "2019"
    assert "other_total" in report.table3 and "other_other" not in report.table3
    assert "fees" in report.table2 and "amount_10k_yuan" in report.table2["fees"]


def test_splitting_table3_keeps_every_value_once_and_repeats_the_spanning_group_label():
    grid = table3_grid(make_report(random.Random(4), "2021", mixed=False))
    top, bottom = grid.split(12, repeat_header=True)
    assert (top.n_rows, bottom.n_rows) == (12, grid.n_rows - 12 + 3)
    assert [c.text for c in bottom.cells if c.row < 3] == [c.text for c in grid.cells if c.row < 3]
    keys = [c.key for part in (top, bottom) for c in part.cells if c.is_value]
    assert sorted(keys) == sorted(c.key for c in grid.cells if c.is_value)
    group = [(c.row, c.rowspan) for part in (top, bottom) for c in part.cells if c.text == "三、本年度办理结果"]
    assert group == [(5, 7), (3, 15)]  # 22 outcome rows, cut after the 7th
    _, plain = grid.split(12, repeat_header=False)
    assert plain.header_rows == 0 and min(c.row for c in plain.cells) == 0


# --- renderers -----------------------------------------------------------------------------------

RENDERERS = [render_html, render_pdf, render_docx, render_text]


@pytest.mark.parametrize("render", RENDERERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_rendering_is_deterministic(render, fmt):
    report = make_report(random.Random(5), fmt)
    assert render(report, random.Random(9)) == render(report, random.Random(9))


def _digits(text: str) -> str:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.sub(r"[\s\xa0]|万?元", "", text)


def _printed(v) -> str:
    return "" if v is None else str(v)


def _new_received_truth(report) -> list[str]:
    return [_printed(report.table3["new_received"][c]) for c in spec.table3_applicants()]


@pytest.mark.parametrize("seed", range(12))
def test_html_parses_and_prints_the_truth(seed):
    report = make_report(random.Random(seed), ["2019", "2021"][seed % 2])
    data = render_html(report, random.Random(seed))
    charset = "gb18030" if b"gb2312" in data[:300] else "utf-8"
    tree = lxml_html.document_fromstring(data.decode(charset))
    pub = tree.xpath('//meta[@name="PubDate"]/@content')
    assert len(pub) == 1 and pub[0].startswith(report.published_date.isoformat())
    body = tree.xpath('//div[@class="TRS_Editor"] | //div[@id="zoom"]')
    assert len(body) == 1
    text = body[0].text_content()
    assert "三、收到和处理政府信息公开申请情况" in text and "四、政府信息公开行政复议、行政诉讼情况" in text
    row = next(tr for tr in body[0].iter("tr") if "本年新收" in re.sub(r"\s", "", tr.text_content()))
    printed = [_digits(td.text_content()) for td in row.findall("td")[-7:]]
    blanks = {"", "-", "—", "/"}
    assert [("" if p in blanks else p) for p in printed] == _new_received_truth(report)


def test_html_can_be_gbk_with_table3_split_in_two_and_its_header_repeated():
    report = make_report(random.Random(7), "2019")
    data = render_html(report, random.Random(7))
    assert b'<meta charset="gb2312">' in data or b"charset=gb2312" in data
    tree = lxml_html.document_fromstring(data.decode("gb18030"))
    tables = tree.xpath('//div[@class="TRS_Editor"]//table | //div[@id="zoom"]//table')
    assert len(tables) == 4
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [re.sub(r"\s", "", t.xpath("string(.//tr[1]/td[1])")) for t in tables[1:3]] == [corner, corner]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_pdf_opens_with_pdfplumber_and_prints_the_tables(fmt):
    report = make_report(random.Random(21), fmt, agency=AGENCY, year=2020)
    with pdfplumber.open(io.BytesIO(render_pdf(report, random.Random(1)))) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        footer = pdf.pages[0].extract_text().splitlines()[-1]
    assert "青山县自然资源局2020年政府信息公开工作年度报告" in text
    assert "本年新收" in text and "结转下年度继续办理" in text
    assert footer == "- 1 -"


def test_pdf_table3_of_a_large_report_crosses_a_page_break():
    report = make_report(random.Random(2), "2021", agency=AGENCY, year=2023)
    with pdfplumber.open(io.BytesIO(render_pdf(report, random.Random(2)))) as pdf:
        pages = [p.extract_text() for p in pdf.pages]
    start = next(i for i, t in enumerate(pages) if "一、本年新收" in t)
    assert "四、结转下年度继续办理" not in pages[start] and "四、结转下年度继续办理" in pages[start + 1]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_docx_opens_with_python_docx_with_merged_header_blocks(fmt):
    report = make_report(random.Random(31), fmt)
    document = docx.Document(io.BytesIO(render_docx(report, random.Random(1))))
    assert document.paragraphs[0].text == report.title
    assert document.core_properties.author == report.agency
    _, table3, table4 = document.tables
    assert len(table3.rows) == table3_grid(report).n_rows and len(table3.columns) == 10
    header = table3.rows[1].cells
    assert header[0].text == header[2].text and header[0]._tc is header[2]._tc  # merged corner block
    assert [c.text for c in table3.rows[0].cells][3:] == ["申请人情况"] * 7
    new = table3.rows[3].cells
    assert new[0].text == "一、本年新收政府信息公开申请数量" and new[0]._tc is new[2]._tc
    blanks = {"", "-", "/", "—"}
    assert [("" if c.text in blanks else c.text) for c in new[3:]] == _new_received_truth(report)
    assert table4.rows[0].cells[0].text == "行政复议" and table4.rows[0].cells[5].text == "行政诉讼"


def test_text_prints_markdown_pipe_tables_like_the_seed_report():
    report = make_report(random.Random(41), "2021", mixed=False)
    text = render_text(report, random.Random(1)).decode("utf-8")
    lines = text.splitlines()
    assert lines[0].replace(" ", "") == report.title
    row = next(line for line in lines if line.startswith("| 一、本年新收"))
    printed = [c.strip() for c in row.strip("|").split("|")][3:]
    assert [("" if p in {"", "-", "/"} else p) for p in printed] == _new_received_truth(report)
    assert "| 第二十条第（八）项 |" in text and "（六）其他处理" in text


# --- corpus --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    return out, generate_corpus(out, n=16, seed=99)


def test_corpus_is_byte_identical_for_a_seed(corpus, tmp_path):
    out, truths = corpus
    again = generate_corpus(tmp_path, n=16, seed=99)
    assert [t.file for t in again] == [t.file for t in truths]
    for name in [t.file for t in truths] + ["truth.json"]:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_corpus_truth_lists_every_file_with_cells_and_expected_failures(corpus):
    out, truths = corpus
    doc = json.loads((out / "truth.json").read_text("utf-8"))
    assert doc["seed"] == 99
    assert [f["file"] for f in doc["files"]] == [t.file for t in truths]
    assert sorted(p.name for p in out.iterdir()) == sorted([t.file for t in truths] + ["truth.json"])
    assert {t.kind for t in truths} == {"html", "pdf", "docx", "txt"}
    assert {t.report.format for t in truths} == {"2019", "2021"}
    assert sum(bool(t.report.breaks) for t in truths) == 2  # round(16 * 15%)
    for entry, t in zip(doc["files"], truths):
        assert re.fullmatch(r"\d\d-[a-z]+-[a-z]+-[a-z]+-20\d\d\.(html|pdf|docx|txt)", entry["file"])
        assert entry["failing_checks"] == [{"check": c, "subject": s} for c, s in t.report.failing_checks]
        assert bool(entry["breaks"]) == bool(entry["failing_checks"])
        assert entry["table3"] == t.report.table3


def test_corpus_agencies_report_over_consecutive_years_that_carry_over(corpus):
    _, truths = corpus
    by_agency: dict[str, list] = {}
    for t in truths:
        by_agency.setdefault(t.report.agency, []).append(t.report)
    runs = [reports for reports in by_agency.values() if len(reports) > 1]
    assert runs
    for reports in runs:
        assert [r.year for r in reports] == list(range(reports[0].year, reports[0].year + len(reports)))
        for before, after in itertools.pairwise(reports):
            for col in spec.table3_applicants():
                assert (after.table3["carried_over"][col] or 0) == (before.table3["carried_forward"][col] or 0)


def test_corpus_refuses_unknown_kinds(tmp_path):
    with pytest.raises(ValueError, match="odt"):
        generate_corpus(tmp_path, n=2, kinds=("odt",))
