"""Copied text: sections 1 and 5 that are (nearly) the same as another report's.

The notice on these reports forbids 内容雷同, and copying shows up two ways: an
agency re-publishing last year's text, and an agency taking another agency's
report and changing the name. Both are found the same way, without comparing
all pairs:

1. each section becomes the set of its hashed word 5-grams (jieba words, with
   the agency's own name and every number masked — see :mod:`.text`);
2. 5-grams used by very many reports are genre boilerplate (the title of the
   Regulations, phrases of the national notice) and are dropped, so that two
   honest reports sharing only the genre's stock phrases do not look alike;
3. texts with identical sets are grouped, and one MinHash per group goes into
   a MinHash LSH index (datasketch), which returns the likely-similar pairs;
4. each candidate pair is verified with the exact Jaccard similarity of the two
   sets; pairs at or above the threshold are findings, with a sample of the
   passages the two texts share.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from .text import normalise, sentences
from .textcorpus import TextCorpus

THRESHOLD = 0.7         # Jaccard similarity of the 5-gram sets for a pair to be a finding
MIN_SHINGLES = 25       # shorter texts (after boilerplate) say too little to call a copy
BOILERPLATE_SHARE = 0.02  # a 5-gram in more than this share of the texts …
BOILERPLATE_MIN = 50      # … and in more than this many texts is boilerplate
NUM_PERM = 128
MAX_PARTNERS = 5        # pairs kept per text, most similar first
PASSAGES = 3            # shared passages kept per pair
MIN_PASSAGE = 12        # characters


def _identity(value: int) -> int:
    return int(value)


@dataclass(slots=True)
class _Group:
    members: list[int]          # doc ids with this exact shingle set, in doc order
    shingles: np.ndarray


def boilerplate(shingles: list[np.ndarray]) -> np.ndarray:
    """5-grams frequent enough across texts to be the genre's, not anyone's own."""
    if not shingles:
        return np.empty(0, dtype=np.uint32)
    values, counts = np.unique(np.concatenate(shingles), return_counts=True)
    limit = max(BOILERPLATE_MIN, BOILERPLATE_SHARE * len(shingles))
    return values[counts > limit]


def _groups(shingles: list[np.ndarray], common: np.ndarray) -> list[_Group]:
    by_digest: dict[bytes, _Group] = {}
    for doc, s in enumerate(shingles):
        if common.size:
            s = s[~np.isin(s, common, assume_unique=True)]
        if s.size < MIN_SHINGLES:
            continue
        digest = hashlib.blake2b(s.tobytes(), digest_size=16).digest()
        group = by_digest.get(digest)
        if group is None:
            by_digest[digest] = _Group([doc], s)
        else:
            group.members.append(doc)
    return list(by_digest.values())


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    return inter / union if union else 0.0


def similar_pairs(shingles: list[np.ndarray], sections: np.ndarray, threshold: float = THRESHOLD
                  ) -> list[tuple[int, int, float]]:
    """(doc, doc, Jaccard) for every pair of texts of the same section at or above ``threshold``."""
    common = boilerplate(shingles)
    pairs: list[tuple[int, int, float]] = []
    groups = _groups(shingles, common)
    for g in groups:  # identical texts: each member with the first one
        pairs.extend((g.members[0], m, 1.0) for m in g.members[1:])
    indexes: dict[int, MinHashLSH] = {}  # one index per section: section 1 is never compared with 5
    for i, g in enumerate(groups):
        mh = MinHash(num_perm=NUM_PERM, hashfunc=_identity)
        mh.update_batch(g.shingles.tolist())
        section = int(sections[g.members[0]])
        lsh = indexes.get(section)
        if lsh is None:
            lsh = indexes[section] = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=NUM_PERM)
        for j in lsh.query(mh):
            score = jaccard(g.shingles, groups[j].shingles)
            if score >= threshold:
                pairs.append((groups[j].members[0], g.members[0], score))
        lsh.insert(i, mh)
    return pairs


def shared_passages(a: str, b: str, agency_a: str | None, agency_b: str | None) -> list[str]:
    """Up to ``PASSAGES`` longest sentences of ``b`` that ``a`` also has (names and numbers masked)."""
    keys_a = {zlib.crc32(normalise(s, agency_a).encode()) for s in sentences(a)}
    shared = [s for s in sentences(b)
              if len(s) >= MIN_PASSAGE and zlib.crc32(normalise(s, agency_b).encode()) in keys_a]
    if not shared:  # every sentence edited a little: fall back on the longest common runs
        from difflib import SequenceMatcher

        x, y = normalise(a, agency_a), normalise(b, agency_b)
        blocks = SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks()
        shared = [y[blk.b:blk.b + blk.size] for blk in blocks if blk.size >= MIN_PASSAGE]
    return sorted(dict.fromkeys(shared), key=len, reverse=True)[:PASSAGES]


def copied_text(corpus: TextCorpus, reports: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """One row per copied section: the later report, the earlier one it matches, score, passages."""
    docs = corpus.docs
    pairs = similar_pairs(corpus.shingles, docs["section"].to_numpy(), threshold)
    meta = reports.set_index(["agency_id", "year"])
    published = meta.get("published_date")
    partners: dict[int, int] = defaultdict(int)
    rows = []
    for a, b, score in sorted(pairs, key=lambda p: -p[2]):
        da, db = docs.iloc[a], docs.iloc[b]
        # The row belongs to the later report (year, then publication date): the likely copy.
        order = [(da, a), (db, b)]
        order.sort(key=lambda d: (d[0]["year"], _date_key(published, d[0]), d[0]["agency_id"]))
        (src, s_id), (copy, c_id) = order
        if partners[c_id] >= MAX_PARTNERS or partners[s_id] >= MAX_PARTNERS:
            continue
        partners[c_id] += 1
        partners[s_id] += 1
        same = copy["agency_id"] == src["agency_id"]
        rows.append({
            "agency_id": copy["agency_id"], "year": int(copy["year"]), "section": int(copy["section"]),
            "relation": "across_years" if same else "across_agencies",
            "other_agency_id": src["agency_id"], "other_agency": src["agency"], "other_year": int(src["year"]),
            "score": round(float(score), 4),
            "shared_passages": shared_passages(src["text"], copy["text"], src["agency"], copy["agency"]),
            "other_source_url": _lookup(meta, src, "source_url"),
        })
    return pd.DataFrame(rows, columns=["agency_id", "year", "section", "relation", "other_agency_id",
                                       "other_agency", "other_year", "score", "shared_passages",
                                       "other_source_url"])


def _date_key(published: pd.Series | None, doc: pd.Series) -> str:
    if published is None:
        return ""
    value = published.get((doc["agency_id"], doc["year"]))
    return "" if value is None or pd.isna(value) else str(value)


def _lookup(meta: pd.DataFrame, doc: pd.Series, column: str):
    try:
        value = meta.at[(doc["agency_id"], doc["year"]), column]
    except KeyError:
        return None
    return None if pd.isna(value) else value
