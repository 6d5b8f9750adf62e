"""``xxgk report --region R --year Y -o report.html``: the page a journalist can open and share."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .data_option import DEFAULT, data_option


def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    region: Annotated[str | None, typer.Option("--region", help="Division-code prefix (3208) or place name (淮安市); all when omitted.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year reported on (default: the region's latest).")] = None,
    data: data_option("Data directory written by `xxgk load`.") = DEFAULT,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes for the text findings (default: CPU count).")] = 0,
) -> None:
    """Write one self-contained HTML report (charts, rankings, findings) for a region and year."""
    from ..errors import XxgkError
    from ..findings import NoData  # heavy imports (jieba, datasketch) only when this command runs
    from ..report import write_report

    try:
        shown = write_report(data, region, year, out, jobs=jobs)
    except (NoData, LookupError) as e:
        print(str(e).strip("'\""), file=sys.stderr)
        raise typer.Exit(1) from None
    except XxgkError as e:  # an unwritable page or data directory
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None
    n = {k: int((v["year"] == shown.year).sum()) for k, v in shown.findings.items()}
    print(f"{out}: {shown.region or 'all regions'} {shown.year}, {len(shown.current)} reports; findings: "
          + ", ".join(f"{k.removeprefix('findings_')} {v}" for k, v in n.items()))
