"""Agency name (+ region and domain hints, + report year) → division, level, kind and id.

A name is read left to right: alias substitutions, then the longest division
names it starts with (河南省 → 三门峡市 → 义马市), each inside the one before,
then an optional township (…镇/乡/街道), and what is left is the department.
Division names are those in force in the report's year; a name not in force
then (洪泽县 in 2023) is looked up in the other years, and accepted when all
its bearers are one unit over time.

A name that fits several units (朝阳区: Beijing and Changchun) is narrowed by
the region hint (``河南省三门峡市``, from the sources file) and by the site's
domain (pinyin of the place in the host name); if still ambiguous, or if a
hint contradicts the name, the agency is left unresolved and ``reason`` says
why. Nothing is guessed silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

from .aliases import Aliases, default_aliases
from .divisions import Division, YearIndex, divisions
from .kinds import GOVERNMENT, KINDS, Kind, match_kind, normalise_level, unknown_kind

CENTRAL_CODE = "100000"  # the root of the Ministry of Civil Affairs' code tree (中华人民共和国)
LEVELS = ("central", "provincial", "prefectural", "county", "township")
_TOWNSHIP = re.compile(r"(.{1,12}?(?:街道办事处|街道|镇|乡|苏木))(人民政府|政府|办事处|党委)?$")
_CENTRAL = re.compile(r"^(国务院|国家|中国)|(部|署|总局)$")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What is known about the agency behind a name; ``reason`` explains anything short of certain."""

    name: str
    agency_id: str
    division_code: str | None = None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    township: str | None = None
    level: str | None = None
    kind: str | None = None
    resolved: bool = False
    reason: str | None = None

    def as_json(self) -> dict:
        return asdict(self)


def name_id(name: str, aliases: Aliases | None = None) -> str:
    """The fallback id of a name no division could be found for: ``name-`` + 12 hex digits.

    The department renames of the alias file are applied first, so an
    unresolved agency still keeps its id across 国土资源局 → 自然资源局.
    """
    from . import normalise_name

    aliases = aliases if aliases is not None else default_aliases()
    n = normalise_name(name)
    n = aliases.agencies.get(n, n)
    for old, new in sorted(aliases.kinds.items(), key=lambda kv: -len(kv[0])):
        if n.endswith(old):
            n = n[: -len(old)] + new
            break
    return "name-" + hashlib.sha1(n.encode("utf-8")).hexdigest()[:12]


def resolve(name: str, *, region: str | None = None, domain: str | None = None, year: int | None = None,
            aliases: Aliases | None = None) -> Resolution:
    """Resolve one agency name; see the module docstring for the rules."""
    aliases = aliases if aliases is not None else default_aliases()
    return _resolve(name or "", region or None, _host(domain), year, aliases)


# Bounded: a batch of distinct agencies must not grow the process (RSS flat in the number of documents).
@lru_cache(maxsize=1024)
def _resolve(name: str, region: str | None, host: str | None, year: int | None, aliases: Aliases) -> Resolution:
    from . import normalise_name

    n = normalise_name(name)
    fallback = name_id(name, aliases)
    if not n:
        return Resolution(name, fallback, reason="empty name")
    n = aliases.agencies.get(n, n)
    n = _apply_place_alias(n, aliases)
    index = divisions().year(year)

    hint: Division | None = None
    if region:
        hint_parse = _parse_places(_apply_place_alias(normalise_name(region), aliases), index, hint_mode=True)
        if isinstance(hint_parse, str) or not hint_parse[0]:
            return Resolution(name, fallback, reason=f"region hint {region!r} is not a known division"
                              + (f" ({hint_parse})" if isinstance(hint_parse, str) else ""))
        hint = hint_parse[0][-1]

    parsed = _parse_places(n, index, hint=hint, host=host)
    if isinstance(parsed, str):
        return Resolution(name, fallback, reason=parsed)
    chain, rest, notes = parsed
    if not chain and hint is not None:
        chain, notes = [hint], [f"place taken from the region hint {region!r}"]
    if not chain:
        return _central(name, n, fallback, aliases) or Resolution(
            name, fallback, reason="no administrative division found in the name")
    unit = chain[-1]
    if hint is not None and not (hint.contains(unit) or unit.contains(hint)):
        return Resolution(name, fallback, reason=f"{unit.path} ({unit.code}) is not within the region hint "
                          f"{hint.path} ({hint.code})")

    township, rest = _township(rest)
    kind, kind_note = _kind(rest, township, aliases)
    if kind_note:
        notes.append(kind_note)
    level = "township" if township else unit.level
    aid = f"{unit.stable_code}-{kind.slug}"
    if township:
        aid = f"{unit.stable_code}-t{hashlib.sha1(township.encode('utf-8')).hexdigest()[:6]}-{kind.slug}"
    return Resolution(name, aid, unit.code, unit.province, unit.prefecture, unit.county, township, level,
                      kind.name, True, "; ".join(notes) or None)


