"""Which agency a listed report belongs to, and whether a source collects it.

A county portal's column lists many departments' reports. Each is attributed
to the agency its title names; it is the source's own when both names resolve
to the same ``agency_id`` (``pipeline.agencies``: 平潭综合实验区 = 平潭综合实验区管委会),
or when the title's name is part of the source's (the title left out the kind).
A source with ``scope: portal`` collects every agency's reports; with
``scope: own`` (the default) the others are recorded as skipped, naming the agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .records import ReportKey
from .sources import Source


@dataclass(frozen=True, slots=True)
class Attribution:
    key: ReportKey | None     # the report as filed (None: skipped)
    skip: str | None = None   # why the source does not collect it


@lru_cache(maxsize=4096)
def _agency_id(name: str, region: str | None, domain: str | None, year: int) -> str | None:
    from pipeline.agencies import agency_id

    aid = agency_id(name, region=region, domain=domain, year=year)
    return None if aid.startswith("name-") else aid


def same_agency(printed: str, source: Source, year: int) -> bool:
    """Whether a title's agency is the source's agency."""
    if printed in source.agency or printed.replace("管委会", "") in source.agency:
        return True
    domain = source.start_urls[0] if source.start_urls else None
    mine = _agency_id(source.agency, source.region, domain, year)
    return mine is not None and mine == _agency_id(printed, source.region, domain, year)


def attribute(source: Source, printed: ReportKey) -> Attribution:
    """File a listed report (``printed``: agency as the title names it, "" for none) for ``source``."""
    if not printed.agency or same_agency(printed.agency, source, printed.year):
        return Attribution(ReportKey(source.agency, printed.year))
    if source.scope == "portal":
        return Attribution(printed)
    return Attribution(None, f"another agency's report ({printed.agency}); this source's scope is own")


# Page metadata naming who published a page (政府信息公开平台 label rows, read by the HTML reader).
PUBLISHER_LABELS = ("发布机构", "发文机关", "发文机构", "公开责任部门", "信息来源", "来源")


def publisher(page: bytes, url: str) -> str | None:
    """The agency a report page's metadata names as its publisher (None: none, or unreadable)."""
    from pipeline.errors import ReadError
    from pipeline.read import read_bytes

    try:
        meta = read_bytes(page, url, hint="html").meta
    except ReadError:
        return None
    return next((meta[k].strip() for k in PUBLISHER_LABELS if (meta.get(k) or "").strip()), None)
