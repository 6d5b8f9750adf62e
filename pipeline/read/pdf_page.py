"""What a PDF page holds, read with pypdfium2: characters, ruling lines, images.

pypdfium2 reads a page in a few milliseconds where pdfminer (under pdfplumber)
needs ~40 ms, so every page goes through here and nothing else parses the
content stream. Coordinates are turned into *display* space — origin at the
top-left of the page as a viewer shows it, y growing downwards, the page's
/Rotate and sideways-set text already undone — so that the layout code never
has to think about rotation.
"""

from __future__ import annotations

import ctypes
import itertools
import math
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_broken_rules import joined_dashes, rules_of_pieces
from .radicals import glyph_text

# Font names that mark a heavy face even when the font reports weight 400:
# CJK documents set headings in a Hei (sans) face rather than a bold weight.
_HEAVY_FONT_MARKERS = ("bold", "black", "heavy", "demi", "semibold", "hei", "黑")
# Ruling lines drawn as filled rectangles are at most this thick (pt).
_MAX_RULE_THICKNESS = 2.5
# Share of the font size above the baseline, for a glyph's line box.
ASCENT = 0.85
# Segments drifting less than this (pt) off horizontal/vertical count as axis-aligned.
_AXIS_TOLERANCE = 1.0


@dataclass(slots=True)
class Char:
    """One glyph in display space; ``size`` is the font size in page units."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    heavy: bool
    unmapped: bool = False  # the font has no usable Unicode mapping for it
    confidence: float | None = None  # the recogniser's, for a glyph read by OCR
    turn: int = 0  # quarter turns clockwise from the page's upright text: 1 or 3 in text set sideways

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    rotation: int  # degrees clockwise that were undone to reach display space
    chars: list[Char] = field(default_factory=list)
    # pdfplumber-style edge dicts (x0, x1, top, bottom, width, height, orientation)
    edges: list[dict] = field(default_factory=list)
    image_area: float = 0.0  # display area covered by images, for scanned-page detection
    curved_fills: int = 0  # filled paths with curves: glyphs drawn as outlines, or drawings


class GlyphBoxes:
    """Where a page's characters are drawn, bucketed for lookups by area.

    A path drawn entirely over characters is their ink, not a rule: a PDF that
    sets bold by stroking the glyphs (Word and WPS with a face that has no bold)
    and is then printed through cairo (Linux print dialogs, CUPS, pdftocairo)
    comes back as the text plus each glyph's outline stroked as a path, whose
    straight strokes would otherwise read as dozens of short rules inside a cell."""

    _BUCKET = 32.0  # pt
    _SLACK = 1.5  # pt around a glyph's box: half a heavy stroke, and rounding

    def __init__(self, chars: list[Char]):
        self._chars = chars
        self._buckets: dict[tuple[int, int], list[Char]] | None = None  # built at the first question

    def _bucketed(self) -> dict[tuple[int, int], list[Char]]:
        if self._buckets is None:
            self._buckets = {}
            for ch in self._chars:
                if ch.x1 > ch.x0:
                    for key in self._keys(ch.x0, ch.top, ch.x1, ch.bottom):
                        self._buckets.setdefault(key, []).append(ch)
        return self._buckets

    def _keys(self, x0: float, top: float, x1: float, bottom: float):
        b = self._BUCKET
        for i in range(int(x0 // b), int(x1 // b) + 1):
            for j in range(int(top // b), int(bottom // b) + 1):
                yield i, j

    def cover(self, x0: float, top: float, x1: float, bottom: float) -> bool:
        """True when the box lies inside the span of the characters it touches."""
        s = self._SLACK
        buckets = self._bucketed()
        touched = {id(ch): ch for key in self._keys(x0, top, x1, bottom) for ch in buckets.get(key, ())
                   if ch.x0 - s < x1 and ch.x1 + s > x0 and ch.top - s < bottom and ch.bottom + s > top}
        if not touched:
            return False
        chars = touched.values()
        return (min(c.x0 for c in chars) - s <= x0 and max(c.x1 for c in chars) + s >= x1
                and min(c.top for c in chars) - s <= top and max(c.bottom for c in chars) + s >= bottom)


class _Transform:
    """Maps PDF user space (y up, unrotated) to display space for one page."""

    def __init__(self, box: tuple[float, float, float, float], rotation: int):
        self.x0, self.y0, self.x1, self.y1 = box
        self.rotation = rotation % 360
        w, h = self.x1 - self.x0, self.y1 - self.y0
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        r = self.rotation
        if r == 0:
            return x - self.x0, self.y1 - y
        if r == 90:
            return y - self.y0, x - self.x0
        if r == 180:
            return self.x1 - x, y - self.y0
        return self.y1 - y, self.x1 - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(left, bottom), self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def glyph(self, ink: tuple, loose: tuple, origin: tuple) -> tuple[float, float, float, float, float, float]:
        """A glyph's display-space x extents of its ink and loose boxes, and its
        origin: ``box(*ink)[0::2] + box(*loose)[0::2] + point(*origin)``, in one call
        per glyph (a page has thousands); upright pages take a shortcut."""
        if self.rotation == 0:
            x0 = self.x0
            a, b, c, d = ink[0] - x0, ink[2] - x0, loose[0] - x0, loose[2] - x0
            return min(a, b), max(a, b), min(c, d), max(c, d), origin[0] - x0, self.y1 - origin[1]
        ix0, _, ix1, _ = self.box(*ink)
        lx0, _, lx1, _ = self.box(*loose)
        return ix0, ix1, lx0, lx1, *self.point(*origin)


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    """Read one page's characters, edges and images into display space."""
    textpage = page.get_textpage()
    try:
        raw_chars = _raw_chars(textpage)
    finally:
        textpage.close()
    box = page.get_cropbox()
    # Turn the page so that most of its text is upright: that undoes /Rotate
    # (whose text is set sideways in PDF space) and also sideways tables
    # printed on an unrotated portrait sheet. Pages without text keep /Rotate.
    rotation = _dominant_text_angle(raw_chars) if raw_chars else page.get_rotation()
    tf = _Transform(box, rotation)
    content = PageContent(number, tf.width, tf.height, rotation)
    quarters = rotation // 90
    for text, ink, loose, origin, size, heavy, unmapped, angle in raw_chars:
        # Horizontal extent from the glyph's advance (pdfium's loose box), or
        # its ink where the loose box is absurd (pdfium gets it wrong for glyphs
        # set one per line, as in vertical labels); vertical extent from the
        # baseline and size, which do not vary from glyph to glyph.
        x0, x1, lx0, lx1, base_x, baseline = tf.glyph(ink, loose, origin)
        size = size or (lx1 - lx0) or 1.0
        if lx0 <= x0 + 0.5 and lx1 >= x1 - 0.5 and lx1 - lx0 <= 1.5 * size:
            x0, x1 = lx0, lx1
        if x1 <= x0:  # a space has no ink
            x0 = x1 = base_x
        top, bottom = baseline - ASCENT * size, baseline + (1 - ASCENT) * size
        turn = (round(angle / _QUARTER_TURN) + quarters) % 4 if angle >= 0 else 0  # (-1: not known)
        if turn % 2:  # set sideways: the baseline runs down the glyph, whose box is its advance's
            x0, top, x1, bottom = tf.box(*loose)
        content.chars.append(Char(glyph_text(text), x0, top, x1, bottom, size, heavy, unmapped, turn=turn))
    drawing = _Drawing(tf, content, GlyphBoxes(content.chars))
    _read_objects(page, drawing)
    content.edges = joined_dashes(content.edges + rules_of_pieces(drawing.pieces))
    _keep_on_page(content)
    return content


