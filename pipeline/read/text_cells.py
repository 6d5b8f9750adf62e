"""What text dumps of PDFs (pdftotext, PDF→markdown converters, OCR) do to the
cells of a table, undone at the level of one line or one cell: page furniture
printed inside a table, value cells holding several numbers, numbers glued to
the label before them, notes after a number, a label wrapped over lines.

Nothing here knows the report format: a label is text, a value is a number.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Lines that are the page, not the document: page numbers, and the header and
# footer a browser prints on every page (date + title, URL + n/m).
# A browser's print header: the date and time, then the page's title ('12/3/26, 4:18 PM 连云区人民政府2021年…').
_BROWSER_HEADERS = (
    re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\b"),  # Chromium
    re.compile(r"^\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}\b"),
)
PAGE_FURNITURE: tuple[re.Pattern, ...] = (
    re.compile(r"^[-—–－_]+\s*[1-9]\d{0,2}\s*[-—–－_]+$"),            # '-3-', '— 3 —' (no page 0: '- 0 -' is a row)
    re.compile(r"^第\s*[1-9]\d{0,2}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$"),  # '第3页 共6页'
    re.compile(r"^(?:file|https?)://\S+\s+\d{1,3}\s*/\s*\d{1,3}$"),    # Chromium footer
    *_BROWSER_HEADERS,
)
# A cell or line that starts a new label: 一、 （三） (3) 3. 3、 第三 …
_ITEM_START = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、．.]"
                         r"|[（(]\d{1,2}[）)]|\d{1,2}\s*[、．.](?!\d))")
_NUMBER = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元|件|个|项|条|次|人次|人)?$")
_DASHES = {"-", "--", "—", "——", "–", "－", "/"}
# '22（其中修订 16 件）': a number followed by a note in brackets that says something.
_NOTE = re.compile(r"(?<=\d)\s*([（(][^（）()]*[\u3400-\u9fff][^（）()]*[）)])")
# '（区分8': a label glued to the first value of its row.
GLUED_NUMBER = re.compile(r"^(?P<label>.*[\u3400-\u9fff”）)])(?P<number>\d+(?:\.\d+)?)$")
# An item number inside a fragment ('办理结果 （二）部分公开', '不 予 公2.其他法律行政'): in a
# dump, the text of a narrow label column beside it is printed on the same line.
# Not after 第 ('第二十条第（五）项') nor after a digit, and only before label text.
_EMBEDDED_ITEM = re.compile(r"(?<=[\u3400-\u9fff”）)\s])(?<!第)(?:[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]"
                            r"|(?<![\d.])\d{1,2}\s*[、．.](?!\d))(?=\s*[\u3400-\u9fff“])"
                            # … or an item number printed after its text, alone at the end ('本机关不掌 1.')
                            r"|(?<=\s)\d{1,2}\s*[、．.]$")
# Numbers on a line from which it is a wide table's row (table 3's seven, table 4's fifteen): no
# small table's row (table 2's one to three) nor a list in prose holds as many.
WIDE_ROW = 5
CJK = re.compile(r"[\u3400-\u9fff]")  # an ideograph: text of words, not of marks or numbers
GENERIC_HEADER = re.compile(r"^(?:数据|列|栏|Col(?:umn)?|Unnamed:?\s*)_?\d{1,2}$", re.IGNORECASE)


# "一、总体情况", "六、其他需要报告的事项": the report's numbered sections.
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、．.]\s*\S")
_MAX_HEADING_CHARS = 40
SENTENCE_END = ("。", "；", ";")  # a line ending so is a sentence of prose, not a heading or label


def is_section_heading(line: str) -> bool:
    """True for a short line opening a numbered section ("一、总体情况"), not a sentence."""
    line = line.strip()
    return (len(line) <= _MAX_HEADING_CHARS and bool(_SECTION_HEADING.match(line))
            and not line.endswith(SENTENCE_END))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Digits of both widths in one run: '１17', '０0'.
_MIXED_WIDTH = re.compile(r"[0-9]+[０-９][0-9０-９]*|[０-９]+[0-9][0-9０-９]*")
_WIDTH_CHANGE = re.compile(r"(?<=[0-9])(?=[０-９])|(?<=[０-９])(?=[0-9])")


def split_mixed_width_digits(text: str) -> str:
    """Digits of both widths in one run are two cells' numbers printed without a space
    between: a table whose cells are set in different fonts (full-width digits typed in some)
    dumped by a tool that joins neighbouring spans (PyMuPDF's text: '１17' for 1 and 17 of two
    columns, '０0' for two zeros). A space goes where the width changes, so that no glued pair
    is read as one number; where it was one number typed in two widths, its row has a number
    too many and is not read."""
    if not _MIXED_WIDTH.search(text):
        return text
    return _MIXED_WIDTH.sub(lambda m: _WIDTH_CHANGE.sub(" ", m.group()), text)


# A bare '3' is a page number only alone between blank lines (or a page break):
# under a label printed on the line above, it is the row's one value.
_BARE_NUMBER = re.compile(r"^\d{1,3}$")


# '3/6' is page 3 of 6; '0 / 0' or '7 / 2' in a table are two values and a blank.
_PAGE_OF = re.compile(r"^(\d{1,3})\s?/\s?(\d{1,3})$")


_MAX_FURNITURE = 160  # a browser header line holds the page title; nothing longer is furniture
_FURNITURE_STARTS = set("-—–－_第fhFH0123456789０１２３４５６７８９\ufb01")  # (ﬁ: pypdf keeps the ligature of 'ﬁle:')


def is_page_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped[0] not in _FURNITURE_STARTS:
        return False
    if len(stripped) > _MAX_FURNITURE:  # (a dump with wide spacing, -fixed: the gaps do not count)
        stripped = " ".join(stripped.split())
        if len(stripped) > _MAX_FURNITURE:
            return False
    text = nfkc(stripped)
    if m := _PAGE_OF.match(text):
        return 1 <= int(m[1]) <= int(m[2])
    return bool(text) and any(p.match(text) for p in PAGE_FURNITURE)


def printed_page_title(lines: list[str]) -> str | None:
    """The web page's title a browser printed in its page header (the first such header whose
    title has words): the page's <title>, blanked with the header as page furniture."""
    for line in lines:
        text = line.strip()
        if text[:1] not in _DIGITS:  # (every line of every dump comes here: NFKC only for a header)
            continue
        text = nfkc(text)
        for header in _BROWSER_HEADERS:
            if (m := header.match(text)) and _CJK_WORD.search(title := text[m.end():].strip()):
                return title
    return None


