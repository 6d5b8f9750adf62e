"""OpenDocument text (.odt): LibreOffice's own format, and what pandoc, WPS and Yozo Office save as
ODF. It was "not a recognised report file"; it is now sniffed by its 'mimetype' member and read as
.doc/.wps/.rtf are (LibreOffice converts it to DOCX, merged cells kept).

Members: the four real pages saved as ODT by Writer (from HTML) and by pandoc (from Writer's
DOCX), converted at test time; a spreadsheet (ODS) and a DOCX named .odt are told apart.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import producers
import pytest
import yaml
from conftest import PAGES_EXPECTED, corpus_path
from test_text_dumps import _cell_counts, cell_total, read_through_pandoc

from pipeline.extract import extract_bytes
from pipeline.read.sniff import sniff


@pytest.fixture(scope="module")
def writer_odt(tmp_path_factory) -> dict[str, Path]:
    if producers.SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed (make setup installs it)")
    pages = [corpus_path(yaml.safe_load(p.read_text("utf-8"))["document"]) for p in PAGES_EXPECTED]
    return producers.writer_convert(pages, tmp_path_factory.mktemp("odt"), producers.HTML_TO_ODT)


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_saved_as_odt_by_writer(path, writer_odt):
    exp = yaml.safe_load(path.read_text("utf-8"))
    data = writer_odt[Path(exp["document"]).stem].read_bytes()
    assert sniff(data) == "odt"
    ex = extract_bytes(data, f"{path.stem}.odt")
    assert (ex.status, ex.agency, ex.year) == ("ok", exp["agency"], exp["year"]), ex.problems
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


@pytest.mark.parametrize("path", PAGES_EXPECTED, ids=[p.stem for p in PAGES_EXPECTED])
def test_real_pages_saved_as_odt_by_pandoc(path, derived):
    exp, _, ex = read_through_pandoc(path, derived, "odt", ".odt")
    assert _cell_counts(ex, exp) == (cell_total(exp), {})


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_other_zips_are_not_odt():
    assert sniff(_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""})) is None
    assert sniff(_zip({"word/document.xml": b"<w:document/>", "mimetype": b"x"}), hint="odt") == "docx"
    assert sniff(_zip({"content.xml": b""})) is None
