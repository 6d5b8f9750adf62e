"""`make bench`: speed of `xxgk publish` (the Datasette site database).

Loads N generated agency-years (default 5,000, the province-sized set of
bench_report), builds the derived datasets, then measures a cold publish, a
publish with nothing changed, and a publish after a load of 50 more reports
(only those are rewritten). Prints figures and writes data/bench_publish.json.
Usage: python tests/bench_publish.py [--agency-years 5000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_report import _agency_years

from pipeline.findings import build
from pipeline.load import load
from pipeline.publish import publish


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t, 1)


def bench_publish(n: int, tmp: Path, more: int = 50) -> dict:
    data, out = tmp / "data", tmp / "site.db"
    reports = _agency_years(n + more)
    load(itertools.islice(reports, n), data)
    _, derived = _timed(lambda: build(data, jobs=2))
    cold, cold_s = _timed(lambda: publish(data, out, jobs=2))
    _, noop_s = _timed(lambda: publish(data, out, jobs=2))
    load(reports, data)          # the `more` remaining agency-years
    _, derived_more = _timed(lambda: build(data, jobs=2))
    incr, incr_s = _timed(lambda: publish(data, out, jobs=2))
    return {"agency_years": n, "derived_build_s": derived, "publish_cold_s": cold_s,
            "publish_unchanged_s": noop_s, "added": more, "derived_rebuild_s": derived_more,
            "publish_incremental_s": incr_s, "sections_rewritten": incr.changed["sections"],
            "requests_rows": cold.rows["requests"], "db_mb": round(out.stat().st_size / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agency-years", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_publish(args.agency_years, Path(tmp))
    print(json.dumps(result, indent=1))
    out = ROOT / "data" / "bench_publish.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
