"""Keyword trends: which words the reports' own text (sections 1 and 5) uses, year by year.

Counted on jieba words with the genre's stop words removed (:mod:`.text`), as
the share of that year's reports whose section uses the word — so a year with
more reports collected does not look like a year with more talk.
"""

from __future__ import annotations

import pandas as pd

from .textcorpus import KeywordCounts

TOP = 200        # keywords kept per (year, section), by number of reports using them
MIN_REPORTS = 2  # a word used by one report is that report's, not a trend

COLUMNS = ["year", "section", "keyword", "reports", "share", "occurrences", "reports_with_section"]


def keyword_trends(counts: dict[tuple[int, int], KeywordCounts], top: int = TOP) -> pd.DataFrame:
    rows = []
    for (year, section), c in sorted(counts.items()):
        kept = [(w, n) for w, n in c.docs.most_common() if n >= MIN_REPORTS][:top]
        for word, n in kept:
            rows.append((year, section, word, n, n / c.n_docs, c.occurrences[word], c.n_docs))
    return pd.DataFrame(rows, columns=COLUMNS)


def rising(trends: pd.DataFrame, year: int, section: int | None = None, n: int = 15) -> pd.DataFrame:
    """Keywords whose share of reports grew most from ``year - 1`` to ``year`` (new words included)."""
    t = trends if section is None else trends[trends["section"] == section]
    now = t[t["year"] == year].groupby("keyword")["share"].max()
    before = t[t["year"] == year - 1].groupby("keyword")["share"].max()
    if now.empty:
        return pd.DataFrame(columns=["keyword", "share", "previous_share", "change"])
    frame = pd.DataFrame({"share": now, "previous_share": before.reindex(now.index).fillna(0.0)})
    frame["change"] = frame["share"] - frame["previous_share"]
    return frame.sort_values(["change", "share"], ascending=False).head(n).rename_axis("keyword").reset_index()
