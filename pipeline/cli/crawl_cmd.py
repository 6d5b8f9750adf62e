"""``xxgk crawl --sources FILE [--data DIR]``: collect into the raw archive only."""

from __future__ import annotations

from pathlib import Path

from .run_cmd import DataOpt, LogOpt, PrivateOpt, SetOpt, SourcesOpt, UserAgentOpt, YearsOpt, execute


def crawl(
    sources: SourcesOpt,
    data: DataOpt = Path("data"),
    years: YearsOpt = None,
    allow_private_networks: PrivateOpt = False,
    log_format: LogOpt = "human",
    set_: SetOpt = None,
    user_agent: UserAgentOpt = None,
) -> None:
    """Collect the reports of every source into DATA/raw (with provenance) and DATA/state.sqlite.

    Nothing is extracted or loaded (``xxgk run`` does that). Exit codes as for ``xxgk run``.
    """
    execute(sources, data, years, allow_private_networks, log_format, set_, user_agent, extract=False)
