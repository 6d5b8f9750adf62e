"""Full-text search over Chinese text: jieba words in SQLite FTS5.

FTS5's ``unicode61`` tokenizer splits on spaces and punctuation but sees a run
of Chinese characters as one token, so Chinese text is stored segmented: the
``text`` column holds jieba's words (precise mode) separated by spaces, the
``subwords`` column the shorter dictionary words inside them (search mode:
行政复议 → 行政, 复议). A query is segmented the same way and each word is
replaced by its subwords, so 公安 finds 县公安局 and 信息公开 finds
"政府信息 公开". Dictionary-only segmentation (no HMM) keeps a text's words
the same whatever surrounds the query.
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

FTS_COLUMNS = ("text", "subwords")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def _is_word(token: str) -> bool:
    """A token with a letter or digit (punctuation and spaces are not searchable)."""
    return any(unicodedata.category(c)[0] in "LN" for c in token)


def segment(text: str | None) -> tuple[str, str]:
    """(words, subwords) of a text, each space-separated, for the two FTS columns."""
    if not text:
        return "", ""
    # Punctuation stays in the words column (FTS5 skips it) so that excerpts read like the text.
    words = [w for w in jieba.cut(text, HMM=False) if not w.isspace()]
    subwords = [s for w in words if _is_word(w) for s in _subwords(w)]
    return " ".join(words), " ".join(subwords)


@lru_cache(maxsize=65536)
def _subwords(word: str) -> tuple[str, ...]:
    if len(word) < 3:
        return ()
    return tuple(s for s in jieba.cut_for_search(word, HMM=False) if s != word and _is_word(s))


def query_words(query: str | None) -> list[str]:
    """The words a query is searched by: its jieba words, each replaced by its subwords when it has any."""
    if not query:
        return []
    out: list[str] = []
    for word in jieba.cut(query.replace('"', " "), HMM=False):
        if _is_word(word):
            for w in _subwords(word) or (word,):
                if w not in out:
                    out.append(w)
    return out


def match_expression(query: str | None) -> str:
    """An FTS5 MATCH expression: every query word, quoted (so no FTS syntax can be injected)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in query_words(query))


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
    n = 0
    batch = []
    for rowid, texts in rows:
        words, subwords = segment("\n".join(t for t in texts if t))
        batch.append((rowid, words, subwords))
        n += 1
        if len(batch) >= 2000:
            conn.executemany(f'INSERT INTO "{fts_name(table)}"(rowid, text, subwords) VALUES (?, ?, ?)', batch)
            batch.clear()
    if batch:
        conn.executemany(f'INSERT INTO "{fts_name(table)}"(rowid, text, subwords) VALUES (?, ?, ?)', batch)
    return n


def unindex_rows(conn: sqlite3.Connection, table: str, rowids: list[int]) -> None:
    conn.executemany(f'DELETE FROM "{fts_name(table)}" WHERE rowid = ?', [(r,) for r in rowids])
