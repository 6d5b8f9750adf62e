"""``xxgk report``: one self-contained HTML page about a region's reports for one year.

The page works offline (plotly.js, data and styles are inlined: no CDN, no
fetch), renders Chinese with the system's CJK fonts, and fits a phone screen.
Every number on it is read from the datasets (see :mod:`.data`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.outputs import atomic_path

from .data import ReportData, gather
from .page import render

__all__ = ["ReportData", "gather", "render", "write_report"]


@cache
def plotly_js() -> str:
    """The plotly.js bundle shipped inside the plotly Python package (no download)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def write_report(data_dir: Path, region: str | None, year: int | None, out: Path, *, jobs: int = 0) -> ReportData:
    """Write the page for ``region`` and ``year`` (latest when None) to ``out``; returns what it shows."""
    with atomic_path(Path(out)) as tmp:
        tmp.touch()  # an unwritable place fails now, not after the work
        data = gather(data_dir, region, year, jobs=jobs)
        tmp.write_text(render(data, plotly_js()), "utf-8")
    return data
