"""Every file in the corpus is read without an exception, whatever it is, and
every report in it (those with expected values) comes out ``ok``."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from pipeline.extract import extract_path
from pipeline.read import read_path

FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.csv") if CORPUS.is_dir() else []


@pytest.mark.skipif(not FILES, reason=f"real-document corpus not available at {CORPUS}")
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
def test_reads_without_exception(path):
    doc = read_path(path)
    assert doc.blocks, f"{path}: no blocks"
    ex = extract_path(path)
    assert ex.status in ("ok", "partial", "failed", "needs_ocr") and (ex.error is None or "\n" not in ex.error)


def test_listing_page_is_not_a_report():
    path = CORPUS / "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/index.html"
    if not path.exists():
        pytest.skip(f"not available: {path}")
    ex = extract_path(path)
    assert ex.status == "failed" and ex.error == "readable, but none of the statistical tables 2–4 was found"
