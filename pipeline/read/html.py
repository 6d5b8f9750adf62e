"""HTML report pages → Document: the article body only, tables as span-expanded grids.

Report pages are CMS article pages (TRS, Hanweb, provincial 政府信息公开平台)
wrapping Word-pasted HTML. lxml builds the tree (~2 ms for a 70 KB page, vs
~35 ms for BeautifulSoup, which is only the fallback for pages libxml2 rejects).
The body is found by the containers the known CMS products use, then by a
readability-style score; navigation, headers and footers never reach the blocks.
Page metadata (<title>, <meta>, the label/value rows of 政府信息公开平台 pages,
the printed publication date) goes to ``Document.meta``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from ..document import Block, Document, Position
from ..errors import ReadError
from ..salvage import salvage
from .bodies import BODY_LOCATORS
from .encoding import decode_html, garbage_share
from .grid import MAX_GRID_CELLS, expand_spans
from .text_cells import is_section_heading

# Article containers of the CMS products behind government sites, most specific first (one list: bodies.py).
_BODY_XPATHS = [(etree.XPath(loc.xpath), loc) for loc in BODY_LOCATORS]

_MAX_BODIES = 3
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "select", "button")
# Elements that start a new paragraph in running text, and a new line inside a cell.
_BLOCK_TAGS = frozenset([
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "address", "blockquote",
    "pre", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "form", "fieldset", "center", "hr",
    "caption", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "td", "th",  # when the body itself sits in a layout table
])
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_CELL_TAGS = ("td", "th")
_FONT_TAGS = ("span", "font", "o:p")
_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
_BREAK = "\n"  # marks a <br>/<p> boundary while collecting text

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")  # (str.translate is slower)
_CJK_CLASS = "[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
# A whole whitespace run holding a line break between two CJK characters (the
# look-arounds only hold at the run's two ends).
_CJK_LINE_BREAK = re.compile(rf"(?<={_CJK_CLASS})\s*\n\s*(?={_CJK_CLASS})")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAG = re.compile(r"<[A-Za-z!/]")
_LEADING_INT = re.compile(r"\s*(\d+)")
_CELL_START = re.compile(r"<t[dh]", re.IGNORECASE)
# Inline style attributes: two thirds of a Word-pasted page's bytes, and nothing the reader looks
# at. Removed before decoding and parsing, they cost a fast literal scan instead of libxml2's
# attribute parsing (a 350 KB 平潭 page parses in two thirds of the time). The leading space keeps
# the pattern from matching inside a word; a value runs to its closing quote, as the parser reads
# it; the tag's end must follow before any other tag starts (text that shows ' style="…"' is text).
_STYLE_ATTR = re.compile(rb""" style=(?:"[^"]*"|'[^']*')(?=[^<>]*>)""")
# Bytes in which ' style="…"' may not be what it looks like: UTF-16/32 (NULs), ISO-2022 (ESC) and
# HZ ('~{') encode characters with ASCII bytes. In UTF-8 and the GB, Big5 and EUC families no byte
# of a multi-byte character is a space or a quote, so the pattern can only match real markup.
# ISO-2022 and HZ are 7-bit: only a page of ASCII bytes alone may be one (the search for '~{'
# costs a 350 KB page as much as the styles' removal; isascii stops at the first CJK byte).
_SEVEN_BIT_SHIFTS = (b"\x1b", b"~{")


def _without_styles(data: bytes) -> bytes:
    if b"\x00" in data or (data.isascii() and any(shift in data for shift in _SEVEN_BIT_SHIFTS)):
        return data
    return _STYLE_ATTR.sub(b"", data)


# Label/value rows of 政府信息公开平台 pages, printed before the body.
_INFO_LABELS = ("索引号", "信息索引号", "发布机构", "发文机关", "发文机构", "公开责任部门", "发文字号", "文号",
                "发文日期", "成文日期", "发布日期", "公开日期", "生成日期", "主题分类", "信息分类",
                "体裁分类", "主题词", "公开方式", "公开范围", "公开时限", "有效性", "信息来源", "来源")
_INFO_LABEL = re.compile(
    r"^({})\s*([:：]\s*(.*))?$".format("|".join(sorted(_INFO_LABELS, key=len, reverse=True))))
_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
# "发布时间：", "公开日期：", or a bare "时间：" (not the tail of "成文日期：").
_PUBLISHED = re.compile(rf"(?:(?:发布|公开)(?:时间|日期)|(?<![\u4e00-\u9fff])(?:时间|日期))\s*[:：]\s*({_DATE})")


