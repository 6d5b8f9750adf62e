"""Reading a printed cell as a number — or refusing to.

A cell that is blank or printed as a dash/slash/无 is null. A cell that holds
something else that is not a number is never guessed: it is null with a
problem attached, and its raw text is kept by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import nfkc

NULL_MARKS = {"", "-", "--", "—", "——", "–", "/", "\\", "无", "空", "暂无", "null", "n/a", "N/A", "×"}
_UNIT = r"(?P<unit>万元|元|件|个|项|条|次|宗|人次|人|份)?"
_NUMBER = re.compile(
    r"^(?P<sign>[+\-−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?" + _UNIT + r"$"
)


# A number with a note in brackets on how it breaks down ('22（其中修订16件）', '5(含转办2件)'):
# the number is the cell's, the note is kept with it as a doubt.
_NOTED = re.compile(r"^(?P<number>[^（(]+)[（(](?P<note>(?:其中|含|包括|包含)[^（）()]*)[)）]$")


@dataclass(frozen=True, slots=True)
class Parsed:
    value: int | float | None
    unit: str | None = None
    problem: str | None = None
    note: str | None = None  # printed after the number, in brackets ('其中修订16件')

    @property
    def is_value(self) -> bool:
        """True when the cell is a number or a null mark (i.e. not a label)."""
        return self.problem is None


def clean(raw: str) -> str:
    text = nfkc(raw or "").strip()
    # Digits separated by a space may be two numbers run together: never join them.
    if re.search(r"\d\s+\d", text):
        return text
    return re.sub(r"\s+", "", text).replace("，", ",")


@lru_cache(maxsize=8192)
def parse_number(raw: str) -> Parsed:
    text = clean(raw)
    if text in NULL_MARKS:
        return Parsed(None)
    m = _NUMBER.match(text)
    if not m:
        noted = _NOTED.match(text)
        if noted and (number := parse_number(noted["number"])).value is not None:
            return Parsed(number.value, number.unit, note=noted["note"])
        return Parsed(None, problem=f"not a number: {raw.strip()!r}")
    digits = m["int"].replace(",", "")
    sign = -1 if m["sign"] in ("-", "−") else 1
    if m["frac"]:
        return Parsed(sign * float(digits + m["frac"]), unit=m["unit"])
    return Parsed(sign * int(digits), unit=m["unit"])


INT64_MAX = 2**63 - 1


def count_problem(value: float, *, signed: bool = False) -> str | None:
    """Why a parsed number cannot be a count (whole, not negative unless ``signed`` — a change —,
    fits a 64-bit integer), or None."""
    if isinstance(value, float) and not value.is_integer():
        return "a count that is not a whole number"
    if value < 0 and not signed:
        return "a negative count"
    if abs(value) > INT64_MAX:
        return "a count too large to be real (beyond 2^63)"
    return None