def _raw_chars(textpage: pdfium.PdfTextPage) -> list[tuple]:
    """(text, ink box, loose box, origin, size, heavy, unmapped, angle) per real
    glyph, in PDF space; boxes as (left, bottom, right, top)."""
    tp = textpage.raw
    out = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    name_buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    heavy_by_font: dict[bytes, bool] = {}
    has_map_error = hasattr(pdfium_c, "FPDFText_HasUnicodeMapError")
    # Ten pdfium calls per glyph: the functions and the by-reference arguments are
    # looked up and made once per page, not once per glyph.
    box_refs = tuple(ctypes.byref(v) for v in (left, right, bottom, top))
    origin_refs = ctypes.byref(ox), ctypes.byref(oy)
    rect_ref, flags_ref, matrix_ref, name_len = ctypes.byref(rect), ctypes.byref(flags), ctypes.byref(matrix), 128
    is_generated, get_unicode = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetUnicode
    get_char_box, get_char_origin = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetCharOrigin
    get_loose_box, get_font_info = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontInfo
    get_font_weight, get_char_angle = pdfium_c.FPDFText_GetFontWeight, pdfium_c.FPDFText_GetCharAngle
    get_matrix, get_font_size = pdfium_c.FPDFText_GetMatrix, pdfium_c.FPDFText_GetFontSize
    map_error = pdfium_c.FPDFText_HasUnicodeMapError if has_map_error else None
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        if is_generated(tp, i):
            continue  # spaces and line breaks pdfium inserts on its own
        code = get_unicode(tp, i)
        if code in (0x0A, 0x0D):
            continue
        get_char_box(tp, i, *box_refs)
        get_char_origin(tp, i, *origin_refs)
        get_loose_box(tp, i, rect_ref)
        get_font_info(tp, i, name_buf, name_len, flags_ref)
        font = name_buf.value
        heavy = heavy_by_font.get(font)
        if heavy is None:
            lowered = font.decode("utf-8", "replace").lower()
            heavy = any(m in lowered for m in _HEAVY_FONT_MARKERS)
            heavy_by_font[font] = heavy
        heavy = heavy or get_font_weight(tp, i) >= 600
        unmapped = bool(map_error is not None and map_error(tp, i) == 1)
        text = chr(code) if 0 < code < 0x110000 else "\ufffd"
        angle = get_char_angle(tp, i)
        # The nominal font size ignores the text and graphics matrices (WPS
        # sets 319 pt text under a 0.05 scale); their scale gives the real size.
        get_matrix(tp, i, matrix_ref)
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        size = get_font_size(tp, i) * scale
        out.append((text, (left.value, bottom.value, right.value, top.value),
                    (rect.left, rect.bottom, rect.right, rect.top), (ox.value, oy.value),
                    size, heavy, unmapped, angle))
    return out