def read(data: bytes, source: str, *, declared_encoding: str | None = None) -> Document:
    """Read an HTML page; ``declared_encoding`` is the HTTP charset when fetched."""
    stripped = _without_styles(data)
    text, encoding = decode_html(stripped, declared_encoding)
    garbage = garbage_share(text)
    if garbage > 0.02:
        raise ReadError(source, f"not HTML: undecodable or control characters (tried {encoding})")
    if not _TAG.search(text):
        raise ReadError(source, "not HTML: no markup")
    _refuse_huge_tables(text, source)
    root = _parse(text, source, stripped if _is_utf8_of(stripped, text, encoding, garbage) else None)
    doc = Document(source=source, file_type="html", meta={"encoding": encoding})
    if root is None:
        return doc
    _drop_non_content(root)
    bodies = _find_bodies(root, text)
    # Metadata, each body and each table are read on their own: one that fails is a loss, not the page.
    doc.meta.update(salvage(doc.losses, "page metadata", _page_meta, root, bodies[0] if bodies else None,
                            default={}))
    walker = _BodyWalker(doc.losses, doc.warnings)
    for n, body in enumerate(bodies, 1):
        # Inline wrappers that only carry fonts, their text kept: the walk reads inline text
        # concatenated with nothing in between whether they wrap it or not, and they are half
        # of a Word-pasted body's elements. (Only in the body: a CMS may mark its article
        # container with a <span>.)
        etree.strip_tags(body, *_FONT_TAGS)
        salvage(doc.losses, f"article body {n}", walker.visit, body, default=None)
        walker.flush()
    doc.blocks = walker.blocks
    base = _base_url(root, source, doc.meta)
    doc.images = salvage(doc.losses, "images", _all_images, bodies, base, default=[])
    return doc


def fragment_blocks(markup: str, source: str, losses: list[str], warnings: list[str]) -> list[Block]:
    """The blocks of a piece of HTML inside another document (a table in a markdown dump),
    read as a page's body is: spans expanded, nested tables after their table. Raises ReadError
    for markup that cannot be parsed."""
    root = _parse(markup, source)
    if root is None:
        return []
    _drop_non_content(root)
    etree.strip_tags(root, *_FONT_TAGS)
    walker = _BodyWalker(losses, warnings)
    walker.visit(root)
    walker.flush()
    return walker.blocks


def _refuse_huge_tables(text: str, source: str) -> None:
    """Refuse a page with more table cells than any report before parsing it: the
    tree of a 20 MB page of 2 million cells alone takes half a gigabyte. A cell
    takes at least 4 characters, so only pages that long are counted."""
    if len(text) <= 4 * MAX_GRID_CELLS:
        return
    n = sum(1 for _ in _CELL_START.finditer(text))
    if n > MAX_GRID_CELLS:
        raise ReadError(source, f"HTML page with {n:,} table cells, over the {MAX_GRID_CELLS:,}-cell limit "
                                "(a report's tables hold a few hundred); not read")


# -- parsing -------------------------------------------------------------------

def _parse(text: str, source: str, utf8: bytes | None = None) -> etree._Element | None:
    """The document tree, or None for a page with markup but no elements. ``utf8``: ``text``
    encoded in UTF-8, when the caller has it: libxml2 reads those bytes as they are, where it
    converts a str first (5% of the parse)."""
    try:
        # Plain etree elements, not lxml.html's: its per-element Python class
        # lookup costs a third of the reading time on a Word-pasted page. No table of
        # the id attributes either (nothing calls XPath's id()): 3% of the parse.
        if utf8 is not None:
            parser = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, encoding="utf-8")
            return etree.fromstring(utf8, parser)
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
        return etree.fromstring(_XML_DECLARATION.sub("", text, count=1), parser)
    except (ValueError, etree.LxmlError) as exc:
        try:
            from lxml.html import soupparser  # builds an lxml tree with BeautifulSoup

            return soupparser.fromstring(text)
        except Exception:  # noqa: BLE001 - any failure of the fallback means the same
            raise ReadError(source, f"unparseable HTML: {exc}".splitlines()[0]) from exc