_CJK_WORD = re.compile(r"[\u3400-\u9fff]{2}")
_DIGITS = set("0123456789０１２３４５６７８９")


PAGE_BREAK = "\f"  # what a blanked line of page furniture keeps: where a page ends (blank to strip())


# CR CR LF is one line end: a file's CR LF line ends converted to CR LF once more (a Windows
# tool saving text it read as LF-ended), which splitlines() would read as a blank line after each.
_LINE_END = re.compile(r"\r?\r\n|[\n\r\v\x1c-\x1e\x85\u2028\u2029]")


def text_lines(text: str) -> list[str]:
    """``text.splitlines()``, except that a form feed (where pdftotext ends a page) is a line of
    its own, :data:`PAGE_BREAK`, in the place of the empty line ``splitlines`` leaves there."""
    lines = _LINE_END.split(text)
    if lines[-1] == "":  # the text's last line end, or no text
        lines.pop()
    out: list[str] = []
    for line in lines:
        first, *pages = line.split(PAGE_BREAK)
        if first or not pages:
            out.append(first)
        for page in pages:
            out.append(PAGE_BREAK)
            if page:
                out.append(page)
    return out


_MIN_SPACED = 16  # lines each followed by one blank line, for a run to be set double-spaced
_MAX_WRAPPED = 3  # lines of one paragraph (a cell's text wrapped) within a double-spaced run
_LYNX_MARGIN = "   "  # lynx -dump sets every line three columns in


_UNWRAPPED_CJK = 70  # ideographs on one line of prose: more than any page of a report prints on one


def _unwrapped(lines: list[str]) -> bool:
    """The text's paragraphs were never wrapped to a page's width: a line of prose ending a
    sentence is wider than a page's line, and no page ends in the text. (The widest lines of
    prose in 4,360 dumps of printed pages hold 54 to 59 ideographs.)"""
    if any(PAGE_BREAK in line for line in lines):
        return False
    return any(len(line) >= _UNWRAPPED_CJK and "|" not in line and line.rstrip().endswith(SENTENCE_END)
               and len(CJK.findall(line)) >= _UNWRAPPED_CJK for line in lines)


