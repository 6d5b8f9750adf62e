"""Which label text of a text dump belongs to which line of numbers.

pdftotext prints a table's cells line by line: a label wrapped over several
lines in a narrow column is centred on its row's numbers, a group label beside
it is printed a few characters per line among the item labels, and an item
number may stand apart from its text. These helpers re-join a row's label
around its numbers from the label columns' positions and the order of rows;
where two rows could own a text, neither gets it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .text_cells import item_number, join_label, nfkc, starts_item

if TYPE_CHECKING:
    from .text_rows import Line


_ITEM_NUMBERS = (re.compile(r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]"),
                 re.compile(r"(?:^|[^\d.])(\d{1,2})\s*[、．.](?=\s*[\u3400-\u9fff“])"))


@dataclass(slots=True)
class Fragment:
    """A label text waiting for its row: where it starts (-1: not known) and its line."""

    text: str
    x: int
    line: int


def fragments_of(line: Line, n: int) -> list[Fragment]:
    xs = line.lxs if len(line.lxs) == len(line.labels) else [-1] * len(line.labels)
    return [Fragment(t, x, n) for t, x in zip(line.labels, xs)]


def bare_item(head: list[Fragment], own: list[Fragment], pending: list[Fragment]
              ) -> tuple[list[Fragment], list[Fragment], list[Fragment], int | None]:
    """An item number printed apart from its text sits at the middle of it: the text
    printed before it on its line is its head ('其他法律行  2.'); alone on its line, the
    line just above it is. Returns head, own, pending and where the item's text starts."""
    marker = head[0] if head else own[0] if len(own) == 1 else None  # a number alone on its line
    if marker is None and len(own) >= 2 and is_bare_item(own[-1].text) and not is_bare_item(own[-2].text):
        # Printed after its text on the line of its numbers ('其他 3.   1  0 …'): that text is its.
        marker, text = own[-1], own[-2]
        return [marker, text], own[:-2], pending, text.x
    if marker is None or not is_bare_item(marker.text):
        return head, own, pending, None
    if any(f.line == marker.line and starts_item(f.text) and not is_bare_item(f.text) for f in head + own):
        return head, own, pending, None  # a group's number beside its first item ('（三） 5.属于…')
    before = [f for f in pending if f.line == marker.line]
    # (a quote mark beside it is its text's first character, printed apart as well: '3.    “')
    alone = not before and not any(f.line == marker.line and not _PUNCTUATION.match(f.text)
                                   for f in head[1:] + own if f is not marker)
    above = before or ([f for f in pending if f.line == marker.line - 1] if alone else [])
    pending = [f for f in pending if f not in above]
    head = [marker] + above + (head[1:] if head else [])
    own = own[1:] if own and own[0] is marker else own
    return head, own, pending, min(marker.x, above[-1].x if above else marker.x)


_PUNCTUATION = re.compile(r"^[\W_]+$")


def centred_item(head: list[Fragment], pending: list[Fragment], n: int, upper_above: int
                 ) -> tuple[list[Fragment], list[Fragment]]:
    """An item number printed on a middle line of its text ('没有现成' / '2.信息需要另行' /
    '制作  0 0 …'): the text lines between the row above and it are the row above's tail
    only as far as that row's label reaches above its own numbers (a label is centred on
    its numbers); the lines beyond that, up to as many as the item has below its number
    line, are the head of this item's text."""
    if not head or is_bare_item(head[0].text) or not starts_item(head[0].text) or head[0].line == n:
        return head, pending
    gap = sorted({f.line for f in pending if f.line < head[0].line})
    below = len({f.line for f in head if f.line > head[0].line} | {n})
    claim = min(below, len(gap) - upper_above - 1)
    if claim <= 0:
        return head, pending
    claimed = [f for f in pending if f.line in gap[-claim:]]
    pending = [f for f in pending if f not in claimed]
    lines = sorted({f.line for f in claimed})
    item = head[0]
    inner = [last for ln in lines if (last := [f for f in claimed if f.line == ln][-1]).x >= item.x - 2]
    texts = [f.text for f in inner]  # the item column's part of each line
    outer = [f for f in claimed if f not in inner]
    # A label of its own before the item's: the item's own text still decides first.
    return outer + [Fragment("".join(texts), -1, item.line)] + head, pending


def first_item(head: list[Fragment], lines: list[Line], n: int) -> tuple[list[Fragment], list[Fragment]]:
    """Two numbered labels of one level above one line of numbers, and the next line
    of numbers with no numbered label of its own above or beside it: pdftotext printed
    the second label before the first row's numbers. Rows keep their order, so the
    first label is this line's and the second the next line's (head, carried)."""
    starts = [i for i, f in enumerate(head) if starts_item(f.text)]
    if len(starts) < 2:
        return head, []
    level = item_level(head[starts[-1]].text)
    same = [i for i in starts if item_level(head[i].text) == level]
    if len(same) != 2 or level is None:
        return head, []
    for m in range(n + 1, len(lines)):
        line = lines[m]
        if any(starts_item(t) for t in line.labels):
            return head, []
        if line.values:
            if _owner_below(lines, m):
                return head, []
            return head[:same[1]], head[same[1]:]
    return head, []