def _is_utf8_of(data: bytes, text: str, encoding: str, garbage: float) -> bool:
    """Whether ``data`` is ``text`` in UTF-8, for :func:`_parse` to read as it is: decoded as
    UTF-8 with no U+FFFD put in (no garbage), not cut inside a last character (it ends in
    ASCII), and without the XML declaration a str loses there."""
    return encoding == "utf-8" and not garbage and data[-1:].isascii() and not _XML_DECLARATION.match(text)


def _drop_non_content(root: etree._Element) -> None:
    """Scripts, styles, comments … removed with what they hold, their tails kept in place (lxml
    reads a text split around a removed element as one, for .text, .tail and itertext)."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False)


def _text_content(el: etree._Element) -> str:
    return "".join(el.itertext())


# -- body ----------------------------------------------------------------------

def _find_bodies(root: etree._Element, source: str) -> list[etree._Element]:
    """The article container(s), in document order.

    A CMS sometimes prints its container twice (a summary, then the text; the
    text, then an attachment table): up to ``_MAX_BODIES`` outermost matches
    are all read; more than that is a repeated widget, and the longest wins.
    """
    for xpath, locator in _BODY_XPATHS:
        if not locator.may_match(source):  # (``source``: the text parsed into ``root``)
            continue
        found = [el for el in xpath(root) if _has_content(el)]
        found = [el for el in found if not any(_contains(other, el) for other in found if other is not el)]
        if len(found) > _MAX_BODIES:
            return [max(found, key=lambda el: len(_text_content(el)))]
        if found:
            return found
    body = _readability_body(root)
    return [body] if body is not None else []


# Each branch stops at its first node ([1]): without that libxml2 tests every text node of the body.
_ANY_CONTENT = etree.XPath(
    "boolean(descendant::text()[normalize-space()][1] | descendant::img[1] | descendant::table[1])")


def _has_content(el: etree._Element) -> bool:
    return bool(_ANY_CONTENT(el))


def _readability_body(root: etree._Element) -> etree._Element | None:
    """The element holding most of the prose with the fewest links, widened to hold the tables.

    Text units (paragraphs, cells, items) score by their length and commas,
    credited to their parent and half to their grandparent, as readability
    does; the best-scoring container after a link-density penalty wins.
    """
    page = root.find("body")
    if page is None:
        page = root
    scores: dict[etree._Element, float] = {}
    for unit in page.iter("p", "td", "pre", "li", "dd", "div"):
        if unit.tag == "div" and not (unit.text or "").strip():
            continue  # a div counts as a unit only for text written directly in it
        if unit.tag == "td" and unit.find(".//table") is not None:
            continue
        text = _text_content(unit).strip() if unit.tag != "div" else unit.text.strip()
        if len(text) < 10:
            continue
        score = 1 + text.count("，") + text.count(",") + text.count("。") + min(len(text) // 100, 3)
        parent = unit.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + score
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + score / 2
    if not scores:
        return page if _has_content(page) else None
    top = sorted(scores, key=scores.get, reverse=True)[:5]
    best = max(top, key=lambda el: scores[el] * (1 - _link_density(el)))
    return _widen_to_tables(best, page)


def _link_density(el: etree._Element) -> float:
    total = len(_text_content(el))
    links = sum(len(_text_content(a)) for a in el.iter("a"))
    return links / total if total else 1.0


def _widen_to_tables(best: etree._Element, page: etree._Element) -> etree._Element:
    """Climb from ``best`` while data tables (≥ 2 rows) lie outside it and the text stays unlinked."""
    tables = [t for t in page.iter("table") if len(_ROWS(t)) >= 2 and t.find(".//table") is None]
    body = best
    while any(not _contains(body, t) for t in tables):
        parent = body.getparent()
        if parent is None or _link_density(parent) > 0.35:
            break
        body = parent
    return body


def _contains(ancestor: etree._Element, el: etree._Element) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


# -- text ----------------------------------------------------------------------

def clean_text(raw: str) -> str:
    """Collapse collected text the way a browser renders it.

    Whitespace runs (including &nbsp; and U+3000) become one space, except that
    a run holding a line break (<br>, <p> boundary, source newline) between two
    CJK characters vanishes: '结<br>果' is '结果'.
    """
    raw = raw.strip()  # (the edge runs go anyway: a cell's <p> breaks then cost no regex scan)
    if not raw or raw.isalnum():  # layout whitespace; a number or a label with nothing to collapse
        return raw  # (letters, digits and ideographs only: no whitespace, no invisible character)
    if not raw.isascii():  # (a flag of the string: ASCII text holds neither invisibles nor CJK)
        for ch in _INVISIBLE_CHARS:  # substring tests are far cheaper than a regex scan of a paragraph
            if ch in raw:
                raw = _INVISIBLE.sub("", raw)
                break
        if "\n" in raw:
            raw = _CJK_LINE_BREAK.sub("", raw)
    # str.split's whitespace (&nbsp; and U+3000 too) is exactly a str regex's \s; split and join
    # cost a third of re.sub(r"\s+", " ", …).strip() on a cell's few characters.
    return " ".join(raw.split())


def _tag(el: etree._Element) -> str | None:
    tag = el.tag  # libxml2's HTML parser lowercases tag names
    return tag if isinstance(tag, str) else None


def _collect_cell(el: etree._Element, out: list[str]) -> None:
    """Inline text concatenated with nothing in between (digits split over <span>s
    join up); line breaks marked; nested tables left out (they are blocks of their own)."""
    # The hottest loop of HTML reading (every element of every cell): tags are
    # tested inline, not through _tag(), each .text/.tail is read once (lxml
    # builds a new string per read), and a childless inline element is not a call.
    text = el.text
    if text:
        out.append(text)
    for child in el:
        tag = child.tag
        if tag.__class__ is str:  # not a comment or processing instruction
            if tag == "br":
                out.append(_BREAK)
            elif tag in _BLOCK_TAGS:
                out.append(_BREAK)
                _collect_cell(child, out)
                out.append(_BREAK)
            elif tag != "table":
                if len(child):
                    _collect_cell(child, out)
                else:
                    text = child.text
                    if text:
                        out.append(text)
        tail = child.tail
        if tail:
            out.append(tail)


def _cell_text(cell: etree._Element) -> str:
    """A cell's text as ``_collect_cell`` and ``clean_text`` make it. Most cells of a Word-pasted
    table are one paragraph holding only text once their font tags are gone (``<td><p>12</p></td>``):
    that paragraph's text is the cell's, with no walk."""
    if len(cell) == 1:
        only = cell[0]
        text, tail, inner = cell.text, only.tail, only.text
        if (not len(only) and only.tag in _BLOCK_TAGS and (not text or text.isspace())
                and (not tail or tail.isspace())):
            return clean_text(inner) if inner else ""
    pieces: list[str] = []
    _collect_cell(cell, pieces)
    return clean_text("".join(pieces))


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute's value as a number (1 when absent or unreadable)."""
    if value is None:
        return 1
    if value.isdigit():
        return int(value)
    m = _LEADING_INT.match(value)  # "2;", " 3 ", "2px" in hand-written pages
    return int(m.group(1)) if m else 1


