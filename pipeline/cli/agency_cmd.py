"""``xxgk agency NAME... [--region HINT] [--domain HOST] [--year Y] [--json]``: resolve agency names."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

JSON_KEYS = ("name", "agency_id", "division_code", "province", "prefecture", "county", "township", "level",
             "kind", "resolved", "reason")


def agency(
    names: Annotated[list[str], typer.Argument(help="Agency names, e.g. 义马市信访局.")],
    region: Annotated[str | None, typer.Option("--region", help="Region hint, e.g. 河南省三门峡市.")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="The agency site's host or URL.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Report year: names as in force then.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array, one object per name.")] = False,
) -> None:
    """Resolve agency names to division, level, kind and the stable agency_id.

    Exit code 1 when any name is left unresolved (its reason says why).
    """
    from ..agencies import AliasFileError, resolve, vintage

    try:
        results = [resolve(n, region=region, domain=domain, year=year) for n in names]
    except AliasFileError as e:
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps([{k: r.as_json()[k] for k in JSON_KEYS} for r in results], ensure_ascii=False,
                         indent=1))
    else:
        table = Table("name", "agency_id", "code", "where", "level", "kind", "note",
                      caption=f"divisions: {vintage()}")
        for r in results:
            where = "".join(p for p in (r.province, r.prefecture, r.county, r.township) if p)
            table.add_row(r.name, r.agency_id, r.division_code or "", where, r.level or "", r.kind or "",
                          ("" if r.resolved else "[red]unresolved[/]: ") + (r.reason or ""))
        Console().print(table)
    if not all(r.resolved for r in results):
        raise typer.Exit(1)
