"""The producer round-trip matrix: every real report page, printed or saved by
the programs agencies use, must read back to exactly the page's own cells.

Sources are the four 平潭 report pages in the shared corpus; their truth is the
hand-read ``tests/expected/*.yaml``. Producers (``tests/producers.py``):
Chromium print (A4/Letter × default margins/none × with/without header and
footer) and LibreOffice Writer HTML → DOCX, HTML → DOC, HTML → PDF and
DOCX → PDF. All conversions run once per session, in parallel. No producer
loses a cell of these pages, so every derived file must give every cell.

Not in the matrix, and why:
- the three real PDFs: no producer here takes a PDF back to an editable or
  printable form (Writer has no PDF import; PDF → DOCX is not how reports are
  made), so they are read as they are in ``test_real_documents.py``;
- ``published_date`` is not compared: a printed or saved file's creation
  date is the day it was printed, which the reader rightly reports;
- the text seed: the text reader's own tests cover it; printing it adds
  nothing a report producer does (reports are not typed as markdown).
"""

from __future__ import annotations

from pathlib import Path

import producers
import pytest
import yaml
from conftest import EXPECTED_DIR, corpus_path

from pipeline import spec
from pipeline.extract import extract_path

SOURCES = {yaml.safe_load(p.read_text("utf-8"))["document"]: p
           for p in sorted(EXPECTED_DIR.glob("pingtan-*.yaml"))}
PRODUCERS = [how.name for how in producers.CHROMIUM_PRINTS] + [
    how.name for how in (producers.HTML_TO_DOCX, producers.HTML_TO_DOC, producers.HTML_TO_PDF, producers.DOCX_TO_PDF)]


def _stem(document: str) -> str:
    return Path(document).stem


@pytest.fixture(scope="session")
def derived(tmp_path_factory) -> dict[tuple[str, str], Path]:
    if producers.CHROMIUM is None or producers.SOFFICE is None:
        pytest.skip("the producer matrix needs chromium and soffice (make setup installs both)")
    pages = [corpus_path(document) for document in SOURCES]
    return producers.derive_all(pages, tmp_path_factory.mktemp("producers"))


@pytest.fixture(scope="session")
def extracted(derived):
    cache: dict = {}

    def get(stem: str, producer: str):
        key = stem, producer
        if key not in cache:
            assert key in derived, f"{producer} produced nothing from {stem}"
            cache[key] = extract_path(derived[key])
        return cache[key]

    return get


def _cells(expected: dict) -> dict[str, object]:
    return {f"{table}.{row}.{col}": value for table in ("table2", "table3", "table4")
            for row, cols in expected.get(table, {}).items() for col, value in cols.items()}


@pytest.mark.parametrize("producer", PRODUCERS)
@pytest.mark.parametrize("document", list(SOURCES), ids=[_stem(d) for d in SOURCES])
def test_round_trip(document, producer, extracted):
    exp = yaml.safe_load(SOURCES[document].read_text("utf-8"))
    ex = extracted(_stem(document), producer)
    assert (ex.status, ex.error) == ("ok", None), ex.problems
    assert (ex.agency, ex.year, ex.formats) == (exp["agency"], exp["year"], exp["formats"])
    for table, fmt in exp["formats"].items():
        assert {(r, c) for r, cols in exp[table].items() for c in cols} == set(spec.keys(table, fmt))
    got = {f"{t}.{r}.{c}": v for t, result in ex.tables.items() for r, cols in result.nested().items()
           for c, v in cols.items()}
    wrong = {key: (value, got.get(key, "MISSING")) for key, value in _cells(exp).items()
             if got.get(key, "MISSING") != value}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"
