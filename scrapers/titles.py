"""What the crawler reads in a link's title: a report (agency as printed, year, variant),
a distractor to skip (with the reason), or nothing of either.

The year and agency come from the project's one title parser (``pipeline.titles``);
the variants (图片版, 超链版, 文字版: other renderings of the same report, kept as
its parts) and the distractors are crawler knowledge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from pipeline.titles import normalise, parse_title

from .distractors import distractor

VARIANTS = (("图片版", "image"), ("超链版", "hyperlink"), ("文字版", "text"))
_YEAR = re.compile(r"((?:19|20)\d\d)年")


@dataclass(frozen=True, slots=True)
class LinkTitle:
    year: int | None
    agency: str | None    # as printed; None when the title names no agency
    variant: str = "main"  # main | image | hyperlink | text
    skip: str | None = None  # why this is not a report (a distractor), or None


def read_title(text: str) -> LinkTitle | None:
    """The report a link title names, a distractor (``skip`` set), or None."""
    t = normalise(unescape(text or ""))
    found = parse_title(t)
    reason = distractor(t, is_report_title=found is not None)
    if reason is None and found is not None and found.wrapper:
        reason = f"{found.wrapper}: about a report, not the report"
    if reason:
        year = found.year if found else (int(m[1]) if (m := _YEAR.search(t)) else None)
        return LinkTitle(year, found.agency if found else None, skip=reason)
    if found is None:
        return None
    return LinkTitle(found.year, found.agency, next((v for word, v in VARIANTS if word in t), "main"))
