"""``xxgk run --sources FILE [--data DIR] [--years 2019-2025]``: collect, extract, load, manifest."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from .data_option import DEFAULT, data_option
from .ocr_options import OcrChoice, OcrOpt, apply_ocr
from .scheduler_option import SchedulerOpt, TimeLimitOpt

SourcesOpt = Annotated[Path, typer.Option("--sources", help="Sources file (YAML, CONTRACT.md §2).")]
DataOpt = data_option("Data directory: raw/, state.sqlite, datasets/, runs/ (raw/, state and runs stay on local "
                      "disk, in XXGK_WORK_DIR, when the datasets are on an object store).")
YearsOpt = Annotated[str | None, typer.Option("--years", help="Report years to collect, e.g. 2019-2025 or 2024.")]
PrivateOpt = Annotated[bool, typer.Option("--allow-private-networks",
                                          help="Allow hosts on private and loopback addresses (tests, demo).")]
LogOpt = Annotated[str, typer.Option("--log-format", help="human (default) or json (JSON lines on stderr).")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="Scrapy setting override NAME=VALUE (repeatable).")]
UserAgentOpt = Annotated[str | None, typer.Option("--user-agent", help="User-Agent (name the operator and a contact).")]


def execute(sources: Path, data: str, years: str | None, allow_private: bool, log_format: str,
            settings: list[str] | None, user_agent: str | None, *, extract: bool, jobs: int = 0,
            frontier: str | None = None, scheduler: str | None = None, time_limit: float | None = None) -> None:
    from pipeline.batch import BatchOptions, parse_years, run_batch
    from scrapers.crawl import parse_setting
    from scrapers.logsetup import FORMATS, setup_logging

    if log_format not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--log-format")
    try:
        span = parse_years(years)
        overrides = dict(parse_setting(s) for s in settings or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if user_agent:
        overrides["USER_AGENT"] = user_agent
    setup_logging(log_format)
    result = run_batch(BatchOptions(sources, data, span, allow_private, overrides, log_format, extract, jobs,
                                    frontier or None, scheduler, time_limit))
    logging.getLogger("xxgk.run").info(
        "finished with exit code %d", result.exit_code,
        extra={"event": "finished", "exit_code": result.exit_code, "run_id": result.manifest.get("run_id"),
               "manifest": str(result.manifest_path) if result.manifest_path else None})
    if log_format == "human":
        print_summary(result.manifest, result.manifest_path)
    raise typer.Exit(result.exit_code)


def print_summary(m: dict, path: Path | None) -> None:
    sources = m.get("sources", [])
    statuses = Counter(s["status"] for s in sources)
    print(f"{m['kind']} {m['run_id']}: {len(sources)} sources — "
          + (", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "none ran")
          + f" ({m['durations'].get('total', 0):.1f}s)")
    width = max((len(s["source"]) for s in sources), default=0)
    for s in sources:
        counts = "; ".join(f"{k} {n}" for k, n in s["counts"].items())
        pad = " " * (width - len(s["source"]))
        print(f"  {s['source']}{pad}  {s['status']:<7} {s['reports']:>3} reports  {counts}")
        for error in s["errors"][:3]:
            print(f"      {error}")
        if len(s["errors"]) > 3:
            print(f"      … {len(s['errors']) - 3} more in the manifest")
    if m.get("changed"):
        print(f"  changed since the last run: {len(m['changed'])} URL(s) (both versions archived)")
    if m.get("removed"):
        print(f"  removed since the last run: {len(m['removed'])} URL(s) (404/410; the archive keeps them)")
    cov = m.get("coverage")
    if cov:
        n = cov["counts"]
        print(f"  coverage: {sum(n.values())} agency-years expected — {n['found']} found, {n['not_found']} not found,"
              f" {n['blocked']} blocked, {n['skipped']} skipped (xxgk coverage --data DIR shows which)")
    load = m.get("load")
    if load:
        st = ", ".join(f"{n} {s}" for s, n in load["statuses"].items()) or "nothing new"
        print(f"  extracted {load['reports_extracted']} report(s): {st}; "
              f"loaded {load['agency_years_loaded']} agency-year(s) ({load['replaced']} replaced)")
    for error in m.get("errors", []):
        print(f"  error: {error}")
    if path:
        print(f"  manifest: {path}")


def run(
    sources: SourcesOpt,
    data: DataOpt = DEFAULT,
    years: YearsOpt = None,
    allow_private_networks: PrivateOpt = False,
    log_format: LogOpt = "human",
    set_: SetOpt = None,
    user_agent: UserAgentOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Extraction processes (default: CPU count).")] = 0,
    ocr: OcrOpt = OcrChoice.auto,
    scheduler: SchedulerOpt = None,
    time_limit: TimeLimitOpt = None,
) -> None:
    """Collect every source, extract what is new or changed, load the datasets, write a run manifest.

    Exit code 0 when every source is fine, 1 when some failed or were blocked
    (the rest is done), 2 when nothing could run.
    """
    apply_ocr(ocr)
    execute(sources, data, years, allow_private_networks, log_format, set_, user_agent, extract=True, jobs=jobs,
            scheduler=scheduler, time_limit=time_limit)