def table_grid(table: etree._Element, notes: list[str] | None = None,
               copies: list[list[bool]] | None = None) -> list[list[str]]:
    """A <table>'s own rows (not those of nested tables) as a span-expanded grid (``copies``:
    as :func:`expand_spans` fills it)."""
    rows = []
    for tr in _ROWS(table):
        cells = []
        for c in tr:  # (inline: this runs for every cell of every table)
            if c.tag in _CELL_TAGS:
                rowspan, colspan = c.get("rowspan"), c.get("colspan")  # (mostly absent: no call then)
                cells.append((_cell_text(c), 1 if rowspan is None else _span(rowspan),
                              1 if colspan is None else _span(colspan)))
        rows.append(cells)
    flags: list[list[bool]] = []
    grid = expand_spans(rows, notes, flags)
    kept = [r for r, row in enumerate(grid) if row]
    if copies is not None:
        copies.extend(flags[r] for r in kept)
    return grid if len(kept) == len(grid) else [grid[r] for r in kept]


class _BodyWalker:
    """Turns the body subtree into blocks in reading order."""

    def __init__(self, losses: list[str], warnings: list[str]) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.losses = losses
        self.warnings = warnings
        self.n_tables = 0

    def flush(self, heading: bool = False) -> None:
        if not self.pieces:
            return
        text = clean_text("".join(self.pieces))
        self.pieces.clear()
        if text:
            kind = "heading" if heading or is_section_heading(text) else "paragraph"
            self.blocks.append(Block(kind, Position(len(self.blocks)), text=text))

    def visit(self, el: etree._Element) -> None:
        pieces = self.pieces
        text = el.text
        if text:
            pieces.append(text)
        for child in el:
            tag = child.tag
            if tag.__class__ is not str:  # a comment or processing instruction: only its tail is text
                pass
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag == "br":
                self.flush()
            elif tag in _HEADING_TAGS:
                self.flush()
                self.visit(child)
                self.flush(heading=True)
            elif tag in _BLOCK_TAGS:
                self.flush()
                self.visit(child)
                self.flush()
            else:
                self.visit(child)
            tail = child.tail
            if tail:
                pieces.append(tail)

    def table(self, table: etree._Element) -> None:
        caption = table.find("caption")
        if caption is not None:  # a title printed as the table's caption precedes it
            self.visit(caption)
            self.flush()
        self.n_tables += 1
        notes: list[str] = []
        copies: list[list[bool]] = []
        grid = salvage(self.losses, f"table {self.n_tables}", table_grid, table, notes, copies, default=[])
        self.warnings.extend(f"table {self.n_tables}: {note}" for note in notes)
        if len(grid) == 1 and len(grid[0]) == 1:
            # A one-cell layout table wrapping prose (and maybe the real tables).
            for cell in table.iter(*_CELL_TAGS):
                self.visit(cell)
                self.flush()
                break
            return
        if any(any(row) for row in grid):
            self.blocks.append(Block("table", Position(len(self.blocks)), rows=grid,
                                     copies=copies if len(copies) == len(grid) else None))
        # Nested tables follow the table that holds them, each as its own block.
        for inner in table.iter("table"):
            if inner is not table and _nearest_table(inner) is table:
                self.table(inner)


