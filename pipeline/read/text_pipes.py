"""Pipe tables as PDF→markdown converters print them, repaired cell by cell
without moving a correct cell: ``<br>`` line breaks inside a cell, generic
column headers (Col2, 数据1 …) the converter invented, several numbers in one
cell, notes after a number, and a label broken off into a row of its own.
"""

from __future__ import annotations

import re

from .text_cells import (
    GENERIC_HEADER,
    GLUED_NUMBER,
    is_number,
    is_value,
    join_label,
    starts_item,
    strip_notes,
)

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# What a cell needing repair shows: a break, a note or two numbers, a made-up header, a
# number after a label's text ('行政处罚 2').
_DAMAGE = re.compile(r"<br|\d\s*[（(]|\d\s+\d|^\s*(?:数据|列|栏|Col|Unnamed)|[\u3400-\u9fff）)]\s+\d"
                     r"|[\u3400-\u9fff]\d+(?=\s*(?:\x00|$))", re.IGNORECASE)

_CELL_SEP = "\x00"  # not whitespace (\x1f is): two cells never read as one "0 0"
_DAMAGE_ANYWHERE = re.compile(_DAMAGE.pattern.replace("^", f"(?:^|{_CELL_SEP})"), re.IGNORECASE)


def repair(rows: list[list[str]], where: str) -> tuple[list[list[str]], list[str]]:
    if not _DAMAGE_ANYWHERE.search(_CELL_SEP.join(_CELL_SEP.join(r) for r in rows)):
        return _join_broken_labels(rows), []  # the common case: a table as printed
    warnings: list[str] = []
    out: list[list[str]] = []
    for cells in rows:
        label_lines = next((found for c in cells if (found := _label_before_numbers(c))), None)
        if label_lines:
            # '一、本年新收…<br>64<br>0<br>0|…|2||0': the converter put some of the row's numbers
            # into its label cell; which column each number is in cannot be told.
            label = " ".join(join_label(label_lines))
            warnings.append(f"{where}: {label}: numbers printed inside the label cell; "
                            "the row's numbers are not read")
            out.append([label])
            continue
        fixed: list[str] = []
        for cell in _glued_first_number(cells):
            fixed += _cell(cell, where, warnings)
        if any(fixed) and all(not c or GENERIC_HEADER.match(c) for c in cells):
            continue  # a header row the converter made up
        out.append(fixed)
    return _join_broken_labels(out), warnings


def _glued_first_number(cells: list[str]) -> list[str]:
    """'|4.无正当理由大量反复申请0|4.无正当理由大量反复申请0|0|0|-|…': the converter glued the
    row's first number to its label, in every copy of a spanned label cell. The number is a
    cell of its own, once, before the others (it is the first of the row's numbers)."""
    glued = [GLUED_NUMBER.match(c.strip()) if c.strip() and not is_value(c) else None for c in cells]
    last = max((i for i, m in enumerate(glued) if m), default=None)
    if last is None or not any(is_number(c) for c in cells[last + 1:]) or any(
            not is_value(c) and c.strip() for c in cells[last + 1:]):
        return cells
    label, number = glued[last]["label"], glued[last]["number"]
    first = last
    while first > 0 and cells[first - 1].strip() == cells[last].strip():
        first -= 1  # the spanned label's copies, each with the number glued
    return cells[:first] + [label] * (last - first + 1) + [number] + cells[last + 1:]


def _label_before_numbers(cell: str) -> list[str]:
    """A label cell's lines of text (one or more: '…申请数<br>量<br>4') when numbers are printed
    after them; [] when it does not end in numbers."""
    parts = []
    for part in (p.strip() for p in _BREAK.split(cell) if p.strip()):
        label, numbers = _trailing_values(part)  # '量 4 0': numbers one space after the text
        parts += [label, *numbers] if label else [part]
    k = len(parts)
    while k > 0 and is_value(parts[k - 1]):
        k -= 1
    return parts[:k] if 0 < k < len(parts) and any(is_number(p) for p in parts[k:]) else []


def _trailing_values(text: str) -> tuple[str, list[str]]:
    """'行政处罚 2' → ('行政处罚', ['2']): numbers (and dashes) printed after a label's
    text, one space apart; ('', []) when the text does not end so."""
    tokens = text.split()
    k = len(tokens)
    while k > 0 and is_value(tokens[k - 1]):
        k -= 1
    if k == 0 or k == len(tokens) or not any(is_number(t) for t in tokens[k:]):
        return "", []
    return " ".join(tokens[:k]), tokens[k:]


def _cell(cell: str, where: str, warnings: list[str]) -> list[str]:
    if not _DAMAGE.search(cell):
        return [cell]
    if GENERIC_HEADER.match(cell):
        return [""]
    if _BREAK.search(cell):
        parts = [p.strip() for p in _BREAK.split(cell) if p.strip()]
        if len(parts) > 1 and all(is_number(p) for p in parts):
            return parts  # '69<br>3': two columns' numbers in one cell, never one number 693
        cell = " ".join(join_label(parts))
    text, notes = strip_notes(cell)
    warnings += [f"{where}: note {n!r} after a value is not part of it" for n in notes]
    parts = text.split()
    if len(parts) > 1 and all(is_number(p) for p in parts):
        return parts  # '3001 53': two columns the converter ran together
    return [text.strip()]


def _join_broken_labels(rows: list[list[str]]) -> list[list[str]]:
    """'|1、申请人无正当理由逾期不补| | |…' then '|正、行政机关不再处理…|67|3|…':
    the first row is the head of the next row's label."""
    if not any(sum(1 for c in row if c) == 1 for row in rows):
        return rows
    out: list[list[str]] = []
    for row in rows:
        filled = [c for c in row if c]
        prev = out[-1] if out else None
        prev_filled = [c for c in prev if c] if prev else []
        if (prev is not None and len(prev_filled) == 1 and starts_item(prev_filled[0])
                and filled and not starts_item(filled[0]) and not is_number(filled[0])
                and any(is_number(c) for c in filled)):
            first = next(i for i, c in enumerate(row) if c)
            row = list(row)
            row[first] = prev_filled[0] + row[first]
            out[-1] = row
            continue
        out.append(row)
    return out