def _quarter_turns(angle: float) -> int:
    """pdfium's glyph angle (radians, clockwise) in quarter turns, 0-3."""
    return round(angle / _QUARTER_TURN) % 4


def _dominant_text_angle(raw_chars: list[tuple]) -> int:
    """The rotation (0/90/180/270, clockwise) that sets most glyphs upright."""
    votes = [0, 0, 0, 0]
    for text, *_, angle in raw_chars:
        if angle < 0 or text.isspace():
            continue
        votes[_quarter_turns(angle)] += 1
    # pdfium measures the angle clockwise (in device space, y down), the same
    # sense as /Rotate: text at 90° is upright on a page turned by 90°.
    return (4 - max(range(4), key=votes.__getitem__)) % 4 * 90


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_QUARTER_TURN = math.pi / 2
# A path drawing glyphs' ink has at least this many points (a CJK glyph's outline has dozens).
_MIN_GLYPH_PATH_POINTS = 16
_MAX_FORM_DEPTH = 8  # nesting levels of form XObjects read (deeper ones are not descended into)
_DRAWN = (pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)


@dataclass(slots=True)
class _Drawing:
    """Reading a page's drawn objects into ``content``: where its glyphs are (a path over them
    is their ink), and the boxes too small to be rules (dots, short dashes) gathered on the way."""

    tf: _Transform
    content: PageContent
    glyphs: GlyphBoxes
    pieces: list[tuple] = field(default_factory=list)


def _read_objects(page: pdfium.PdfPage, drawing: _Drawing) -> None:
    """Collect visible ruling lines and image area, descending into form XObjects."""
    # Through pdfium's own calls: a page holds thousands of text objects, which
    # are skipped on their type alone, without a Python wrapper or a matrix each.
    _read_children(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY, 0,
                   drawing, pdfium_c.FS_MATRIX())


