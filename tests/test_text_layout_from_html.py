"""An HTML page's text laid out in columns, and numbers its page set in two elements.

The class: inscriptis (and other extractors that lay a page's tables out in columns, as a browser
shows them) print a number the page set in two inline elements with a space between:
``<span>18</span><span>218</span>`` becomes ``18 218``, ``0.<span>89</span>`` becomes ``0. 89``.
In a table laid out in columns, the reader took '18 218' for two cells: four numbers for three
columns, read in their order under the header (18 under 本年增/减, 218 under 处理决定数量), and
'0.' for an item number before the label (89 for 0.89). Now two numbers one space apart under one
column, in a row printing more numbers than the table has columns, are one cell that is no number
(``text_rows._cut_in_a_column``; not in narrow columns one space apart, where every gap is one
space), and '0. 89' is one cell as printed (``text_columns._decimals_cut``). A wrapped header's tails are found under their heads with an
ideograph one column wide too (inscriptis counts characters, pdftotext and pandoc print an
ideograph two wide).

And a row of eight numbers among rows of seven, in a text (no spans known), is no sign of an
eighth column: a number cut in two ('2 1' for 21, or '2' / '1' as BeautifulSoup's
``get_text("\n")`` prints it) made all the block's rows of seven unread; now that row alone is.

Members: the four real pages and generated reports (their CMS markup splits numbers) through
inscriptis and through BeautifulSoup's ``get_text("\n")``. No number may be read wrong; what the
extractor cut is named.
"""

from __future__ import annotations

import random
from pathlib import Path

import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from test_text_dumps import _cell_counts, assert_generated_read, cell_total

from pipeline.extract import extract_bytes
from pipeline.samples import make_report, render_html

# The 2020 page sets two numbers of table 3 in two elements each ('2 0' for 20, '2 1' for 21):
# those rows print nine numbers, the others seven and no column places them (inscriptis sets
# columns by their width on screen, an ideograph two wide, the reader counts characters): table 3
# is not read.
_LOSSES = {"t20210305_80595": 161}


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_inscriptis(path: Path):
    exp = yaml.safe_load(path.read_text("utf-8"))
    text = producers.inscriptis_dump(corpus_path(exp["document"]).read_bytes())
    ex = extract_bytes(text, f"{path.stem}.txt")
    assert (ex.agency, ex.year) == (exp["agency"], exp["year"])
    lost = _LOSSES.get(Path(exp["document"]).stem, 0)
    assert _cell_counts(ex, exp) == (cell_total(exp) - lost, {})


# The 2020 page's two rows whose numbers it sets in two elements, printed one string a line.
_SOUP_LOSSES = {"t20210305_80595": 14}


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_through_soup_text(path: Path):
    exp = yaml.safe_load(path.read_text("utf-8"))
    ex = extract_bytes(producers.soup_text(corpus_path(exp["document"]).read_bytes()), f"{path.stem}.txt")
    assert (ex.agency, ex.year) == (exp["agency"], exp["year"])
    assert _cell_counts(ex, exp) == (cell_total(exp) - _SOUP_LOSSES.get(Path(exp["document"]).stem, 0), {})


@pytest.mark.parametrize("dump", [producers.inscriptis_dump, producers.soup_text], ids=["inscriptis", "soup"])
@pytest.mark.parametrize("seed", range(12))
def test_generated_reports_through_html_text_extractors(seed, dump):
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    ex = extract_bytes(dump(render_html(report, rng)), f"{report.slug}.txt")
    assert_generated_read(ex, report.to_json(), losses_named=True)


@pytest.mark.parametrize("row, problem", [
    ("行政许可        ０        0        18 218", "two numbers one space apart in one column"),
    ("行政许可        0        0        3", None),
], ids=["cut", "whole"])
def test_a_number_cut_in_its_column(row, problem):
    text = ("某县人民政府2023年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n"
            "      第二十条第（五）项\n\n"
            "      信息内容        上一年项目数量  本年增/减    处理决定数量\n\n"
            f"      {row}\n\n"
            "      其他对外管理服务事项   2        1        0\n\n"
            "      行政处罚        5        0        7\n\n"
            "      行政强制        1        0        8\n")
    ex = extract_bytes(text.encode("utf-8"), "dump.txt")
    licensing = ex.tables["table2"].nested()["licensing"]
    if problem:
        assert licensing == {"items_prior_year": None, "items_change": None, "decisions": None}
        assert any(problem in p for p in ex.problems)
    else:
        assert licensing == {"items_prior_year": 0, "items_change": 0, "decisions": 3}
