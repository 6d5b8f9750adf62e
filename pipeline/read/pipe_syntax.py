"""Markdown syntax: which line is a pipe-table row, its cells, the separator row; the inline
markup converters leave around words and numbers."""

from __future__ import annotations

import bisect
import html
import re

# Inline HTML a converter keeps from its source ('<u>23</u>' from pandoc, '<span style=…>' from an
# HTML page's markdown): formatting only. <br> is not here: it breaks a cell's text into lines.
_INLINE_TAG = re.compile(r"<\s*/?\s*(?:u|b|i|em|strong|span|font|sup|sub|s|strike|ins|mark|small|big|a|o:p|code)"
                         r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
# A page's block markup a converter keeps where markdown has nothing for it (pandoc's HTML → markdown:
# '<div class="row">', '<p align=center>'): a line break round it at most. Tables are read as tables.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:div|p|section|article|header|footer|nav|main|aside|figure|figcaption|center"
                        r"|ul|ol|li|dl|dt|dd|blockquote|form|input|button|select|option|label|iframe|img|hr"
                        r"|h[1-6])(?:\s[^<>]*)?/?>", re.IGNORECASE)
# What a page holds that is no text of it: comments, scripts, styles (to their ends: _without_no_text).
_NO_TEXT_OPEN = re.compile(r"<!--|<\s*(script|style)\b[^<>]*>", re.IGNORECASE)
_NO_TEXT_CLOSE = {"script": re.compile(r"<\s*/\s*script\s*>", re.IGNORECASE),
                  "style": re.compile(r"<\s*/\s*style\s*>", re.IGNORECASE)}
# Bold marked by two asterisks round a run ('**一、本年新收…**', '**23**'). (Not '__': a form's
# blanks to fill in are underscores.)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# pandoc's bracketed spans: '[23]{.underline}', '[一、总体情况]{lang="zh"}'.
# (Never across a pipe: a span wrapped inside a grid table's cell is taken out of the cell's text,
# once its lines are joined, or the table's columns would shift.)
_BRACKETED_SPAN = re.compile(r"\[([^\[\]|]*)\]\{[^{}|]*\}")
_NESTED_SPANS = 4  # spans within spans taken out, innermost first ('[[二、主动公开…]{style=…}]{style=…}')
# pandoc's fenced divs ('::: {.article_title}' … ':::'): a page's <div>s, no text.
_FENCED_DIV = re.compile(r"^[ \t]*:{3,}(?:[ \t]*\{[^{}\n]*\}|[ \t]*[\w-]+)?[ \t]*$", re.MULTILINE)
_HARD_BREAK = re.compile(r"\\(?=\r?\n)")
# markdown's backslash escapes of punctuation ('\-' for a cell's dash, '\<条例\>'), but the pipe's,
# which keeps a pipe inside a table's cell (``pipe_cells``).
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{}~])")
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
        if not _bare_table_starts(lines, i):
            i += 1
            continue
        end = i + 2
        while end < n and lines[end].strip() and not lines[end].lstrip().startswith("#"):
            end += 1
        if out is None:
            out = list(lines)
        for k in range(i, end):
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


class _LineOf:
    """The line a place in ``text`` is on, found by bisection over the text's line ends (once for
    all: a place's line is never searched for from the place, which on one long line of many
    tags would be quadratic), with what a tag or an escape there needs to know of it, worked out
    once a line."""

    def __init__(self, text: str):
        self.text = text
        self.ends = [m.start() for m in _NEWLINE.finditer(text)]
        self._rows: dict[int, bool] = {}
        self._columns: dict[int, bool] = {}

    def bounds(self, at: int) -> tuple[int, int]:
        k = bisect.bisect_left(self.ends, at)
        return (self.ends[k - 1] + 1 if k else 0), (self.ends[k] if k < len(self.ends) else len(self.text))

    def is_table_row(self, start: int) -> bool:
        if start not in self._rows:
            self._rows[start] = bool(_ROW_START.match(self.text, start))
        return self._rows[start]

    def has_columns(self, start: int, end: int) -> bool:
        if start not in self._columns:
            self._columns[start] = "  " in self.text[start:end].strip()
        return self._columns[start]


_NEWLINE = re.compile(r"\n")
_ROW_START = re.compile(r"[ \t]*[|+]")


def _without_no_text(text: str) -> str:
    """``text`` without its comments, scripts and styles, each to its end; one never ended leaves
    the rest as it is. (Found end after end, in one pass: a text of many comments never closed
    is not searched to its end once for each.)"""
    out: list[str] = []
    at = 0
    while opened := _NO_TEXT_OPEN.search(text, at):
        if opened.group(1):
            closed = _NO_TEXT_CLOSE[opened.group(1).lower()].search(text, opened.end())
            end = closed.end() if closed else -1
        else:
            end = text.find("-->", opened.end())
            end = end + 3 if end >= 0 else -1
        if end < 0:
            break
        out.append(text[at:opened.start()])
        at = end
    return "".join(out) + text[at:] if out else text


def _block_break(lines: _LineOf, at: int) -> str:
    """What a block tag at ``at`` leaves: a line break, or a space within a table's row."""
    return " " if lines.is_table_row(lines.bounds(at)[0]) else "\n"


def _unescaped(lines: _LineOf, at: int, char: str) -> str:
    """An escaped character as printed; one that starts a cell of a line of columns set apart by
    spaces (pandoc's simple and multiline tables: '\\-' for a dash), the backslash's column kept
    as a space, lest the cells after it move."""
    start, end = lines.bounds(at)
    starts_cell = at == start or lines.text[at - 1] in " \t"
    return " " + char if starts_cell and lines.has_columns(start, end) else char


def without_inline_markup(text: str) -> str:
    """``text`` without the markup a converter keeps round words and numbers: inline formatting
    tags, a page's block tags (a line break each), its scripts, styles and comments, pandoc's spans
    and fenced divs, bold runs' markers, backslash escapes and character entities: what a reader
    sees. Tables as HTML and <br> line breaks are kept."""
    if "<" in text:
        text = _without_no_text(text)
        if _BLOCK_TAG.search(text):
            lines = _LineOf(text)
            text = _BLOCK_TAG.sub(lambda m: _block_break(lines, m.start()), text)
        text = _INLINE_TAG.sub("", text)
    if "]{" in text:
        for _ in range(_NESTED_SPANS):
            text, n = _BRACKETED_SPAN.subn(r"\1", text)
            if not n:
                break
    if ":::" in text:
        text = _FENCED_DIV.sub("", text)
    if "**" in text:
        text = _BOLD.sub(r"\1", text)
    if "\\\n" in text:  # markdown's hard line break: a backslash ending a line ('本年新\\')
        text = _HARD_BREAK.sub("", text)
    if "\\" in text and _ESCAPED.search(text):
        lines = _LineOf(text)
        text = _ESCAPED.sub(lambda m: _unescaped(lines, m.start(), m.group(1)), text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text
