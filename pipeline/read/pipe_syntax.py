"""Markdown syntax: which line is a pipe-table row, its cells, the separator row; the inline
markup converters leave around words and numbers."""

from __future__ import annotations

import html
import re

# Inline HTML a converter keeps from its source ('<u>23</u>' from pandoc, '<span style=…>' from an
# HTML page's markdown): formatting only. <br> is not here: it breaks a cell's text into lines.
_INLINE_TAG = re.compile(r"<\s*/?\s*(?:u|b|i|em|strong|span|font|sup|sub|s|strike|ins|mark|small|big|a|o:p|code)"
                         r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
# Bold marked by two asterisks round a run ('**一、本年新收…**', '**23**'). (Not '__': a form's
# blanks to fill in are underscores.)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# pandoc's bracketed spans: '[23]{.underline}', '[一、总体情况]{lang="zh"}'.
_BRACKETED_SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
_HARD_BREAK = re.compile(r"\\(?=\r?\n)")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_SPLIT = re.compile(r"(?<!\\)\|")


def is_pipe_row(line: str) -> bool:
    line = line.strip()
    return line.startswith("|") and line.count("|") >= 2


def pipe_cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|") for c in _SPLIT.split(line)]


def is_separator(cells: list[str]) -> bool:
    """The markdown |---|:--:| row under a header: only dashes (and colons)."""
    filled = [c for c in cells if c]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)


def without_inline_markup(text: str) -> str:
    """``text`` without inline formatting tags, bold runs' markers and character entities: what
    a reader sees. Tables as HTML and <br> line breaks are kept."""
    if "<" in text:
        text = _INLINE_TAG.sub("", text)
    if "]{" in text:
        text = _BRACKETED_SPAN.sub(r"\1", text)
    if "**" in text:
        text = _BOLD.sub(r"\1", text)
    if "\\\n" in text:  # markdown's hard line break: a backslash ending a line ('本年新\\')
        text = _HARD_BREAK.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text
