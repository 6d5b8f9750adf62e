"""`make bench`: the never-crash property test at full size (10,000 damaged files).

CI runs ``tests/test_never_crash.py`` with its default of 600 cases; this runs
it with ``XXGK_FUZZ_CASES`` (default 10,000) and prints the count and the time
(also written to data/bench_fuzz.json). Exits non-zero when a case fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    cases = int(os.environ.get("XXGK_FUZZ_CASES", "10000"))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/test_never_crash.py"], cwd=ROOT, env={**os.environ, "XXGK_FUZZ_CASES": str(cases)},
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-500:]
    result = {"cases": cases, "seconds": round(seconds, 1), "cases_per_second": round(cases / seconds, 1),
              "pytest": summary}
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    out = ROOT / "data" / "bench_fuzz.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    if proc.returncode != 0:  # the falsifying examples, whole, for reproducing them
        log = out.with_suffix(".log")
        log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
        print("\n".join(line for line in proc.stdout.splitlines() if "Falsifying" in line or "seed=" in line))
        print(f"failing cases: see {log}")
        sys.exit(1)


if __name__ == "__main__":
    main()