def _nearest_table(el: etree._Element) -> etree._Element | None:
    for anc in el.iterancestors("table"):
        return anc
    return None


# -- metadata and images ---------------------------------------------------------

def _page_meta(root: etree._Element, body: etree._Element | None) -> dict[str, str]:
    meta: dict[str, str] = {}
    title, metas = _title_and_metas(root)
    if title is not None and _text_content(title).strip():
        meta["title"] = clean_text(_text_content(title))
    for m in metas:
        name = m.get("name") or m.get("property")
        content = m.get("content")
        if name and content is not None and name not in meta:
            meta[name] = content.strip()
    texts: list[str] = []
    _texts_before(root, body, texts)
    tokens = [t for t in map(clean_text, texts) if t]
    for i, token in enumerate(tokens):
        if "published" not in meta:
            m = _PUBLISHED.search(token)
            if m:
                meta["published"] = m.group(1)
        m = _INFO_LABEL.match(token)
        if m and m.group(1) not in meta:
            value = m.group(3) if m.group(2) else None
            if not value and i + 1 < len(tokens) and not _INFO_LABEL.match(tokens[i + 1]):
                value = tokens[i + 1]  # label and value in separate cells
            if value:
                meta[m.group(1)] = value
    return meta


def _title_and_metas(root: etree._Element) -> tuple[etree._Element | None, list[etree._Element]]:
    """The first <title> below ``root`` and every <meta>, in one pass over the tree (a lookup
    for the title alone walks the whole tree too: lxml looks ahead for a second one)."""
    title, metas = None, []
    for el in root.iter("title", "meta"):
        if el.tag == "meta":
            metas.append(el)
        elif title is None and el is not root:
            title = el
    return title, metas


def _texts_before(root: etree._Element, body: etree._Element | None, out: list[str]) -> bool:
    """Collect the page's text nodes in document order up to the body; True once it is reached.

    Metadata rows and the printed publication date sit above the article; the
    footer below it only costs time. (The tree holds no comments by now:
    iterwalk would skip them with their tails.)
    """
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if el is body:
                return True
            text = el.text
            if text and el.tag != "title":
                out.append(text)
        elif el is not root:
            tail = el.tail
            if tail:
                out.append(tail)
    return False


def _base_url(root: etree._Element, source: str, meta: dict[str, str]) -> str | None:
    base = root.find(".//base[@href]")
    if base is not None:
        return base.get("href")
    if source.startswith(("http://", "https://")):
        return source
    url = meta.get("Url") or meta.get("url")
    return url if url and url.startswith(("http://", "https://")) else None


def _all_images(bodies: list[etree._Element], base: str | None) -> list[str]:
    return [src for body in bodies for src in _images(body, base)]


def _images(body: etree._Element, base: str | None) -> list[str]:
    images = []
    for img in body.iter("img"):
        src = (img.get("src") or img.get("data-src") or img.get("original-src") or "").strip()
        if src and not src.startswith("data:"):
            images.append(urljoin(base, src) if base else src)
    return images
