"""The sources file (CONTRACT.md §2): which agencies to crawl, from where.

Validation reads the YAML node tree so that every problem names its line;
a file with any problem is refused as a whole (a typo must not silently drop
an agency from a weekly run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .cms import CMS_NAMES

KEYS = {"agency", "region", "start_urls", "cms", "scope", "years"}
REQUIRED = ("agency", "start_urls")
SCOPES = ("own", "portal")
FIRST_YEAR = 2019   # the current report format; ``years: 2008-`` for sources that go back further
_YEARS = re.compile(r"^(?P<first>(?:19|20)\d\d)\s*(?:-\s*(?P<last>(?:19|20)\d\d)?)?$")


@dataclass(frozen=True, slots=True)
class Source:
    agency: str
    start_urls: tuple[str, ...]
    region: str | None = None
    cms: str = "auto"
    line: int = 0
    scope: str = "own"        # own: only its own reports; portal: every agency its listings name
    years: tuple[int, int | None] = (FIRST_YEAR, None)  # report years expected (None: up to the latest)


@dataclass(slots=True)
class SourcesError(Exception):
    """Every problem of a sources file, each as ``FILE:LINE: message``."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def parse_sources(text: str, name: str = "<sources>") -> list[Source]:
    """The sources of a YAML document; raises :class:`SourcesError` listing every problem."""
    problems: list[str] = []

    def bad(node: yaml.Node | None, message: str) -> None:
        problems.append(f"{name}:{_line(node) if node is not None else 1}: {message}")

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SourcesError([f"{name}:{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}"]) from None
    if not isinstance(root, yaml.MappingNode):
        raise SourcesError([f"{name}:1: expected a mapping with a 'sources' list"])
    items = None
    for key, value in root.value:
        if key.value == "sources":
            items = value
        else:
            bad(key, f"unknown key {key.value!r} (only 'sources' is allowed at the top level)")
    if items is None or not isinstance(items, yaml.SequenceNode):
        bad(items or root, "'sources' must be a list of agencies")
        raise SourcesError(problems)

    out: list[Source] = []
    seen: dict[str, int] = {}
    for entry in items.value:
        source = _parse_entry(entry, bad)
        if source is None:
            continue
        if source.agency in seen:
            bad(entry, f"agency {source.agency!r} is listed twice (first on line {seen[source.agency]})")
            continue
        seen[source.agency] = source.line
        out.append(source)
    if problems:
        raise SourcesError(problems)
    if not out:
        raise SourcesError([f"{name}:{_line(items)}: no sources listed"])
    return out


def _parse_entry(entry: yaml.Node, bad) -> Source | None:
    if not isinstance(entry, yaml.MappingNode):
        bad(entry, "each source must be a mapping with 'agency' and 'start_urls'")
        return None
    fields: dict[str, yaml.Node] = {}
    ok = True
    for key, value in entry.value:
        if key.value not in KEYS:
            bad(key, f"unknown key {key.value!r} (allowed: {', '.join(sorted(KEYS))})")
            ok = False
        elif key.value in fields:
            bad(key, f"key {key.value!r} given twice")
            ok = False
        else:
            fields[key.value] = value
    for key in REQUIRED:
        if key not in fields:
            bad(entry, f"missing required key {key!r}")
            ok = False
    agency = _text(fields.get("agency"), "agency", bad)
    region = _text(fields.get("region"), "region", bad) if "region" in fields else None
    cms = _text(fields.get("cms"), "cms", bad) if "cms" in fields else "auto"
    if cms is not None and cms not in CMS_NAMES:
        bad(fields["cms"], f"cms must be one of {', '.join(CMS_NAMES)}, not {cms!r}")
        ok = False
    scope = _text(fields.get("scope"), "scope", bad) if "scope" in fields else "own"
    if scope is not None and scope not in SCOPES:
        bad(fields["scope"], f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        ok = False
    years = _years(fields["years"], bad) if "years" in fields else (FIRST_YEAR, None)
    ok = ok and years is not None and scope is not None
    urls: list[str] = []
    node = fields.get("start_urls")
    if node is not None:
        values = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not values:
            bad(node, "start_urls is empty")
            ok = False
        for url_node in values:
            url = _text(url_node, "start_urls entry", bad)
            problem = url_problem(url) if url is not None else "not a URL"
            if problem:
                bad(url_node, problem)
                ok = False
            else:
                urls.append(url)
    if not ok or agency is None or (("region" in fields) and region is None) or cms is None:
        return None
    return Source(agency=agency, start_urls=tuple(urls), region=region, cms=cms, line=_line(entry), scope=scope,
                  years=years)


def _years(node: yaml.Node, bad) -> tuple[int, int | None] | None:
    """``2019-`` / ``2008-2024`` / ``2019``: the report years a source should have."""
    text = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    m = _YEARS.match(text)
    if not m or (m["last"] and int(m["last"]) < int(m["first"])):
        bad(node, f"years must be like 2019- or 2008-2024, not {text!r}")
        return None
    first = int(m["first"])
    last = int(m["last"]) if m["last"] else (first if "-" not in text else None)
    return first, last


def _text(node: yaml.Node | None, what: str, bad) -> str | None:
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null") or not str(node.value).strip():
        bad(node, f"{what} must be a non-empty text")
        return None
    return str(node.value).strip()


def url_problem(url: str) -> str | None:
    """Why a start URL is unusable, or None. (Address checks happen at crawl time.)"""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"start URL {url!r} is not http(s)"
    if not parts.hostname:
        return f"start URL {url!r} has no host"
    return None


def load_sources(path: str | Path) -> list[Source]:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError([f"{path}:1: cannot read: {exc}"]) from None
    return parse_sources(text, str(path))
