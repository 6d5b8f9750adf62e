"""`make bench`: the speed, memory and accuracy targets of the extraction core.

Not a test suite: it prints figures (and writes them to data/bench.json).
Single-core figures run extraction in this process only.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_storage import load_memory
from conftest import CORPUS, EXPECTED_DIR

from pipeline.extract import extract_bytes, extract_path
from pipeline.samples import make_report, render_html, render_pdf, render_text


def accuracy() -> dict:
    right = total = 0
    per_doc = {}
    for path in sorted(EXPECTED_DIR.glob("*.yaml")):
        exp = yaml.safe_load(path.read_text("utf-8"))
        doc = CORPUS / exp["document"]
        if not doc.exists():
            continue
        ex = extract_path(doc)
        ok = n = 0
        for table in ("table2", "table3", "table4"):
            got = ex.tables[table].nested() if table in ex.tables else {}
            for r, cols in exp.get(table, {}).items():
                for c, v in cols.items():
                    n += 1
                    ok += got.get(r, {}).get(c, "MISSING") == v
        per_doc[path.stem] = f"{ok}/{n}"
        right, total = right + ok, total + n
    return {"cells_right": right, "cells_total": total, "per_document": per_doc}


def throughput(name: str, payloads: list[tuple[bytes, str]], seconds: float = 10.0) -> dict:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        data, src = payloads[done % len(payloads)]
        ex = extract_bytes(data, src)
        assert ex.status == "ok", (src, ex.error)
        done += 1
    elapsed = time.perf_counter() - start
    return {"what": name, "reports": done, "seconds": round(elapsed, 2), "per_second": round(done / elapsed, 1)}


def corpus_payloads(pattern: str) -> list[tuple[bytes, str]]:
    return [(p.read_bytes(), str(p)) for p in sorted(CORPUS.glob(pattern)) if p.name != "index.html"]


def generated(render, n: int, fmt_cycle=("2019", "2021")) -> list[tuple[bytes, str]]:
    rng = random.Random(1)
    out = []
    for i in range(n):
        report = make_report(rng, fmt_cycle[i % len(fmt_cycle)])
        out.append((render(report, rng), f"{report.slug}-{i}"))
    return out


def main() -> None:
    results: dict = {}
    if CORPUS.is_dir():
        results["accuracy_real_documents"] = accuracy()
        results["html_corpus"] = throughput("real HTML pages (Pingtan, 200-360 KB)", corpus_payloads("sites/**/t*.htm"))
        results["pdf_corpus"] = throughput("real PDFs (Huaian, 5-6 pages)", corpus_payloads("reports/*.pdf"))
    results["html_generated"] = throughput("generated HTML reports", generated(render_html, 200))
    results["pdf_generated"] = throughput("generated PDF reports", generated(render_pdf, 30))
    results["text_generated"] = throughput("generated text reports (markdown tables)", generated(render_text, 200))
    results["memory_load"] = load_memory(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    results["peak_rss_this_process_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    out = ROOT / "data" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
