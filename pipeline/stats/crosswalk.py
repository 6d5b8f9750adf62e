"""The crosswalk: which pre-2019 rows and sentences are which comparable measure (``crosswalk.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .labels import compact
from .model import StatRow

_NUMBERING = re.compile(r"^(?:其中|包括|含)?[:：]?(?:\d{1,2}[、.．]|[(（]\d{1,2}[)）]|[①-⑩])?")


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    zh: str
    en: str
    unit: str
    label: re.Pattern
    parent: re.Pattern | None
    money: bool
    tables: tuple[tuple[str, str, str], ...]
    why: str
    printed: tuple[str, ...] = ()


@cache
def measures() -> dict[str, Measure]:
    data = yaml.safe_load(resources.files(__package__).joinpath("crosswalk.yaml").read_text("utf-8"))
    return {key: Measure(key, m["zh"], m["en"], m["unit"], re.compile(m["label"]),
                         re.compile(m["parent"]) if m.get("parent") else None, bool(m.get("money")),
                         tuple(tuple(t) for t in m.get("tables", [])), " ".join(m["why"].split()),
                         tuple(m.get("printed", ())))
            for key, m in data["measures"].items()}


def own_label(label: str) -> str:
    """A row's label without its parent, 其中 and numbering: ``其中：1、同意公开答复数`` → ``同意公开答复数``."""
    return _NUMBERING.sub("", compact(label.rsplit("/", 1)[-1]))


def measure_of_row(row: StatRow) -> str | None:
    """The one measure a table row matches, or None (none, or more than one: never guessed)."""
    own = own_label(row.label)
    parent = compact(row.parent or "")
    found = [m.key for m in measures().values()
             if m.label.search(own) and (m.parent.search(parent) if m.parent else not row.parent)
             and m.money == (row.unit in ("元", "万元"))]
    return found[0] if len(found) == 1 else None


def in_yuan(value: float | None, unit: str | None) -> float | int | None:
    """Money on one scale: 万元 → 元."""
    if value is None:
        return None
    return value * 10000 if unit == "万元" else value
