"""``xxgk crawl --sources FILE [--data DIR] [--frontier redis://HOST:PORT/DB]``: collect into the raw archive only."""

from __future__ import annotations

from typing import Annotated

import typer

from .data_option import DEFAULT
from .run_cmd import DataOpt, LogOpt, PrivateOpt, SetOpt, SourcesOpt, UserAgentOpt, YearsOpt, execute

FrontierOpt = Annotated[str | None, typer.Option(
    "--frontier", envvar="XXGK_FRONTIER",
    help="redis://HOST:PORT/DB: share one request queue, duplicate filter and per-host politeness with the other"
         " crawlers started on it (same sources file and --years; each may have its own --data or share one).")]


def crawl(
    sources: SourcesOpt,
    data: DataOpt = DEFAULT,
    years: YearsOpt = None,
    allow_private_networks: PrivateOpt = False,
    log_format: LogOpt = "human",
    set_: SetOpt = None,
    user_agent: UserAgentOpt = None,
    frontier: FrontierOpt = None,
) -> None:
    """Collect the reports of every source into DATA/raw (with provenance) and DATA/state.sqlite.

    Nothing is extracted or loaded (``xxgk run`` does that). Exit codes as for ``xxgk run``.
    """
    execute(sources, data, years, allow_private_networks, log_format, set_, user_agent, extract=False,
            frontier=frontier)
