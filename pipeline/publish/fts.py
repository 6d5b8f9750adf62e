"""Full-text search over Chinese text: jieba words in SQLite FTS5.

FTS5's ``unicode61`` tokenizer splits on spaces and punctuation but sees a run
of Chinese characters as one token, so Chinese text is stored segmented: the
``text`` column holds jieba's words (precise mode) separated by spaces, the
``tokens`` column the same words cut into their subwords where these split a
word exactly (行政复议 → 行政 复议), the ``subwords`` column every shorter
dictionary word inside a word (search mode: 县公安局 → 公安, 公安局). A query
is cut the same way and searched as phrases, so 行政复议 finds the text whether
jieba kept it as one word or cut it in two, and 公安局 finds 县公安局.
Dictionary-only segmentation (no HMM) keeps a text's words the same whatever
surrounds the query.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

FTS_COLUMNS = ("text", "tokens", "subwords")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def _is_word(token: str) -> bool:
    """A token with a letter or digit (punctuation and spaces are not searchable)."""
    return any(unicodedata.category(c)[0] in "LN" for c in token)


def segment(text: str | None) -> tuple[str, str, str]:
    """(words, tokens, subwords) of a text, space-separated, for the three FTS columns."""
    if not text:
        return "", "", ""
    # Punctuation stays in the words column (FTS5 skips it) so that excerpts read like the text.
    words = [w for w in jieba.cut(text, HMM=False) if not w.isspace()]
    searchable = [w for w in words if _is_word(w)]
    tokens = [t for w in searchable for t in _finest(w)]
    subwords = [s for w in searchable for s in _subwords(w)]
    return " ".join(words), " ".join(tokens), " ".join(subwords)


@lru_cache(maxsize=65536)
def _subwords(word: str) -> tuple[str, ...]:
    if len(word) < 3:
        return ()
    return tuple(s for s in jieba.cut_for_search(word, HMM=False) if s != word and _is_word(s))


def query_phrases(query: str | None) -> list[list[str]]:
    """The phrases a query is searched by, all of which must match.

    Text without spaces is one phrase: its jieba words, each cut into its subwords where
    they split it exactly (行政复议 → 行政 复议, found whether a text has 行政复议 as one
    word or as two; 管理局 stays whole, found as a word or inside 市场监督管理局). Spaces separate
    phrases, except inside double quotes, so a rewritten query (``"行政 复议"``) means
    the same when it is submitted again.
    """
    if not query:
        return []
    pieces: list[list[str]] = []   # each a list of space-free strings searched as one phrase
    for i, chunk in enumerate(query.split('"')):
        pieces += [chunk.split()] if i % 2 else [[p] for p in chunk.split()]
    out: list[list[str]] = []
    for piece in pieces:
        phrase = [s for part in piece for w in jieba.cut(part, HMM=False) if _is_word(w) for s in _finest(w)]
        if phrase and phrase not in out:
            out.append(phrase)
    return out


@lru_cache(maxsize=65536)
def _finest(word: str) -> tuple[str, ...]:
    """The word cut into its subwords where they split it exactly (年度报告 → 年度, 报告), else itself."""
    subs = _subwords(word)
    return subs if subs and "".join(subs) == word else (word,)


def match_expression(query: str | None) -> str:
    """An FTS5 MATCH expression of quoted phrases (so no FTS syntax can be injected); Datasette's
    escaped search mode passes quoted phrases through unchanged."""
    return " ".join('"' + " ".join(p).replace('"', '""') + '"' for p in query_phrases(query))


def unsegment(text: str | None) -> str | None:
    """Segmented text (or a snippet of it) made readable again: no spaces between Chinese characters."""
    return _CJK_GAP.sub("", text) if text else text


def register_functions(conn: sqlite3.Connection) -> None:
    """``jieba_match(q)`` and ``unsegment(text)`` for SQL (canned queries, the publish step)."""
    conn.create_function("jieba_match", 1, match_expression, deterministic=True)
    conn.create_function("unsegment", 1, unsegment, deterministic=True)


def fts_name(table: str) -> str:
    return f"{table}_fts"


def create_fts(conn: sqlite3.Connection, table: str) -> None:
    conn.execute(f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts_name(table)}" USING fts5('
                 f'{", ".join(FTS_COLUMNS)}, tokenize="unicode61 remove_diacritics 2")')


def index_rows(conn: sqlite3.Connection, table: str, rows: Iterable[tuple[int, list[str | None]]]) -> int:
    """Add (rowid, texts) to the table's FTS index; the texts of one row are searched as one."""
    sql = f'INSERT INTO "{fts_name(table)}"(rowid, {", ".join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?)'
    n = 0
    batch = []
    for rowid, texts in rows:
        batch.append((rowid, *segment("\n".join(t for t in texts if t))))
        n += 1
        if len(batch) >= 2000:
            conn.executemany(sql, batch)
            batch.clear()
    conn.executemany(sql, batch)
    return n


def unindex_rows(conn: sqlite3.Connection, table: str, rowids: list[int]) -> None:
    conn.executemany(f'DELETE FROM "{fts_name(table)}" WHERE rowid = ?', [(r,) for r in rowids])
