"""OCR: image-only reports read into the same cells as their text layer.

The material is made here from the shared real reports (tests/ocr_material.py):
a representative subset runs in CI — the table pages of two PDFs at 200 dpi
and at 150 dpi with noise and JPEG, one HTML page whose tables are images, a
standalone image and a DOCX with a table picture. The full matrix (every
document × 300/200/150 dpi × rotation, JPEG, noise) is tests/bench_ocr.py.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import corpus_path
from ocr_material import (
    NOISY_150,
    Variant,
    chromium,
    compare,
    degrade,
    html_with_table_images,
    rasterize,
    scanned_pdf,
)

from pipeline.extract import extract_bytes, extract_path
from pipeline.read.ocr import use_ocr_mode
from pipeline.read.ocr.binarize import ink_mask
from pipeline.read.ocr.deskew import skew_angle
from pipeline.read.sniff import sniff

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")

CITY = "reports/huaian-city-gov-2024.pdf"
HONGZE_2023 = "reports/huaian-hongze-district-gov-2023.pdf"
PINGTAN_2019 = "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm"


@pytest.fixture(autouse=True)
def ocr_auto(monkeypatch):
    monkeypatch.setenv("XXGK_OCR", "auto")


@pytest.fixture(scope="module")
def city_text():
    return extract_path(corpus_path(CITY))


@pytest.fixture(scope="module")
def city_200(city_text):
    """The title page and table pages (3–5) of 淮安市人民政府 2024 as an image-only PDF at 200 dpi."""
    data = scanned_pdf(corpus_path(CITY), Variant(200), [1, 3, 4, 5])
    return extract_bytes(data, "huaian-city-gov-2024-scan.pdf")


def test_scan_at_200_dpi_gives_the_text_layer_cells(city_text, city_200):
    ex = city_200
    assert (ex.status, ex.read_by, ex.agency, ex.year) == ("ok", "ocr", "淮安市人民政府", 2024)
    score = compare(city_text, ex)
    assert score.cells == 200 and score.wrong == [] and score.wrong_flagged == 0
    assert score.right == 200
    t3 = ex.tables["table3"]
    assert t3.value("new_received", "total") == 3119 and t3.value("carried_over", "total") == 34
    assert t3.value("total_processed", "total") == 3050 and t3.value("carried_forward", "total") == 103
    assert ex.tables["table2"].value("licensing", "decisions") == 447228
    assert ex.tables["table2"].value("fees", "amount_10k_yuan") == 96171.6
    assert all(c.ok for c in ex.checks)


def test_ocr_cells_keep_confidence_and_read_by(city_200):
    cell = next(c for c in city_200.tables["table3"].cells if (c.row, c.column) == ("new_received", "total"))
    assert (cell.read_by, cell.raw, cell.page) == ("ocr", "3119", 3)  # page 3 of the scan (4 of the report)
    assert 0.9 < cell.confidence <= 1.0
    obj = city_200.as_json()
    assert obj["status"] == "ok" and obj["read_by"] == "ocr"


def test_scan_at_150_dpi_with_noise_and_jpeg():
    text = extract_path(corpus_path(HONGZE_2023))
    ex = extract_bytes(scanned_pdf(corpus_path(HONGZE_2023), NOISY_150, [1, 2, 3, 4]), "hongze-2023-noisy.pdf")
    assert ex.status == "ok" and ex.read_by == "ocr"
    score = compare(text, ex)
    assert score.cells == len(text.cells)
    assert score.accuracy >= 0.99, score.wrong
    assert score.wrong == []  # every misread cell is flagged
    assert ex.tables["table3"].value("new_received", "natural_person") == 21


@pytest.mark.skipif(chromium() is None, reason="chromium not installed")
def test_html_page_whose_tables_are_images(tmp_path):
    src = corpus_path(PINGTAN_2019)
    text = extract_path(src)
    page = html_with_table_images(src, tmp_path, Variant(200))
    assert len(page.images) == 3
    ex = extract_path(page.html)
    assert (ex.status, ex.read_by) == ("ok", "ocr")
    score = compare(text, ex)
    assert score.cells == 198 and score.right == 198, score.wrong
    assert ex.tables["table2"].value("penalty", "items_prior_year") == 2648


def test_html_tables_as_images_stay_needs_ocr_with_ocr_never(tmp_path, monkeypatch):
    page = html_with_table_images(corpus_path(PINGTAN_2019), tmp_path, Variant(150))
    monkeypatch.setenv("XXGK_OCR", "never")
    ex = extract_path(page.html)
    assert ex.status == "needs_ocr" and ex.read_by == "text" and len(ex.images) == 3


def test_standalone_image_file(tmp_path):
    """A table page saved as a PNG is a report file of its own (sniffed by content)."""
    png = degrade(rasterize(corpus_path(CITY), 200, [3])[0], Variant(200))
    assert sniff(png, hint="bin") == "image"
    path = tmp_path / "page3.png"
    path.write_bytes(png)
    ex = extract_path(path)
    assert ex.file_type == "image" and ex.read_by == "ocr" and ex.status == "partial"
    assert ex.tables["table2"].value("rules", "in_force") == 11
    assert ex.tables["table2"].value("normative_documents", "repealed") == 26


def test_docx_with_a_table_picture(tmp_path):
    import docx

    image = degrade(rasterize(corpus_path(CITY), 200, [4])[0], Variant(200))
    document = docx.Document()
    document.add_paragraph("淮安市人民政府2024年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    document.add_picture(io.BytesIO(image))
    buf = io.BytesIO()
    document.save(buf)
    ex = extract_bytes(buf.getvalue(), "picture-table.docx")
    assert ex.read_by == "ocr" and "table3" in ex.tables
    assert ex.tables["table3"].value("new_received", "natural_person") == 3001
    assert ex.tables["table3"].value("new_received", "total") == 3119


def test_pdf_scan_stays_needs_ocr_with_ocr_never():
    use_ocr_mode("never")
    try:
        ex = extract_bytes(scanned_pdf(corpus_path(CITY), Variant(150), [1, 3]), "scan.pdf")
    finally:
        use_ocr_mode("auto")
    assert ex.status == "needs_ocr" and ex.tables == {} and ex.read_by == "text"


@pytest.mark.parametrize("angle", [1.5, -1.5, 0.7])
def test_deskew_finds_the_angle(angle):
    page = rasterize(corpus_path(CITY), 100, [3])[0].convert("L").rotate(angle, fillcolor=255)
    assert abs(skew_angle(ink_mask(np.asarray(page))) + angle) <= 0.1


def test_low_confidence_and_identity_breaks_are_flagged_never_fixed():
    from pipeline.checks import run_checks
    from pipeline.checks.ocr import CONFIDENCE_THRESHOLD, flag_identity_breaks, flag_low_confidence
    from pipeline.result import Cell, TableResult

    cells = [Cell("table4", "review", o, v, str(v), read_by="ocr", confidence=0.99)
             for o, v in (("upheld", 3), ("corrected", 1), ("other", 0), ("pending", 0), ("total", 5))]
    cells[1].confidence = CONFIDENCE_THRESHOLD - 0.2
    tables = {"table4": TableResult("table4", "2021", cells)}
    low = flag_low_confidence(tables)
    assert low == [(f"table4 review/corrected: read by OCR with low confidence {CONFIDENCE_THRESHOLD - 0.2:.2f} "
                    f"(below {CONFIDENCE_THRESHOLD}): '1' may be misread")]
    cells[1].problem = None  # evaluate the identity with every cell taken as read
    checks = run_checks(tables)
    assert [(c.check, c.ok) for c in checks] == [("t4_total", False)]
    breaks = flag_identity_breaks(tables, checks)
    assert len(breaks) == 5 and [c.value for c in cells] == [3, 1, 0, 0, 5]  # values stay as read


def test_ocr_runs_offline(tmp_path):
    """Nothing is downloaded: OCR of an image works in a network namespace without network."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode:
        pytest.skip("cannot make a network namespace here")
    path = tmp_path / "page.png"
    path.write_bytes(degrade(rasterize(corpus_path(CITY), 150, [3])[0], Variant(150)))
    out = subprocess.run(["unshare", "-n", sys.executable, "-m", "pipeline.cli", "extract", str(path), "--json"],
                         capture_output=True, text=True, timeout=300, check=False,
                         env={**os.environ, "XXGK_OCR": "auto"})
    obj = json.loads(out.stdout)[0]
    assert obj["read_by"] == "ocr" and obj["table2"]["rules"]["in_force"] == 11


@pytest.mark.skipif(chromium() is None, reason="chromium not installed")
def test_crawled_page_reads_its_archived_table_images(tmp_path):
    """xxgk run: the page and its table images are parts of one report in the raw archive;
    the page is read with its images, which are not read again on their own."""
    from urllib.parse import urljoin

    from pipeline.batch.extract_stage import Pending, extract_report
    from scrapers.archive import RawArchive

    page = html_with_table_images(corpus_path(PINGTAN_2019), tmp_path, Variant(200))
    archive = RawArchive(tmp_path / "raw")
    url = "http://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm"
    parts = [(url, "report", archive.put(page.html.read_bytes())[0], None)]
    parts += [(urljoin(url, img.name), "attachment", archive.put(img.read_bytes())[0], None) for img in page.images]
    done = extract_report((str(tmp_path / "raw"), Pending("k", "平潭综合实验区管委会", 2019, "d", parts)))
    ex = done.extraction
    assert (ex.status, ex.read_by, ex.source_url) == ("ok", "ocr", url)
    assert ex.tables["table3"].value("new_received", "natural_person") == 23
    assert [p["status"] for p in done.parts] == ["ok", "needs_ocr", "needs_ocr", "needs_ocr"]