def _apply_place_alias(n: str, aliases: Aliases) -> str:
    hit = aliases.place_prefix(n)
    return hit[1] + n[len(hit[0]):] if hit else n


def _central(name: str, n: str, fallback: str, aliases: Aliases) -> Resolution | None:
    """An agency of the State Council (国务院办公厅, 公安部, 国家统计局 …), if the name is one."""
    if not _CENTRAL.search(n):
        return None
    kind = match_kind(n) or match_kind(aliases.kinds.get(normalise_level(n), ""))
    if kind is None:
        return None
    return Resolution(name, f"{CENTRAL_CODE}-{kind.slug}", CENTRAL_CODE, level="central", kind=kind.name,
                      resolved=True)


def _parse_places(n: str, index: YearIndex, *, hint: Division | None = None, host: str | None = None,
                  hint_mode: bool = False) -> tuple[list[Division], str, list[str]] | str:
    """The chain of divisions ``n`` starts with, the rest of it, and notes; or why it is ambiguous."""
    chain: list[Division] = []
    notes: list[str] = []
    pos = 0
    while pos < len(n):
        found = _longest_name(n, pos, index, hint_mode and not chain)
        if found is None:
            break
        length, candidates, note = found
        parent = chain[-1] if chain else None
        inside = [c for c in candidates if parent is None or parent.contains(c)]
        if not inside:
            break  # e.g. 北京市朝阳区 followed by a department starting with a place-like word
        if len(inside) > 1 and hint is not None:
            inside = [c for c in inside if hint.contains(c) or c.contains(hint)] or inside
        if len(inside) > 1 and host:
            by_domain = [c for c in inside if _in_host(c, host)]
            if len(by_domain) == 1:
                notes.append(f"{by_domain[0].path} chosen by the domain {host}")
                inside = by_domain
        if note == _SLIP and len(inside) != 1:
            break  # a slip that fits several divisions (or none here) is no division at all
        if len(inside) > 1:
            options = ", ".join(f"{c.path} ({c.code})" for c in sorted(inside, key=lambda c: c.code))
            return (f"ambiguous: {n[pos:pos + length]} is {options}; "
                    "give a region hint (e.g. --region 省市) to choose")
        if note == _SLIP:
            note = (f"{n[pos:pos + length]} read as {inside[0].path} ({inside[0].code}): {_SLIP}, "
                    "a slip in the name? (check the report)")
        if note:
            notes.append(note)
        chain.append(inside[0])
        pos += length
    return chain, n[pos:], notes


def _longest_name(n: str, pos: int, index: YearIndex, allow_short: bool):
    """Candidates for the longest division name at ``n[pos:]``: this year's names first, then history."""
    data = divisions()
    for length in range(min(data.max_name_length, len(n) - pos), 1, -1):
        word = n[pos:pos + length]
        if word in index.by_name:
            return length, index.by_name[word], None
        past = data.history.get(word)
        if past:
            current = _current_units(past, index)
            if current:
                years = sorted({y for y, d in past if d.stable_code in {c.stable_code for c in current}})
                note = (f"{word} is the name of {years[0]}–{years[-1]}; "
                        f"{' / '.join(c.path for c in current)} in {index.year}")
                return length, current, note
        if allow_short and word in data.short_names:
            return length, data.short_names[word], None
    return _one_slip(n, pos, index)


# Parts of names that look like a place but are zones, not divisions ('经济开发区管委会').
_ZONES = ("开发区", "高新区", "工业区", "园区", "新区", "示范区", "保税区", "试验区", "实验区")
_DIVISION_END = "县市区旗州盟"
_SLIP = "one character differs"


