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


# A GFM delimiter row, outer pipes or not: '---|---', '| :--- | ---: |', a lone '---'.
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def with_outer_pipes(lines: list[str]) -> list[str]:
    """``lines`` with each GFM table printed without its outer pipes ('信息内容 | 本年制发件数',
    html2text's and other HTML→markdown converters' tables) given them ('| 信息内容 | 本年制发件数 |'),
    the syntax the reader takes a pipe table's row by. Such a table is a header line over a
    delimiter row of as many cells; its rows run to the first blank line, a row of one cell
    printed without a pipe among them (as GFM reads it), a pipe at either end of a row one
    between a blank cell and the next. A header with no pipe over a lone '---'
    is a table only when the line after it has pipes (html2text's table whose first row is one
    cell across): else it is a heading's underline, or a rule."""
    out: list[str] | None = None
    i, n = 0, len(lines)
    while i + 1 < n:
        start = i
        if not _bare_table_starts(lines, i):
            i += 1
            continue
        end = start + 2
        while end < n and lines[end].strip() and not lines[end].lstrip().startswith("#"):
            end += 1
        if out is None:
            out = list(lines)
        for k in range(start, end):
            out[k] = _piped(lines[k])
        i = end
    return out if out is not None else lines


def _bare_table_starts(lines: list[str], i: int) -> bool:
    head, rule = lines[i].strip(), lines[i + 1].strip()
    if not head or not _DELIMITER_ROW.match(rule) or (head.startswith("|") and rule.startswith("|")):
        return False  # (a table printed with its outer pipes is read as printed)
    if "|" not in head:
        return "|" not in rule and i + 2 < len(lines) and "|" in lines[i + 2]
    return len(pipe_cells(_piped(head))) == len(pipe_cells(_piped(rule)))


def _piped(line: str) -> str:
    """A bare table's line with its outer pipes: every pipe it prints is between two cells
    (' | （二）部分公开' starts with a blank cell)."""
    return f"| {line.strip()} |"


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