def _values_cut_apart(paragraph: list[str]) -> bool:
    """A paragraph of one line holding numbers with spaces between ('18 218', '0. 89')."""
    tokens = paragraph[0].split() if len(paragraph) == 1 else []
    return len(tokens) > 1 and (all(is_value(t) for t in tokens) and any(is_number(t) for t in tokens)
                                or is_number("".join(tokens)))  # ('0. 89')


def without_spacer_lines(lines: list[str]) -> list[str]:
    """``lines`` without the blank line lynx sets after every paragraph of a dump, in which each
    cell of a table is a paragraph of its own (its text wrapped over a line or two), in the
    table's order: in a run of paragraphs each followed by exactly one blank line (the last by one
    or more), ``_MIN_SPACED`` or more of them one line long and no more than a quarter longer, a
    blank line separates nothing and goes. Only where lynx's left margin starts nine in ten of the
    run's paragraphs (a few are too wide for it), or where the text's paragraphs were never wrapped
    to a page's width (an HTML page's text as html-text and other extractors print it, a blank line
    after each element): pdftotext without -layout prints cells as blocks apart too, but in its own
    order, and there a blank line is what keeps a block's numbers from being read as the row before
    them (``text_stacked``)."""
    unwrapped = _unwrapped(lines)
    if unwrapped:  # an extractor's empty paragraphs (a blank cell, docx2txt) are no blocks apart
        lines = [line for k, line in enumerate(lines) if line.strip() or not k or lines[k - 1].strip()]
    drop: set[int] = set()
    run: list[tuple[int, int]] = []  # its paragraphs: (first line, the blank line after it)

    def close() -> None:
        singles = sum(blank - first == 1 for first, blank in run)
        margined = sum(lines[first].startswith(_LYNX_MARGIN) for first, _ in run)
        if singles >= _MIN_SPACED and singles >= 0.75 * len(run) and (margined >= 0.9 * len(run) or unwrapped):
            # A cell printing numbers with spaces between ('18 218': one number whose digits the
            # page set in two elements, or two numbers) stays a block apart: its row is not read.
            cut = {k for k, (first, blank) in enumerate(run) if _values_cut_apart(lines[first:blank])}
            kept = {run[k][1] for k in cut} | {run[k - 1][1] for k in cut if k}
            drop.update(blank for _, blank in run[:-1] if blank not in kept)
        run.clear()

    i, n = 0, len(lines)
    while i < n:
        j = i
        while j < n and lines[j].strip():
            j += 1
        if i == j:  # a blank line no paragraph of a run ends on
            close()
            i += 1
            continue
        if j - i > _MAX_WRAPPED:
            close()
            i = j
            continue
        run.append((i, j))
        i = j + 1
        if i >= n or not lines[i].strip():  # two blank lines, or the end: the run ends with it
            close()
    close()
    return [line for k, line in enumerate(lines) if k not in drop] if drop else lines


def is_page_break(line: str) -> bool:
    """A page edge: a blanked line of page furniture, or where pdftotext's form feed stood."""
    return PAGE_BREAK in line


_SPACES = frozenset(" \t\u00a0\u3000")


def is_block_break(line: str) -> bool:
    """An empty line, or a page edge: where a dump ends one block of text and starts the
    next (plain pdftotext's blank line between two cells). A line of spaces is no break: a
    dumper that prints one set blank glyphs there, inside the block (PyMuPDF's text of a
    Writer PDF prints a list label's tab as a line of its own: '1.' / '  属于国家秘' / ' ' / '密')."""
    if line.strip():
        return False
    return is_page_break(line) or not any(c in _SPACES for c in line)


def blank_page_furniture(lines: list[str]) -> list[str]:
    """The lines with page numbers, headers and footers blanked (indexes kept); each keeps a
    page break: pdftotext -layout places a table's columns anew on every page."""
    out = list(lines)
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or text[0] not in _FURNITURE_STARTS:
            continue
        if is_page_furniture(text) or _BARE_NUMBER.match(nfkc(text)) and _alone(lines, i):
            out[i] = PAGE_BREAK
    return out