def _one_slip(n: str, pos: int, index: YearIndex):
    """A county- or prefecture-level name with one character wrong ('沐阳县' for 沭阳县,
    an OCR or typing slip): the divisions whose name differs in that one character,
    level suffix equal. The caller keeps only those inside the place named before
    (or the region hint, or the site's domain) and accepts one only if one is left;
    the doubt is kept in the note."""
    masked = _masked_names(index)
    for length in range(min(8, len(n) - pos), 2, -1):
        word = n[pos:pos + length]
        if word[-1] not in _DIVISION_END or word.endswith(_ZONES):
            continue
        found = {d.code: (name, d) for i in range(length - 1)
                 for name, d in masked.get(word[:i] + "?" + word[i + 1:], ())}
        if found:
            return length, [d for _, d in found.values()], _SLIP
    return None


_MASKED: dict[int, dict[str, list[tuple[str, Division]]]] = {}


def _masked_names(index: YearIndex) -> dict[str, list[tuple[str, Division]]]:
    """'沭?县' → [(沭阳县, unit)] for every division name of 3+ characters, each
    character but the level suffix masked in turn."""
    if index.year not in _MASKED:
        out: dict[str, list[tuple[str, Division]]] = {}
        for name, units in index.by_name.items():
            if len(name) < 3 or name[-1] not in _DIVISION_END:
                continue
            for i in range(len(name) - 1):
                out.setdefault(name[:i] + "?" + name[i + 1:], []).extend((name, u) for u in units)
        _MASKED[index.year] = out
    return _MASKED[index.year]


def _current_units(past: list[tuple[int, Division]], index: YearIndex) -> list[Division]:
    """The units in force in ``index.year`` that bore a former name (via the stable id).

    Only the name's last bearers count: early codes were reshuffled (1980s), and
    a name refers to what it denoted when it was last in use.
    """
    last = max(y for y, _ in past)
    past = [(y, d) for y, d in past if y == last]
    units = {index.by_stable[d.stable_code].code: index.by_stable[d.stable_code]
             for _, d in past if d.stable_code in index.by_stable}
    return list(units.values())


def _township(rest: str) -> tuple[str | None, str]:
    """``新区街道办事处`` → (新区街道, 街道办事处): a township or subdistrict government."""
    m = _TOWNSHIP.match(rest)
    if not m:
        return None, rest
    township = m.group(1)
    if township.endswith("街道办事处"):
        return township.removesuffix("办事处"), "街道办事处"
    if township.endswith("街道"):
        return township, "街道办事处"
    return township, "乡镇人民政府"


def _kind(rest: str, township: str | None, aliases: Aliases) -> tuple[Kind, str | None]:
    """The kind of the department part of a name, and a note when it is not certain."""
    if township:
        return KINDS["subdistrict" if rest == "街道办事处" else "township_gov"], None
    if not rest:
        return KINDS[GOVERNMENT], "the name is a place only: taken as its government"
    department = rest
    if department.startswith("人民政府") and department != "人民政府" and not match_kind(department):
        department = department.removeprefix("人民政府")  # 三门峡市人民政府国有资产监督管理委员会
    renamed = aliases.kinds.get(department) or aliases.kinds.get(normalise_level(department))
    if renamed:
        department = renamed
    kind = match_kind(department)
    if kind is not None:
        return kind, None
    return unknown_kind(department), f"department {department!r} is not in the kind catalogue"


def _host(domain: str | None) -> str | None:
    if not domain:
        return None
    text = domain if "://" in domain else f"http://{domain}"
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return host.lower() if host else None


@cache
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def _in_host(unit: Division, host: str) -> bool:
    """Whether the host name spells the unit's place (or its prefecture's) in pinyin."""
    labels = [p for p in re.split(r"[.\-]", host.removesuffix(".gov.cn")) if p not in ("www", "")]
    names = {unit.short}
    if unit.prefecture and unit.level == "county":
        names.add(unit.prefecture.removesuffix("市"))
    spelled = {_pinyin(x) for x in names if x}
    return any(s and len(s) >= 4 and any(s in label for label in labels) for s in spelled)
