"""DOCX reader: the body's paragraphs and tables, in document order.

python-docx opens the package (after ``zipsafety`` has vetted it) and gives us
styles and core properties; the body itself is walked as XML because
``Document.paragraphs``/``.tables`` lose the interleaving, skip content controls
and tracked insertions, and know nothing of vertical merges.

Tables become grids of cell strings: a cell merged horizontally (``w:gridSpan``)
or vertically (``w:vMerge``) has its text repeated in every grid position it
covers, and rows that start or end short of the table grid (``w:gridBefore``,
``w:gridAfter``) are padded so columns stay aligned. A table nested in a cell
becomes a block of its own, right after the table that holds it.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator

import docx

from ..document import Block, Document, Position
from ..errors import ReadError
from ..salvage import salvage
from .grid import Cell, expand_spans
from .textjoin import join_wrapped
from .zipsafety import check_zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
P, TBL, TR, TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
T, TAB, PTAB, BR, CR = _W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr"
VAL = _W + "val"
# Wrappers whose content belongs to the enclosing flow: content controls, custom XML, smart tags.
_SDT, _SDT_CONTENT = _W + "sdt", _W + "sdtContent"
_TRANSPARENT = {_SDT, _SDT_CONTENT, _W + "customXml", _W + "smartTag"}
# Subtrees whose text is not part of the paragraph: properties, deleted revisions,
# text boxes (they float outside the flow) and the VML copy of drawings.
_PRUNE = {_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "txbxContent", _MC_FALLBACK}

_HEADING_STYLE = re.compile(r"^(?:(?:heading|标题)\s*[1-9]|title|标题)$", re.IGNORECASE)


def read(data: bytes, source: str) -> Document:
    check_zip(data, source)
    try:
        package = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, PackageNotFoundError ...
        raise ReadError(source, f"not a readable Word document ({type(exc).__name__}: {exc})"
                        .splitlines()[0]) from exc
    doc = Document(source=source, file_type="docx")
    # Styles, metadata, each paragraph and each table are read on their own: one that fails is a loss.
    heading_ids = salvage(doc.losses, "heading styles", _heading_style_ids, package, default=set())
    for kind, text, rows, copies in _body_blocks(package.element.body, heading_ids, doc.losses, doc.warnings):
        doc.blocks.append(Block(kind=kind, pos=Position(index=len(doc.blocks)), text=text, rows=rows,
                                copies=copies))
    doc.meta = salvage(doc.losses, "document properties", _core_meta, package, default={})
    doc.images = salvage(doc.losses, "pictures", _body_images, package, default=[])
    return doc


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def _body_images(package) -> list[str]:
    """Package names of the pictures in the body, in document order (a table pasted as a picture)."""
    out: list[str] = []
    related = package.part.related_parts
    for blip in package.element.body.iter(_BLIP):
        part = related.get(blip.get(_EMBED) or "")
        name = str(part.partname).lstrip("/") if part is not None else None
        if name and name not in out:
            out.append(name)
    return out


def _body_blocks(body, heading_ids: set[str], losses: list[str],
                 warnings: list[str]) -> Iterator[tuple[str, str, list[list[str]], list[list[bool]] | None]]:
    tables = itertools.count(1)
    for n, el in enumerate(_flow(body), 1):
        if el.tag == P:
            text = salvage(losses, f"paragraph {n}", _paragraph_text, el, default="")
            if text:
                yield ("heading" if _style_id(el) in heading_ids else "paragraph"), text, [], None
        else:
            yield from _table_blocks(el, tables, losses, warnings)


def _table_blocks(tbl, numbers: Iterator[int], losses: list[str], warnings: list[str]
                  ) -> Iterator[tuple[str, str, list[list[str]], list[list[bool]] | None]]:
    """The table, then every table nested in its cells (depth first)."""
    nested: list = []
    notes: list[str] = []
    copies: list[list[bool]] = []
    number = next(numbers)
    grid = salvage(losses, f"table {number}", _table_grid, tbl, nested, notes, copies, default=None)
    warnings.extend(f"table {number}: {note}" for note in notes)
    if grid is not None:
        yield "table", "", grid, copies if len(copies) == len(grid) else None
    for inner in nested:
        yield from _table_blocks(inner, numbers, losses, warnings)


def _flow(container, wanted: tuple[str, ...] = (P, TBL)) -> Iterator:
    """Children of ``container`` with a tag in ``wanted``, looking through content controls."""
    for child in container:
        if child.tag in wanted:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _flow(child, wanted)


# --- paragraphs -------------------------------------------------------------

def _paragraph_text(p) -> str:
    return join_wrapped(_paragraph_lines(p))


def _paragraph_lines(p) -> list[str]:
    parts: list[str] = []
    _collect_text(p, parts)
    return "".join(parts).split("\n")


def _collect_text(el, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == T:
            parts.append(child.text or "")
        elif tag in (TAB, PTAB):
            parts.append(" ")
        elif tag in (BR, CR):
            parts.append("\n")
        elif tag not in _PRUNE and isinstance(tag, str):
            _collect_text(child, parts)


def _style_id(p) -> str | None:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return None if style is None else style.get(VAL)


def _heading_style_ids(package) -> set[str]:
    """Ids of paragraph styles named Heading N / 标题 N / Title, or based on one."""
    ids = set()
    for style in package.styles:
        base, depth = style, 0
        while base is not None and depth < 10:
            if _HEADING_STYLE.match((base.name or "").strip()):
                ids.add(style.style_id)
                break
            base, depth = getattr(base, "base_style", None), depth + 1
    return ids


# --- tables -----------------------------------------------------------------

def _table_grid(tbl, nested: list, notes: list[str] | None = None,
                copies: list[list[bool]] | None = None) -> list[list[str]]:
    return expand_spans(_span_rows(tbl, nested), notes, copies)


def _span_rows(tbl, nested: list) -> list[list[Cell]]:
    """The table as rows of origin cells (text, rowspan, colspan), HTML style:
    cells continuing a vertical merge are dropped and counted in the rowspan of
    the cell that starts it; ``gridBefore``/``gridAfter`` become empty cells.
    Tables found inside cells are appended to ``nested``."""
    rows: list[list[list]] = []
    open_merges: dict[int, list] = {}  # grid column -> origin cell a vMerge may continue
    for tr in _flow(tbl, (TR,)):
        row: list[list] = []
        still_open: dict[int, list] = {}
        col = _row_property(tr, "gridBefore")
        if col:
            row.append(["", 1, col])
        for tc in _flow(tr, (TC,)):
            span = max(1, _cell_property(tc, "gridSpan", 1))
            merge = _vmerge(tc)
            origin = open_merges.get(col)
            if merge == "continue" and origin is not None and origin[2] == span:
                origin[1] += 1
                still_open[col] = origin
            else:
                # A continuation with nothing matching above keeps the text of what is above, if anything.
                text = origin[0] if merge == "continue" and origin is not None else _cell_text(tc, nested)
                cell = [text, 1, span]
                row.append(cell)
                if merge == "restart":
                    still_open[col] = cell
            col += span
        after = _row_property(tr, "gridAfter")
        if after:
            row.append(["", 1, after])
        rows.append(row)
        open_merges = still_open
    return [[(text, rowspan, colspan) for text, rowspan, colspan in row] for row in rows]


def _cell_text(tc, nested: list) -> str:
    lines: list[str] = []
    for el in _flow(tc):
        if el.tag == P:
            lines.extend(_paragraph_lines(el))
        else:
            nested.append(el)
    return join_wrapped(lines)


def _vmerge(tc) -> str | None:
    el = tc.find(f"{_W}tcPr/{_W}vMerge")
    if el is None:
        return None
    return "restart" if el.get(VAL) == "restart" else "continue"


def _cell_property(tc, name: str, default: int) -> int:
    return _int_val(tc.find(f"{_W}tcPr/{_W}{name}"), default)


def _row_property(tr, name: str) -> int:
    return max(0, _int_val(tr.find(f"{_W}trPr/{_W}{name}"), 0))


def _int_val(el, default: int) -> int:
    try:
        return int(el.get(VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


# --- metadata ---------------------------------------------------------------

def _core_meta(package) -> dict[str, str]:
    props = _core_properties(package)
    if props is None:
        return {}
    meta = {"title": props.title, "author": props.author,
            "created": props.created.isoformat() if props.created else None,
            "modified": props.modified.isoformat() if props.modified else None}
    return {key: value.strip() for key, value in meta.items() if value and value.strip()}


def _core_properties(package):
    """The package's core properties, or None.

    Not ``package.core_properties``: python-docx invents defaults ("Word
    Document", created now) when it finds no relationship of the exact
    transitional type, and LibreOffice writes the .../officedocument/... variant.
    """
    for rel in package.part.package.rels.values():
        if rel.reltype.endswith("/metadata/core-properties") and not rel.is_external:
            return getattr(rel.target_part, "core_properties", None)
    return None
