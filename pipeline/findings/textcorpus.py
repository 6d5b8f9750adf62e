"""One pass over every free-text section: jieba tokens → shingles (for copies) and keyword counts.

Tokenising is the expensive step (≈1 s per 750,000 characters), so it is done
once, in worker processes when there are many documents, and each worker hands
back only compact results: the set of hashed word 5-grams of each document and
keyword counts already summed per (year, section).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..workers import ordered_map
from .text import SECTIONS, keywords, normalise, tokens

SHINGLE = 5          # words per shingle: long enough that shared stock phrases are rare
CHUNK = 400          # documents per worker task
PARALLEL_FROM = 2000  # below this many documents, one process is faster than starting workers


@dataclass(slots=True)
class KeywordCounts:
    """Keyword counts of the sections of one (year, section)."""

    n_docs: int = 0
    docs: Counter = field(default_factory=Counter)         # keyword → documents using it
    occurrences: Counter = field(default_factory=Counter)  # keyword → total uses

    def add(self, other: KeywordCounts) -> None:
        self.n_docs += other.n_docs
        self.docs.update(other.docs)
        self.occurrences.update(other.occurrences)


@dataclass(slots=True)
class TextCorpus:
    """The sections analysed: ``docs`` (one row per section text) and what was computed from them."""

    docs: pd.DataFrame                       # agency_id, year, section, agency, text (position = doc id)
    shingles: list[np.ndarray]               # sorted unique uint32 hashes per doc
    keywords: dict[tuple[int, int], KeywordCounts]


def shingle_hashes(words: list[str]) -> np.ndarray:
    """Sorted unique crc32 hashes of the word ``SHINGLE``-grams (whole text if shorter)."""
    if not words:
        return np.empty(0, dtype=np.uint32)
    n = max(1, len(words) - SHINGLE + 1)
    grams = ("\x1f".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(n))
    return np.unique(np.fromiter((zlib.crc32(g) for g in grams), dtype=np.uint32, count=n))


def _analyse(chunk: list[tuple[int, int, str | None, str]]) -> tuple[list[np.ndarray], dict]:
    out: list[np.ndarray] = []
    counts: dict[tuple[int, int], KeywordCounts] = {}
    for year, section, agency, text in chunk:
        words = tokens(normalise(text, agency))
        out.append(shingle_hashes(words))
        kw = keywords(words)
        c = counts.setdefault((year, section), KeywordCounts())
        c.n_docs += 1
        c.docs.update(set(kw))
        c.occurrences.update(kw)
    return out, counts


def _chunks(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def section_docs(sections: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Sections 1 and 5 with their agency's name, one row per non-empty text."""
    docs = sections[sections["section"].astype(int).isin(SECTIONS)][["agency_id", "year", "section", "text"]]
    docs = docs.merge(reports[["agency_id", "year", "agency"]], on=["agency_id", "year"], how="left")
    docs = docs[docs["text"].fillna("").str.strip().str.len() > 0]
    docs = docs.astype({"section": int, "year": int})
    return docs.sort_values(["section", "agency_id", "year"], kind="stable").reset_index(drop=True)


def analyse(sections: pd.DataFrame, reports: pd.DataFrame, *, jobs: int = 1) -> TextCorpus:
    """Tokenise every section 1 and 5 once (``jobs`` processes for large inputs)."""
    docs = section_docs(sections, reports)
    rows = list(zip(docs["year"], docs["section"], docs["agency"], docs["text"], strict=True))
    results: list[tuple[list[np.ndarray], dict]]
    parallel = jobs > 1 and len(rows) >= PARALLEL_FROM
    results = list(ordered_map(_analyse, _chunks(rows, CHUNK), jobs=jobs if parallel else 1))
    shingles: list[np.ndarray] = []
    counts: dict[tuple[int, int], KeywordCounts] = {}
    for part, part_counts in results:
        shingles.extend(part)
        for key, c in part_counts.items():
            counts.setdefault(key, KeywordCounts()).add(c)
    return TextCorpus(docs, shingles, counts)
