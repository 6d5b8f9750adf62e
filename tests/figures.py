"""Where the benchmarks put their figures: printed, and written to data/<name>.json."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def publish(name: str, results: dict) -> None:
    text = json.dumps(results, ensure_ascii=False, indent=2)
    print(text)
    out = ROOT / "data" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
