"""pypdf's text of printed pages: what LangChain's PyPDFLoader and most Python scripts read.

Measured on the real pages' prints by the matrix's producers (Chromium in eight set-ups,
wkhtmltopdf, Writer from HTML and from DOCX), dumped by pypdf: 8,597 of 8,756 cells right in its
plain text, 8,465 laid out; no number wrong. The class found: pypdf keeps a PDF's ligatures, and a
browser's page footer prints 'ﬁle:///…' (U+FB01): it was not taken for page furniture, so a table
cut by a page ended there, and a row printed right above the break was lost (7 to 29 cells on four
prints). Now: 8,662 plain; and 8,732 since a lone row of eight numbers among rows of seven no
longer stands for an eighth column in a text (test_text_layout_from_html).

Members: every print of the four real pages, plain (exact but for the losses below) and laid out
(no number wrong: pypdf's layout runs digits of narrow columns together, '000', and interleaves
a narrow column's label with its neighbour's, so its losses are many and its own).
"""

from __future__ import annotations

from pathlib import Path

import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED
from test_text_dumps import _cell_counts, cell_total

from pipeline.extract import extract_bytes
from pipeline.read.text_cells import is_page_furniture

# Cells pypdf's plain text of wkhtmltopdf's prints loses: it prints lines of tabs (a cell's spaces)
# between a row's numbers, a block apart (2019, 2022 pages); and the 2020 page's numbers set in two
# elements come out cut ('2 0'): those two rows are not read.
_PLAIN_LOSSES = {("t20200120_80576", producers.WKHTMLTOPDF_PRINT): 7,
                 ("t20210305_80595", producers.WKHTMLTOPDF_PRINT): 14,
                 ("t20220208_80613", producers.WKHTMLTOPDF_PRINT): 3}


def _prints(path: Path, derived) -> list[tuple[str, Path]]:
    stem = Path(yaml.safe_load(path.read_text("utf-8"))["document"]).stem
    return sorted((name, pdf) for (page, name), pdf in derived.items() if page == stem and pdf.suffix == ".pdf")


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_page_prints_through_pypdf(path, derived):
    exp = yaml.safe_load(path.read_text("utf-8"))
    stem = Path(exp["document"]).stem
    prints = _prints(path, derived)
    assert len(prints) >= 10
    for name, pdf in prints:
        ex = extract_bytes(producers.pypdf_text(pdf), f"{stem}.{name}.txt")
        assert (ex.agency, ex.year) == (exp["agency"], exp["year"]), name
        assert _cell_counts(ex, exp) == (cell_total(exp) - _PLAIN_LOSSES.get((stem, name), 0), {}), name
        laid_out = extract_bytes(producers.pypdf_text(pdf, layout=True), f"{stem}.{name}.txt")
        assert _cell_counts(laid_out, exp)[1] == {}, name


@pytest.mark.parametrize("line", ["\ufb01le:///work/corpus/sites/t20200120_80576.htm 8/13",
                                  "file:///work/corpus/sites/t20200120_80576.htm 8/13"])
def test_a_browser_footer_with_its_ligature_is_page_furniture(line):
    assert is_page_furniture(line)
