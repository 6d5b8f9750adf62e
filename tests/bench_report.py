"""`make bench`: speed targets of metrics, findings and the report.

1. ``xxgk report`` on a province-sized dataset: 5,000 generated agency-years
   (target < 30 s), measured cold (derived datasets built first) and warm.
2. Copied-text detection over 50,000 reports (sections 1 and 5: 100,000 texts)
   on 2 cores (target < 10 min), with copies planted to measure recall.

Not a test suite: prints figures and writes data/bench_report.json.
Usage: python tests/bench_report.py [--agency-years 5000] [--reports 50000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.checks import run_checks
from pipeline.findings import analyse, copied_text
from pipeline.load import load
from pipeline.report import write_report
from pipeline.result import Cell, Extraction, TableResult
from pipeline.samples import make_report
from pipeline.samples.names import OFFICES, Agency


def _extraction(report, i: int) -> Extraction:
    """The Extraction a perfect reader would return for a generated report (no rendering)."""
    tables = {}
    for name in ("table2", "table3", "table4"):
        cells = [Cell(name, row, col, value, "" if value is None else str(value))
                 for row, cols in getattr(report, name).items() for col, value in cols.items()]
        tables[name] = TableResult(name, report.formats[name], cells)
    sections = {k: v for k, v in report.sections.items()}
    return Extraction(file=f"https://example.gov.cn/{report.slug}/{report.year}.html", status="ok",
                      file_type="html", sha256=f"{i:064x}", agency=report.agency, year=report.year,
                      published_date=report.published_date.isoformat(), tables=tables, sections=sections,
                      checks=run_checks(tables))


def _province_agencies() -> list[Agency]:
    """Every agency of a province-sized region: the county-level units of 江苏 and 河南
    (names unique nationwide, from the division data) × the generator's kinds of office."""
    from pipeline.agencies.divisions import divisions

    year = divisions().year(2024)
    counties = [d for name, ds in year.by_name.items() for d in ds
                if len(ds) == 1 and d.level == "county" and d.province in ("江苏省", "河南省")]
    return [Agency(f"{d.name}{office}", f"{d.code}-{slug}", office == "人民政府")
            for d in sorted(counties, key=lambda d: d.code) for office, slug, _ in OFFICES]


def _agency_years(n: int, seed: int = 1):
    """n agency-years: consecutive years 2019–2025 of distinct agencies (carry-over consistent)."""
    rng = random.Random(seed)
    agencies = _province_agencies()
    rng.shuffle(agencies)
    count = 0
    for agency in agencies:
        previous = None
        for year in range(2019, 2026):
            if count >= n:
                return
            fmt = "2021" if year > 2020 else "2019"
            previous = make_report(rng, fmt, agency=agency, year=year, previous=previous)
            yield _extraction(previous, count)
            count += 1
    raise ValueError(f"only {count} agency-years available, {n} asked")


def bench_report(n: int, tmp: Path) -> dict:
    t = time.perf_counter()
    summary = load(_agency_years(n), tmp / "data")
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    shown = write_report(tmp / "data", None, 2024, tmp / "report.html", jobs=2)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    write_report(tmp / "data", None, 2024, tmp / "report.html", jobs=2)
    warm = time.perf_counter() - t
    return {"agency_years": summary.loaded, "load_s": round(loaded, 1), "report_cold_s": round(cold, 1),
            "report_warm_s": round(warm, 1), "reports_on_page": len(shown.current),
            "page_mb": round((tmp / "report.html").stat().st_size / 2**20, 1), "target_s": 30}


def _lexicon() -> list[str]:
    import jieba

    words = []
    with jieba.get_dict_file() as fh:
        for line in fh:
            word, freq, *_ = line.decode("utf-8").split()
            if 2 <= len(word) <= 4 and int(freq) >= 300:
                words.append(word)
    return words


BOILERPLATE = ["根据《中华人民共和国政府信息公开条例》和国务院办公厅有关要求，编制本报告。",
               "本报告中所列数据的统计期限自当年1月1日起至12月31日止。",
               "坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。"]


def _text(rng: random.Random, words: list[str], sentences: int) -> str:
    own = ["".join(rng.choices(words, k=rng.randint(8, 16))) + "。" for _ in range(sentences)]
    return "".join(rng.sample(BOILERPLATE, 2) + own)


def _edit(rng: random.Random, text: str, words: list[str], n: int) -> str:
    """Change ``n`` words: the "few words changed" of a copy."""
    for _ in range(n):
        w = rng.choice(words)
        i = text.find(w[:1], rng.randrange(len(text)))
        text = text[:i] + rng.choice(words) + text[i + 1:] if i > 0 else text
    return text


def bench_copies(n: int, jobs: int = 2, seed: int = 3) -> dict:
    """``n`` reports (about 7 years per agency), 1% copied from another agency, 1% from last year."""
    rng = random.Random(seed)
    words = _lexicon()
    rows, reports, planted = [], [], set()
    agencies = max(1, n // 7)
    for i in range(n):
        a, year = i % agencies, 2019 + i // agencies
        aid, name = f"a{a:06d}", f"第{a}号县第{a % 17}局"
        s1, s5 = _text(rng, words, 8), _text(rng, words, 3)
        r = rng.random()
        if r < 0.01 and i >= agencies:        # another agency's report (any earlier one), name swapped
            src = rng.randrange(i - i % agencies)
            s1 = _edit(rng, rows[2 * src][3].replace(reports[src][2], name), words, 3)
            planted.add((i, src, 1))
        elif r < 0.02 and i >= agencies:      # this agency's own text of last year, numbers updated
            src = i - agencies
            s5 = rows[2 * src + 1][3] + f"全年培训{rng.randint(1, 20)}次。"
            planted.add((i, src, 5))
        rows += [(aid, year, 1, s1), (aid, year, 5, s5)]
        reports.append((aid, year, name, None, f"u{i}"))
    sections = pd.DataFrame(rows, columns=["agency_id", "year", "section", "text"])
    meta = pd.DataFrame(reports, columns=["agency_id", "year", "agency", "published_date", "source_url"])
    t = time.perf_counter()
    corpus = analyse(sections, meta, jobs=jobs)
    tokenised = time.perf_counter() - t
    found = copied_text(corpus, meta)
    total = time.perf_counter() - t
    index = {(r.agency_id, r.year): i for i, r in enumerate(meta.itertuples(index=False))}
    pairs = {(index[(r.agency_id, r.year)], index[(r.other_agency_id, r.other_year)], r.section)
             for r in found.itertuples(index=False)}
    hit = len(planted & pairs)
    return {"reports": n, "texts": len(sections), "jobs": jobs, "tokenise_s": round(tokenised, 1),
            "total_s": round(total, 1), "planted": len(planted), "found": len(found), "recall": round(hit / max(1, len(planted)), 3),
            "unplanted_pairs": len(pairs - planted), "target_s": 600}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agency-years", type=int, default=5000)
    ap.add_argument("--reports", type=int, default=50_000)
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["report"] = bench_report(args.agency_years, Path(tmp))
        print("report:", json.dumps(results["report"], ensure_ascii=False), flush=True)
    results["copied_text"] = bench_copies(args.reports)
    print("copied text:", json.dumps(results["copied_text"], ensure_ascii=False), flush=True)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    results["peak_rss_children_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    out = ROOT / "data" / "bench_report.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"peak RSS {results['peak_rss_mb']} MB; written to {out}")


if __name__ == "__main__":
    main()
