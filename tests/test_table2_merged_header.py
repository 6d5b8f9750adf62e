"""A table 2 header whose rule between two cells was lost: one cell names two measures
('本年废止件数现行有效件数') over one column. Which measure's number stands under it the
header cannot say; when a row is then a cell short too, its numbers are not placed by that
cell (found by the never-crash property at 10,000 cases: a PDF with a rule clipped and a
number's text removed read the in-force count as the repealed one)."""

from __future__ import annotations

import random

import pytest
from lxml import etree

from pipeline.extract import extract_bytes
from pipeline.samples import make_report, render_html
from pipeline.tables.labels import TABLE2_MEASURES, matches
from pipeline.tables.text import label_key


def _merge_two_heads(html: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Two neighbouring measure cells of a table-2 header as one cell, and one value cell
    removed from a row of that sub-table: the row is then as many cells as the header."""
    root = etree.fromstring(html, etree.HTMLParser())
    heads = [tr for tr in root.iter("tr")
             if sum(bool(matches(label_key("".join(td.itertext())), TABLE2_MEASURES)) for td in tr) >= 3]
    tr = rng.choice(heads)
    cells = list(tr)
    k = rng.randrange(1, len(cells) - 1)
    text = "".join(cells[k].itertext()) + "".join(cells[k + 1].itertext())
    for child in list(cells[k]):
        cells[k].remove(child)
    cells[k].text = text
    tr.remove(cells[k + 1])
    row = tr.getnext()
    row.remove(list(row)[rng.randrange(1, len(row))])
    return etree.tostring(root, method="html", encoding="utf-8"), text


@pytest.mark.parametrize("seed", range(12))
def test_a_cell_naming_two_measures_heads_no_column(seed):
    rng = random.Random(seed)
    report = make_report(rng, ("2019", "2021")[seed % 2])
    html, merged = _merge_two_heads(render_html(report, rng), rng)
    ex = extract_bytes(html, f"{report.slug}.html")
    truth = report.to_json()["table2"]
    got = ex.tables["table2"].nested()
    wrong = {(r, m): (v, truth[r][m]) for r, row in got.items() for m, v in row.items()
             if v is not None and v != truth.get(r, {}).get(m)}
    assert wrong == {}, merged


_FEES = """<html><body><p>某县2020年政府信息公开工作年度报告</p><table>
<tr><td>第二十条第（八）项</td><td>第二十条第（八）项</td><td>第二十条第（八）项</td><td>第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>{}</td><td>{}</td><td>{}</td></tr></table></body></html>"""


@pytest.mark.parametrize(("cells", "read"), [
    (("35", "0", "0"), {"items_prior_year": 35, "items_change": 0}),  # a span written out: one number
    (("35", "-2", "-2"), {"items_prior_year": 35, "items_change": -2}),
    (("35", "0", "5"), None),  # two numbers under one measure: which is its own cannot be told
    (("35", "35", ""), None),  # a number moved under its neighbour's measure, its own cell empty
])
def test_a_merged_cell_written_out_cell_by_cell(cells, read):
    """A table whose producer wrote a merged cell out in every column it covered (no colspan:
    docling, a CMS's table cleaner, a sheet saved without merges) repeats the measure's head
    and its number: side by side under one measure, one text is one cell. Different numbers
    there, or an empty cell where a measure's number should be, leave the row unread."""
    ex = extract_bytes(_FEES.format(*cells).encode("utf-8"), "fees.html")
    got = ex.tables["table2"].nested().get("fees") if "table2" in ex.tables else None
    if read is None:
        assert got is None or all(v is None for v in got.values())
    else:
        assert got == read