def _read_children(parent, count_objects, get_object, parent_matrix: tuple, level: int, drawing: _Drawing,
                   fs_matrix) -> None:
    n = count_objects(parent)
    if n < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    get_type, get_matrix, matrix_ref = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetMatrix, ctypes.byref(fs_matrix)
    for i in range(n):
        obj = get_object(parent, i)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = get_type(obj)
        if kind not in _DRAWN:
            continue
        if not get_matrix(obj, matrix_ref):
            raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
        m = fs_matrix
        matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), parent_matrix)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if level < _MAX_FORM_DEPTH - 1:
                _read_children(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, matrix,
                               level + 1, drawing, fs_matrix)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            drawing.content.edges.extend(_path_edges(obj, matrix, drawing))
        else:
            corners = [_apply(matrix, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            drawing.content.image_area += (max(xs) - min(xs)) * (max(ys) - min(ys))


def _keep_on_page(content: PageContent) -> None:
    """Drop what lies off the page and clip rules to it: a renderer that cuts a
    table at a page break (wkhtmltopdf) draws the rest of the table's rules, and
    text, past the page's edge, where the page shows nothing."""
    w, h = content.width, content.height
    content.chars = [c for c in content.chars if 0 <= c.cx <= w and 0 <= c.cy <= h]
    kept = []
    for e in content.edges:
        x0, x1, top, bottom = max(e["x0"], 0.0), min(e["x1"], w), max(e["top"], 0.0), min(e["bottom"], h)
        if e["orientation"] == "h" and e["top"] == top == bottom and x1 - x0 > _AXIS_TOLERANCE:
            kept.append({**e, "x0": x0, "x1": x1, "width": x1 - x0})
        elif e["orientation"] == "v" and e["x0"] == x0 == x1 and bottom - top > _AXIS_TOLERANCE:
            kept.append({**e, "top": top, "bottom": bottom, "height": bottom - top})
    content.edges = kept


def _compose(inner: tuple, outer: tuple) -> tuple:
    """Matrix product inner × outer in PDF's row-vector convention."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _visible(get_color, obj) -> bool:
    """False for white or fully transparent paint (invisible on paper)."""
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not get_color(obj, *[ctypes.byref(v) for v in rgba]):
        return True
    r, g, b, a = (v.value for v in rgba)
    return a > 0 and min(r, g, b) < 235


def _path_edges(obj, matrix: tuple, drawing: _Drawing) -> list[dict]:
    """Edges a path draws: stroked axis-aligned segments, and thin filled
    rectangles (rules drawn as boxes). Wide filled boxes are cell shading or
    paragraph backgrounds, never table structure; white paint is invisible
    (Word/WPS frame every paragraph line with white boxes). A filled path with
    curves is counted on the page (text converted to outlines has many)."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return []
    stroked = bool(stroke.value) and _visible(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
    filled = fill_mode.value != 0 and _visible(pdfium_c.FPDFPageObj_GetFillColor, obj)
    if not (stroked or filled):
        return []
    edges: list[dict] = []
    counted = False
    subpaths = list(_subpaths(obj, matrix, drawing.tf))
    if _over_glyphs(subpaths, drawing.glyphs):
        return []
    for points, curved in subpaths:
        if filled and curved and not counted:
            drawing.content.curved_fills += 1
            counted = True
        if stroked and not curved:
            for (ax, ay), (bx, by) in itertools.pairwise(points):
                edge = _edge(ax, ay, bx, by)
                if edge:
                    edges.append(edge)
        elif filled and not curved and (box := _rect(points)):
            rule = _thin_rect_rule(box)
            if rule:
                edges.append(rule)
            elif _small(box):
                drawing.pieces.append(box)
    return edges


def _over_glyphs(subpaths: list, glyphs: GlyphBoxes) -> bool:
    """A path of many points, every one over characters, draws their ink. A
    rule, a cell's box or a row of boxes has a few points each, and reaches
    past the text it frames."""
    xs = [x for points, _ in subpaths for x, _ in points]
    if len(xs) < _MIN_GLYPH_PATH_POINTS or _boxes_in_a_row(subpaths):
        return False
    ys = [y for points, _ in subpaths for _, y in points]
    return glyphs.cover(min(xs), min(ys), max(xs), max(ys))


def _boxes_in_a_row(subpaths: list) -> bool:
    """Every subpath a box, all on one centre line: the dashes of a broken rule (a cell's
    dashed border drawn as one path), which a cell's text may touch on both sides."""
    boxes = [None if curved else _rect(points) for points, curved in subpaths]
    if None in boxes:
        return False
    return any(max(centres) - min(centres) <= _AXIS_TOLERANCE
               for centres in ([(b[1] + b[3]) / 2 for b in boxes], [(b[0] + b[2]) / 2 for b in boxes]))


def _subpaths(obj, matrix: tuple, tf: _Transform):
    """Yield (display-space points, has_curves) per subpath; closed subpaths
    repeat their first point at the end."""
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    curved = False
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        pt = tf.point(*_apply(matrix, x.value, y.value))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                yield points, curved
            points, curved = [pt], False
            continue
        curved |= kind == pdfium_c.FPDF_SEGMENT_BEZIERTO
        points.append(pt)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and points[0] != pt:
            points.append(points[0])
    if len(points) > 1:
        yield points, curved


def _edge(ax: float, ay: float, bx: float, by: float) -> dict | None:
    if abs(ay - by) <= _AXIS_TOLERANCE and abs(ax - bx) > _AXIS_TOLERANCE:
        y = (ay + by) / 2
        x0, x1 = sorted((ax, bx))
        return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                "orientation": "h"}
    if abs(ax - bx) <= _AXIS_TOLERANCE and abs(ay - by) > _AXIS_TOLERANCE:
        x = (ax + bx) / 2
        top, bottom = sorted((ay, by))
        return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
                "height": bottom - top, "orientation": "v"}
    return None


def _rect(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """The (x0, top, x1, bottom) box of a subpath of four or five points (a rectangle, closed
    or not); None for any other subpath."""
    if not 4 <= len(points) <= 5:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _small(box: tuple[float, float, float, float]) -> bool:
    """No bigger than a rule is thick, either way: a dot or a short dash of a broken rule."""
    return box[2] - box[0] <= _MAX_RULE_THICKNESS and box[3] - box[1] <= _MAX_RULE_THICKNESS


def _thin_rect_rule(box: tuple[float, float, float, float]) -> dict | None:
    x0, top, x1, bottom = box
    w, h = x1 - x0, bottom - top
    if h <= _MAX_RULE_THICKNESS < w:
        return _edge(x0, (top + bottom) / 2, x1, (top + bottom) / 2)
    if w <= _MAX_RULE_THICKNESS < h:
        return _edge((x0 + x1) / 2, top, (x0 + x1) / 2, bottom)
    return None
