"""The ``xxgk`` command: one entry point, one subcommand per job."""

from __future__ import annotations

import typer

from . import (
    agency_cmd,
    compare_cmd,
    coverage_cmd,
    crawl_cmd,
    extract_cmd,
    load_cmd,
    panel_cmd,
    publish_cmd,
    query_cmd,
    report_cmd,
    run_cmd,
    samples_cmd,
    serve_cmd,
    sources_cmd,
)

app = typer.Typer(
    name="xxgk",
    help="政府信息公开工作年度报告 → canonical tables → checked Parquet datasets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract_cmd.extract)
app.command("load")(load_cmd.load)
app.command("samples")(samples_cmd.samples)
app.command("agency")(agency_cmd.agency)
app.command("panel")(panel_cmd.panel)
app.command("query")(query_cmd.query)
app.command("compare")(compare_cmd.compare)
app.command("report")(report_cmd.report)
app.command("crawl")(crawl_cmd.crawl)
app.command("run")(run_cmd.run)
app.command("coverage")(coverage_cmd.coverage)
app.command("publish")(publish_cmd.publish)
app.command("serve")(serve_cmd.serve)
app.add_typer(sources_cmd.app, name="sources")


def main() -> None:
    app()