def _alone(lines: list[str], i: int) -> bool:
    before = i == 0 or not lines[i - 1].strip() or is_page_break(lines[i - 1])
    after = i + 1 >= len(lines) or not lines[i + 1].strip() or is_page_break(lines[i + 1])
    return before and after


def starts_item(text: str) -> bool:
    return bool(_ITEM_START.match(nfkc(text)))


def item_number(text: str) -> str:
    """The item number a label starts with ('3.' of '3.版物'), '' if none."""
    m = _ITEM_START.match(text)
    return m.group() if m else ""


def is_number(token: str) -> bool:
    return bool(_NUMBER.match(nfkc(token).replace("，", ",")))


def is_value(token: str) -> bool:
    """A number, or a dash printed for an empty cell."""
    return is_number(token) or nfkc(token).strip() in _DASHES


def strip_notes(text: str) -> tuple[str, list[str]]:
    """'22（其中修订 16 件）' → ('22', ['（其中修订 16 件）']): the note is not part of the value."""
    notes = _NOTE.findall(text)
    return (_NOTE.sub("", text), notes) if notes else (text, [])


def split_value_tail(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Whitespace tokens of a line → (label tokens, value tokens): the values
    are the run of numbers and dashes at the end. A number glued to the label
    before it ('（区分8') is split off when other numbers follow it."""
    end = len(tokens)
    start = end
    while start > 0 and is_value(tokens[start - 1]):
        start -= 1
    labels, values = tokens[:start], tokens[start:]
    if labels and values and any(is_number(v) for v in values):
        m = GLUED_NUMBER.match(nfkc(labels[-1]))
        if m and not is_number(labels[-1]):
            labels = labels[:-1] + [m["label"]]
            values = [m["number"]] + values
        elif item := _item_glued_to_value(labels, values):
            labels, values = [*labels, item[0]], [item[1], *values[1:]]
    elif not labels and (item := _item_glued_to_value(labels, values)):
        labels, values = [item[0]], [item[1], *values[1:]]
    return labels, values


# '属于国家秘密 1.0   0  0 …': an item number printed after its text, touching the row's first number.
_ITEM_AND_NUMBER = re.compile(r"^(?P<item>[1-9][.．])(?P<number>\d+)$")
_WHOLE = re.compile(r"^(?:\d+|[-—–－/]+)$")


_MIN_WHOLE_AFTER = 5  # whole numbers after a lone line's first value for it to be no decimal


def _item_glued_to_value(labels: list[str], values: list[str]) -> tuple[str, str] | None:
    """(item number, number) of a first value like '1.0' when it is no decimal: whole numbers
    (or dashes) follow it and the label before it, ending in text, has no item number — or, on
    a line of numbers alone under its label ('保护第三方合法权益' / '4.0 0 0 0 0 0 0'), a row's
    worth of whole numbers follow it."""
    m = _ITEM_AND_NUMBER.match(nfkc(values[0]))
    if m is None or len(values) < 2 or not all(_WHOLE.match(nfkc(v)) for v in values[1:]):
        return None
    if labels and (starts_item(labels[0]) or not CJK.search(labels[-1][-1])):
        return None
    if not labels and len(values) - 1 < _MIN_WHOLE_AFTER:
        return None
    return m["item"], m["number"]


def split_items(fragment: str) -> list[str]:
    """'三、本年度（一）予以公开' → ['三、本年度', '（一）予以公开']: each item number
    inside a fragment opens a label of its own."""
    text = nfkc(fragment)
    cuts = [m.start() for m in _EMBEDDED_ITEM.finditer(text) if text[: m.start()].strip()]
    if not cuts:
        return [fragment]
    bounds = [0, *cuts, len(text)]
    return [p for a, b in itertools.pairwise(bounds) if (p := text[a:b].strip())]


def join_label(parts: list[str]) -> list[str]:
    """Visual lines of one label cell → label texts: a part that starts a new
    item ('2.没有现成信息…') opens a new label, any other part continues the
    one before ('部分公开（…这一情' + '形，不计其他情形）')."""
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not starts_item(part):
            out[-1] += part
        else:
            out.append(part)
    return out
