"""OCR accuracy and speed on the shared real reports, rasterised (``make bench``).

For every shared PDF (the first page and the pages with tables) and every
shared HTML report page (its tables as ``<img>``), each variant of
``ocr_material.VARIANTS`` is made, read by OCR and compared cell by cell with
the text-layer extraction. Prints the accuracy table per variant, the OCR CPU
time per page at 300 dpi (one thread: per core), and the same for tesseract
on a subset. Writes data/bench_ocr.json.

    XXGK_BENCH_OCR_QUICK=1         only 200 dpi and the noisy 150-dpi variant
    XXGK_BENCH_OCR_VARIANTS=a,b    only these variants, by name (300dpi, 200dpi-rot+1.5, 150dpi-jpeg60-noise …)
    XXGK_BENCH_OCR_DOCS=word       only the documents whose path contains ``word``
    XXGK_BENCH_OCR_ENGINES=a,b     only these engines (rapidocr, tesseract)
    XXGK_BENCH_OCR_VERBOSE=1       also list the wrong cells that were flagged
    XXGK_BENCH_OCR_OUT=path        write the JSON there (parallel subsets)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XXGK_OCR_THREADS", "1")  # per core
os.environ.setdefault("XXGK_OCR", "auto")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CORPUS
from ocr_material import NOISY_150, VARIANTS, Score, Variant, compare, html_with_table_images, scanned_pdf

from pipeline.extract import extract_bytes, extract_path
from pipeline.read.ocr import engines

PDFS = ["reports/huaian-city-gov-2024.pdf", "reports/huaian-hongze-district-gov-2023.pdf",
        "reports/huaian-hongze-district-gov-2024.pdf"]
HTMLS = ["sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm",
         "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202103/t20210305_80595.htm",
         "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202202/t20220208_80613.htm",
         "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm"]


def table_pages(ex) -> list[int]:
    return sorted({1} | {c.page for c in ex.cells if c.page})


def _selected(names: list[str]) -> list[str]:
    word = os.environ.get("XXGK_BENCH_OCR_DOCS", "")
    return [n for n in names if word in n]


_REFERENCE: dict[str, object] = {}


def reference(path: Path):
    """The text-layer extraction of a document (once per run)."""
    if str(path) not in _REFERENCE:
        _REFERENCE[str(path)] = extract_path(path)
    return _REFERENCE[str(path)]


def run_variant(variant: Variant, engine: str, rows: list[dict], confidences: list[tuple[float, bool]]) -> Score:
    os.environ["XXGK_OCR_ENGINE"] = engine
    engines.get_engine.cache_clear()
    total = Score()
    for rel in _selected(PDFS):
        path = CORPUS / rel
        ref = reference(path)
        pages = table_pages(ref)
        data = scanned_pdf(path, variant, pages)
        cpu, wall = time.process_time(), time.perf_counter()
        ex = extract_bytes(data, f"{path.stem}-{variant.name}.pdf")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        score = compare(ref, ex)
        _collect(ref, ex, confidences)
        rows.append({"engine": engine, "variant": variant.name, "document": rel, "kind": "image-only PDF",
                     "pages": len(pages), "cells": score.cells, "right": score.right,
                     "wrong_flagged": score.wrong_flagged, "wrong_unflagged": len(score.wrong),
                     "right_flagged": score.right_flagged, "cpu_s_per_page": cpu / len(pages),
                     "wall_s_per_page": wall / len(pages), "unflagged": score.wrong, "flagged": score.flagged})
        total.add(score)
    for rel in _selected(HTMLS):
        path = CORPUS / rel
        ref = reference(path)
        with tempfile.TemporaryDirectory() as tmp:
            page = html_with_table_images(path, Path(tmp), variant)
            cpu, wall = time.process_time(), time.perf_counter()
            ex = extract_path(page.html)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        score = compare(ref, ex)
        _collect(ref, ex, confidences)
        rows.append({"engine": engine, "variant": variant.name, "document": rel, "kind": "HTML, tables as <img>",
                     "pages": len(page.images), "cells": score.cells, "right": score.right,
                     "wrong_flagged": score.wrong_flagged, "wrong_unflagged": len(score.wrong),
                     "right_flagged": score.right_flagged, "cpu_s_per_page": cpu / max(1, len(page.images)),
                     "wall_s_per_page": wall / max(1, len(page.images)), "unflagged": score.wrong,
                     "flagged": score.flagged})
        total.add(score)
    return total


def _collect(ref, ex, out: list[tuple[float, bool]]) -> None:
    got = {(c.table, c.row, c.column): c for c in ex.cells}
    for cell in ref.cells:
        mine = got.get((cell.table, cell.row, cell.column))
        if mine is not None and mine.confidence is not None and mine.value is not None:
            out.append((mine.confidence, mine.value == cell.value))


def main() -> None:
    quick = bool(os.environ.get("XXGK_BENCH_OCR_QUICK"))
    variants = [Variant(200), NOISY_150] if quick else VARIANTS
    if os.environ.get("XXGK_BENCH_OCR_VARIANTS"):
        wanted = os.environ["XXGK_BENCH_OCR_VARIANTS"].split(",")
        unknown = set(wanted) - {v.name for v in VARIANTS}
        if unknown:
            sys.exit(f"unknown variants {sorted(unknown)}; known: {[v.name for v in VARIANTS]}")
        variants = [v for v in VARIANTS if v.name in wanted]
    engine_names = os.environ.get("XXGK_BENCH_OCR_ENGINES", "rapidocr,tesseract").split(",")
    verbose = bool(os.environ.get("XXGK_BENCH_OCR_VERBOSE"))
    rows: list[dict] = []
    confidences: list[tuple[float, bool]] = []
    print(f"{'engine':10} {'variant':26} {'cells':>6} {'right':>6} {'acc %':>7} {'wrong⚑':>7} {'wrong!':>7} "
          f"{'right⚑':>7} {'cpu s/page':>10}")
    # The targets' variants first (300, 200, 150 noisy), then the engine comparison, then the rest.
    first = [v for v in (Variant(300), Variant(200), NOISY_150) if v in variants]
    plan = ([("rapidocr", v) for v in first] + [("tesseract", Variant(200))]
            + [("rapidocr", v) for v in variants if v not in first] + [("tesseract", NOISY_150)])
    for engine, variant in plan:
        if engine not in engine_names or (engine == "tesseract" and not engines.shutil.which("tesseract")):
            continue
        before = len(rows)
        score = run_variant(variant, engine, rows, confidences if engine == "rapidocr" else [])
        pages = sum(r["pages"] for r in rows[before:])
        cpu = sum(r["cpu_s_per_page"] * r["pages"] for r in rows[before:]) / max(1, pages)
        print(f"{engine:10} {variant.name:26} {score.cells:6} {score.right:6} {100 * score.accuracy:7.2f} "
              f"{score.wrong_flagged:7} {len(score.wrong):7} {score.right_flagged:7} {cpu:10.2f}", flush=True)
        for w in score.wrong:
            print(f"    unflagged: {w}")
        for w in score.flagged if verbose else []:
            print(f"    flagged: {w}")
    pdf300 = [r for r in rows if r["engine"] == "rapidocr" and r["variant"].startswith("300dpi")
              and r["kind"] == "image-only PDF"]
    if pdf300:
        pages = sum(r["pages"] for r in pdf300)
        print(f"speed: {sum(r['cpu_s_per_page'] * r['pages'] for r in pdf300) / pages:.2f} CPU s per 300-dpi page "
              f"(one thread; first page + table pages of the PDFs, {pages} pages; target ≤ 2)")
    wrong = sorted(c for c, ok in confidences if not ok)
    right = sorted(c for c, ok in confidences if ok)
    if right:
        print(f"confidence: {len(wrong)} wrong numbers, highest {wrong[-1] if wrong else None}; "
              f"{len(right)} right, 1st/5th/10th percentile "
              f"{right[len(right) // 100]:.3f}/{right[len(right) // 20]:.3f}/{right[len(right) // 10]:.3f}")
    out = Path(os.environ.get("XXGK_BENCH_OCR_OUT", "data/bench_ocr.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "wrong_confidences": wrong,
                               "right_confidences_sample": right[:: max(1, len(right) // 500)]},
                              ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