def _owner_below(lines: list[Line], m: int) -> bool:
    """Line ``m``'s numbers may be the numbered label's right below it, printed under its numbers
    (a page whose labels sit lower than their numbers: '（六）其他处理' / '（七）总计' / 2667 … /
    0 0 … / '四、结转下年度继续办理', and no numbers after that label): rows then do not keep the
    order the first label's reading needs."""
    after = lines[m + 1] if m + 1 < len(lines) else None
    return after is not None and not after.values and any(starts_item(t) for t in after.labels) \
        and not any(line.values for line in lines[m + 2:])


def item_level(text: str) -> int | None:
    """Which kind of item number a label starts with ('（二）' or '2.')."""
    return next((k for k, p in enumerate(_ITEM_NUMBERS) if (m := p.search(nfkc(text))) and m.start() < 2), None)


def row_labels(head: list[Fragment], own: list[Fragment], column: int | None = None) -> list[str]:
    """The label cells of a row: its item's text joined across lines. Text left
    of the item's column (the innermost numbered fragment) is another column's
    (a group label printed beside it): cells of their own, before the item's.
    On a line of one fragment, a char of slack is allowed (a centred line).
    ``column``: where the item's text starts, when known from elsewhere."""
    fragments = head + own
    items = [f for f in fragments if f.x >= 0 and starts_item(f.text)]
    if not items:
        return join_label([f.text for f in fragments])
    column = (max(f.x for f in items) if column is None or column < 0 else column) - 1
    fragments = [part for f in fragments for part in split_at(f, column)]
    # The last fragment of a line is in the innermost label column (the one beside the
    # numbers): after Chinese text on the same line, pdftotext prints it too far left.
    last = {f.line: f for f in fragments}
    shared = Counter(f.line for f in fragments)
    outer = [f for f in fragments if 0 <= f.x < column - (shared[f.line] < 2)
             and (shared[f.line] < 2 or last[f.line] is not f)]
    inner = [f for f in fragments if f not in outer]
    return [f.text for f in outer] + join_label([f.text for f in inner])


def split_at(fragment: Fragment, column: int) -> list[Fragment]:
    """A fragment starting left of ``column`` and reaching into it with a word after a
    single space ('（三）不 方合法权益'): two columns' texts printed one space apart."""
    if fragment.x < 0 or fragment.x >= column or " " not in fragment.text:
        return [fragment]
    # A letter-spaced group label says where it ends; else the place, with one column of
    # slack: pdftotext prints text after Chinese characters a little too far left.
    at = _after_letter_spacing(fragment.text)
    if at is None:
        at = next((m.start() for m in re.finditer(r"(?<= )\S", fragment.text)
                   if fragment.x + m.start() >= column - 1), None)
    if at is None:
        return [fragment]
    return [Fragment(fragment.text[:at].strip(), fragment.x, fragment.line),
            Fragment(fragment.text[at:], fragment.x + at, fragment.line)]


# A group label printed letter-spaced in its narrow column ('不 予 公' / '开 事务信息'): single
# characters a space apart, then the item column's text, whose place pdftotext prints too far
# left after the Chinese characters before it.
_LETTER_SPACED_HEAD = re.compile(r"^(?:[\u3400-\u9fff] )+(?=[\u3400-\u9fff]{2})")


def _after_letter_spacing(text: str) -> int | None:
    m = _LETTER_SPACED_HEAD.match(text)
    return m.end() if m and " " not in text[m.end():] else None


_BARE_ITEM = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、．.]"
                        r"|\d{1,2}\s*[、．.])\s*$")


def is_bare_item(text: str) -> bool:
    return bool(_BARE_ITEM.match(nfkc(text)))


def two_items(labels: list[str]) -> bool:
    """Labels naming two items of one level ('（一）…（二）…', '1.…2.…'): one line of
    numbers cannot belong to both."""
    text = nfkc(" ".join(labels))
    return any(len(set(p.findall(text))) >= 2 for p in _ITEM_NUMBERS)


def merged_labels(first: Line, second: Line) -> tuple[list[str], list[int]]:
    """The labels of a row printed over two lines of numbers, the item number on the
    second ('要求提供公开出 0' / '（五） 3.版物  0 0 …': the number centred beside its
    label): the first line's text goes after the number; text left of the item's
    column stays a label of its own."""
    i = [k for k, t in enumerate(second.labels) if starts_item(t)][-1]
    if len(first.lxs) != len(first.labels) or len(second.lxs) != len(second.labels):
        return first.labels + second.labels, []
    # A number alone (no text after it) sits apart from its text: the first line's last
    # fragment is in the item's column whatever its place.
    bare = is_bare_item(second.labels[i]) and first.lxs
    column = min(second.lxs[i], first.lxs[-1] if bare else second.lxs[i]) - 2
    inner = [t for t, x in zip(first.labels, first.lxs) if x >= column]
    outer = [(t, x) for t, x in zip(first.labels, first.lxs) if x < column]
    number = item_number(second.labels[i])
    item = number + "".join(inner) + second.labels[i][len(number):]
    labels = [t for t, _ in outer] + second.labels[:i] + [item] + second.labels[i + 1:]
    return labels, [x for _, x in outer] + second.lxs


# Numbers line up on their right edge, their left edge or their centre.
