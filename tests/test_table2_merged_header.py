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
