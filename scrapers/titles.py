"""What the crawler reads in a link's title: a report (agency as printed, year, variant),
a distractor to skip (with the reason), or nothing of either.

The year and agency come from the project's one title parser; the variants
(图片版, 超链版, 文字版: other renderings of the same report, kept as its parts)
and the distractors are crawler knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass

from .discovery import normalise_text, report_title_match
from .distractors import distractor

VARIANTS = (("图片版", "image"), ("超链版", "hyperlink"), ("文字版", "text"))


@dataclass(frozen=True, slots=True)
class LinkTitle:
    year: int | None
    agency: str | None    # as printed; None when the title names no agency
    variant: str = "main"  # main | image | hyperlink | text
    skip: str | None = None  # why this is not a report (a distractor), or None


def read_title(text: str) -> LinkTitle | None:
    """The report a link title names, a distractor (``skip`` set), or None."""
    t = normalise_text(text)
    found = report_title_match(t)
    reason = distractor(t, is_report_title=found is not None)
    if reason:
        return LinkTitle(found[1] if found else None, found[0] if found else None, skip=reason)
    if found is None:
        return None
    agency, year = found
    return LinkTitle(year, agency, next((v for word, v in VARIANTS if word in t), "main"))
