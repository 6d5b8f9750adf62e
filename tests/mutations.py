"""Damaged report files with known truth, for the never-crash property test.

A *base* is a report file whose every cell is known: a generated sample (its
numbers are the truth) or a shared real document (its unmutated extraction is
the truth). A *mutation* damages the file the way producers, CMS editors and
transfers do: a cell removed or emptied, a row duplicated or moved, spans that
contradict each other, text split over runs, ruling lines missing or clipped,
pages reordered, the file cut short. Mutations are registered per file kind;
each takes the bytes and a ``random.Random`` and returns new bytes (unchanged
when the file offers no target).
"""

from __future__ import annotations

import copy
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium
from conftest import CORPUS
from lxml import etree

from pipeline.extract import extract_bytes
from pipeline.read.encoding import decode_html
from pipeline.samples import make_report, render_docx, render_html, render_pdf, render_text
from pipeline.samples.render_dump import render_dump

Key = tuple[str, str, str]  # (table, row, column)
Mutation = Callable[[bytes, random.Random], bytes]


@dataclass(frozen=True, repr=False)
class Base:
    name: str
    kind: str  # html, docx, pdf, txt
    data: bytes
    truth: dict[Key, int | float | None]

    def __repr__(self) -> str:  # Hypothesis prints failing examples: the name is enough
        return f"Base({self.name!r})"


# --- bases ------------------------------------------------------------------

RENDERERS = {"html": render_html, "docx": render_docx, "pdf": render_pdf, "txt": render_text}
GENERATED_SEEDS = range(6)
REAL = {"html": ["sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm",
                 "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202103/t20210305_80595.htm",
                 "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202202/t20220208_80613.htm",
                 "sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm"],
        "pdf": ["reports/huaian-city-gov-2024.pdf", "reports/huaian-hongze-district-gov-2023.pdf",
                "reports/huaian-hongze-district-gov-2024.pdf"],
        "txt": ["reports/yima-xinfang-2024.txt"],
        "docx": []}


@cache
def generated(kind: str, seed: int) -> Base:
    rng = random.Random(seed)
    report = make_report(rng, "2019" if seed % 2 else "2021")
    if kind == "pdf":
        data = _uncompressed_pdf(report, rng)
    else:
        data = RENDERERS[kind](report, rng)
    truth = report.to_json()
    cells = {(t, r, c): v for t in ("table2", "table3", "table4") for r, cols in truth[t].items()
             for c, v in cols.items()}
    return Base(f"generated-{kind}-{seed}", kind, data, cells)


@cache
def single_spaced(seed: int) -> Base:
    """A text dump that prints each row on a line, its cells one space apart (pdfplumber's plain text)."""
    rng = random.Random(seed)
    report = make_report(rng, "2019" if seed % 2 else "2021")
    data = render_dump(report, rng, "single_spaced", blank=rng.choice(["-", "/"]))
    truth = report.to_json()
    cells = {(t, r, c): v for t in ("table2", "table3", "table4") for r, cols in truth[t].items()
             for c, v in cols.items()}
    return Base(f"single-spaced-{seed}", "txt", data, cells)


def _uncompressed_pdf(report, rng: random.Random) -> bytes:
    """The sample PDF with plain content streams, so that its drawing operators can be edited."""
    from reportlab import rl_config

    saved, rl_config.pageCompression = rl_config.pageCompression, 0
    try:
        return render_pdf(report, rng)
    finally:
        rl_config.pageCompression = saved


@cache
def real(rel: str) -> Base | None:
    path = CORPUS / rel
    if not path.is_file():
        return None
    data = path.read_bytes()
    ex = extract_bytes(data, path.name, hint=path.suffix.lstrip("."))
    truth = {(c.table, c.row, c.column): c.value for c in ex.cells if not c.problem}
    return Base(rel, path.suffix.lstrip(".").replace("htm", "html"), data, truth)


def bases(kind: str) -> list[Base]:
    found = [real(rel) for rel in REAL[kind]]
    spaced = [single_spaced(s) for s in GENERATED_SEEDS] if kind == "txt" else []
    return [generated(kind, s) for s in GENERATED_SEEDS] + spaced + [b for b in found if b is not None]


# --- shared byte-level mutations -----------------------------------------------

def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) // 4, len(data))]


# --- HTML (edited as a tree) ------------------------------------------------------

def _html_edit(edit: Callable[[etree._Element, random.Random], None]) -> Mutation:
    def mutate(data: bytes, rnd: random.Random) -> bytes:
        root = etree.fromstring(decode_html(data)[0].encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
        edit(root, rnd)
        return etree.tostring(root, method="html", encoding="utf-8")
    return mutate


def _pick(rnd: random.Random, items: list):
    return rnd.choice(items) if items else None


def _remove(el) -> None:
    if el is not None and el.getparent() is not None:
        el.getparent().remove(el)


def _duplicate(el) -> None:
    if el is not None and el.getparent() is not None:
        el.addnext(copy.deepcopy(el))


def _move(el, rnd: random.Random) -> None:
    if el is None or el.getparent() is None:
        return
    siblings = [s for s in el.getparent() if s.tag == el.tag and s is not el]
    if siblings:
        target = rnd.choice(siblings)
        el.getparent().remove(el)
        target.addnext(el)


def _set_text(el, text: str) -> None:
    if el is None:
        return
    for child in list(el):
        el.remove(child)
    el.text = text


SPANS = ["0", "-1", "abc", "2", "3", "7", "1000", "", "2.5", " 2"]


def _html_bad_span(root, rnd) -> None:
    td = _pick(rnd, root.xpath("//td"))
    if td is not None:
        td.set(rnd.choice(["rowspan", "colspan"]), rnd.choice(SPANS))


def _html_split_text(root, rnd) -> None:
    """A cell's text split over two <span>s (Word pastes one per run): the values must not change."""
    texts = [t for t in root.xpath("//td//text()") if len(t.strip()) > 1 and t.is_text]
    t = _pick(rnd, texts)
    if t is None:
        return
    parent, s = t.getparent(), str(t)
    i = rnd.randrange(1, len(s))
    span1, span2 = etree.Element("span"), etree.Element("span")
    span1.text, span2.text = s[:i], s[i:]
    parent.text = None
    parent.insert(0, span1)
    span1.addnext(span2)


DEGENERATE_TABLES = ["<table></table>", "<table><tr></tr></table>", "<table><tr><td></td></tr></table>",
                     "<table><tr><td colspan='9' rowspan='0'>本年新收</td></tr><tr></tr></table>",
                     "<table><tbody></tbody><tr><th>行政复议</th><td>维持</td></tr></table>"]


def _html_degenerate_table(root, rnd) -> None:
    anchor = _pick(rnd, root.xpath("//p | //table | //td"))
    if anchor is not None:
        anchor.addnext(etree.fromstring(rnd.choice(DEGENERATE_TABLES), etree.HTMLParser()).find(".//table"))


def _html_wrap_table(root, rnd) -> None:
    """A table moved into a cell of a one-cell layout table."""
    table = _pick(rnd, root.xpath("//table"))
    if table is None or table.getparent() is None:
        return
    wrapper = etree.fromstring("<table><tr><td></td></tr></table>", etree.HTMLParser()).find(".//table")
    table.addprevious(wrapper)
    wrapper.find(".//td").append(table)


HTML: dict[str, Mutation] = {
    "remove_cell": _html_edit(lambda root, rnd: _remove(_pick(rnd, root.xpath("//td")))),
    "clear_cell": _html_edit(lambda root, rnd: _set_text(_pick(rnd, root.xpath("//td")), "")),
    "remove_row": _html_edit(lambda root, rnd: _remove(_pick(rnd, root.xpath("//tr")))),
    "duplicate_row": _html_edit(lambda root, rnd: _duplicate(_pick(rnd, root.xpath("//tr")))),
    "move_row": _html_edit(lambda root, rnd: _move(_pick(rnd, root.xpath("//tr")), rnd)),
    "bad_span": _html_edit(_html_bad_span),
    "split_text": _html_edit(_html_split_text),
    "degenerate_table": _html_edit(_html_degenerate_table),
    "wrap_table": _html_edit(_html_wrap_table),
    "truncate": truncate,
}


# --- DOCX (word/document.xml edited as a tree) --------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NS = {"w": W[1:-1]}


def _docx_edit(edit: Callable[[etree._Element, random.Random], None]) -> Mutation:
    def mutate(data: bytes, rnd: random.Random) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(data))
        root = etree.fromstring(src.read("word/document.xml"))
        edit(root, rnd)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                body = etree.tostring(root) if item.filename == "word/document.xml" else src.read(item.filename)
                dst.writestr(item, body)
        return out.getvalue()
    return mutate


def _w(tag: str, **attrs) -> etree._Element:
    el = etree.Element(W + tag)
    for k, v in attrs.items():
        el.set(W + k, v)
    return el


def _properties(el, tag: str) -> etree._Element:
    props = el.find(W + tag)
    if props is None:
        props = _w(tag)
        el.insert(0, props)
    return props


def _docx_set(root, rnd, parent_xpath: str, props: str, name: str, values: list[str]) -> None:
    el = _pick(rnd, root.xpath(parent_xpath, namespaces=_NS))
    if el is None:
        return
    holder = _properties(el, props)
    _remove(holder.find(W + name))
    value = rnd.choice(values)
    holder.append(_w(name) if value is None else _w(name, val=value))


def _docx_split_run(root, rnd) -> None:
    """A cell's text split over two runs: the values must not change."""
    t = _pick(rnd, [t for t in root.xpath("//w:tc//w:t", namespaces=_NS) if t.text and len(t.text) > 1])
    if t is None:
        return
    run = t.getparent()
    i = rnd.randrange(1, len(t.text))
    second = copy.deepcopy(run)
    for el in second.iter(W + "t"):
        el.text = t.text[i:]
    t.text = t.text[:i]
    run.addnext(second)


def _docx_clear_cell(root, rnd) -> None:
    tc = _pick(rnd, root.xpath("//w:tc", namespaces=_NS))
    for t in [] if tc is None else tc.xpath(".//w:t", namespaces=_NS):
        _remove(t)


def _docx_degenerate_table(root, rnd) -> None:
    anchor = _pick(rnd, root.xpath("//w:body/w:p | //w:body/w:tbl", namespaces=_NS))
    if anchor is None:
        return
    tbl = _w("tbl")
    for _ in range(rnd.randrange(3)):
        tr = tbl.makeelement(W + "tr")
        tbl.append(tr)
        for _ in range(rnd.randrange(3)):
            tc = _w("tc")
            if rnd.random() < 0.3:
                _properties(tc, "tcPr").append(_w("gridSpan"))  # a gridSpan without a value
            tr.append(tc)
    anchor.addnext(tbl)


DOCX: dict[str, Mutation] = {
    "remove_cell": _docx_edit(lambda root, rnd: _remove(_pick(rnd, root.xpath("//w:tc", namespaces=_NS)))),
    "clear_cell": _docx_edit(_docx_clear_cell),
    "remove_row": _docx_edit(lambda root, rnd: _remove(_pick(rnd, root.xpath("//w:tr", namespaces=_NS)))),
    "duplicate_row": _docx_edit(lambda root, rnd: _duplicate(_pick(rnd, root.xpath("//w:tr", namespaces=_NS)))),
    "move_row": _docx_edit(lambda root, rnd: _move(_pick(rnd, root.xpath("//w:tr", namespaces=_NS)), rnd)),
    "bad_grid_span": _docx_edit(lambda root, rnd: _docx_set(root, rnd, "//w:tc", "tcPr", "gridSpan",
                                                            ["0", "-1", "x", "2", "7", "1000"])),
    "bad_vmerge": _docx_edit(lambda root, rnd: _docx_set(root, rnd, "//w:tc", "tcPr", "vMerge",
                                                         ["restart", "continue", None, "bogus"])),
    "bad_grid_before_after": _docx_edit(lambda root, rnd: _docx_set(
        root, rnd, "//w:tr", "trPr", rnd.choice(["gridBefore", "gridAfter"]), ["0", "1", "3", "-2", "x", "500"])),
    "split_run": _docx_edit(_docx_split_run),
    "degenerate_table": _docx_edit(_docx_degenerate_table),
    "truncate": truncate,
}


# --- PDF (content-stream operators blanked or edited in place; pages rearranged) -------

_RULE = re.compile(rb"n [-\d.]+ [-\d.]+ m [-\d.]+ [-\d.]+ l S")
_TEXT = re.compile(rb"BT 1 0 0 1 [-\d.]+ [-\d.]+ Tm /F\d+ [\d.]+ Tf [\d.]+ TL \([^)]*\) Tj T\* ET")
_NUMBER = re.compile(rb"\d+(?:\.\d+)?")


def _blank(data: bytes, pattern: re.Pattern, rnd: random.Random, n: int) -> bytes:
    """``n`` random matches overwritten with spaces: same length, so the xref stays valid."""
    found = list(pattern.finditer(data))
    out = bytearray(data)
    for m in rnd.sample(found, min(n, len(found))):
        out[m.start():m.end()] = b" " * (m.end() - m.start())
    return bytes(out)


def _pdf_remove_rules(data: bytes, rnd: random.Random) -> bytes:
    return _blank(data, _RULE, rnd, rnd.randint(1, 4))


def _pdf_remove_text(data: bytes, rnd: random.Random) -> bytes:
    return _blank(data, _TEXT, rnd, rnd.randint(1, 3))


def _pdf_clip_rules(data: bytes, rnd: random.Random) -> bytes:
    """Coordinates of a few ruling lines replaced by other numbers of the same width:
    lines cut short, overshooting or crossing other cells."""
    out = bytearray(data)
    rules = list(_RULE.finditer(data))
    for rule in rnd.sample(rules, min(len(rules), rnd.randint(1, 3))):
        numbers = list(_NUMBER.finditer(rule.group()))
        m = rnd.choice(numbers)
        new = bytes(ch if ch == ord(".") else rnd.choice(b"0123456789") for ch in m.group())
        out[rule.start() + m.start(): rule.start() + m.end()] = new
    return bytes(out)


def _pdf_pages(order: Callable[[int, random.Random], list[int]]) -> Mutation:
    def mutate(data: bytes, rnd: random.Random) -> bytes:
        src = pdfium.PdfDocument(data)
        try:
            pages = order(len(src), rnd)
            dst = pdfium.PdfDocument.new()
            dst.import_pages(src, pages)
            buf = io.BytesIO()
            dst.save(buf)
            dst.close()
        finally:
            src.close()
        return buf.getvalue()
    return mutate


def _shuffled(n: int, rnd: random.Random) -> list[int]:
    pages = list(range(n))
    rnd.shuffle(pages)
    return pages


def _one_repeated(n: int, rnd: random.Random) -> list[int]:
    pages = list(range(n))
    i = rnd.randrange(n)
    return pages[: i + 1] + [i] + pages[i + 1:]


PDF: dict[str, Mutation] = {
    "remove_rules": _pdf_remove_rules,
    "clip_rules": _pdf_clip_rules,
    "remove_text": _pdf_remove_text,
    "reorder_pages": _pdf_pages(_shuffled),
    "duplicate_page": _pdf_pages(_one_repeated),
    "truncate": truncate,
}
# Operator edits need the plain content streams of the generated PDFs; rearranging
# pages and cutting the file work on any PDF, and always come after the edits.
PDF_PAGE_LEVEL = ("reorder_pages", "duplicate_page", "truncate")


# --- text (lines of pipe tables, or of cells one space apart) -----------------------------

def _text_edit(edit: Callable[[list[str], random.Random], None]) -> Mutation:
    def mutate(data: bytes, rnd: random.Random) -> bytes:
        lines = data.decode("utf-8").split("\n")
        edit(lines, rnd)
        return "\n".join(lines).encode("utf-8")
    return mutate


_SPACED_ROW = re.compile(r"\S \d+(?:\.\d+)?$")  # a row of a single-spaced dump: label, then numbers


def _table_line(lines: list[str], rnd: random.Random) -> int | None:
    rows = [i for i, line in enumerate(lines) if line.startswith("|") or _SPACED_ROW.search(line)]
    return rnd.choice(rows) if rows else None


def _text_cell(lines: list[str], rnd: random.Random, replace: Callable[[list[str], int], None]) -> None:
    i = _table_line(lines, rnd)
    if i is None:
        return
    sep = "|" if lines[i].startswith("|") else " "
    cells = lines[i].split(sep)
    if len(cells) > 2:
        replace(cells, rnd.randrange(1, len(cells) - 1))
        lines[i] = sep.join(cells)


def _text_row(lines: list[str], rnd: random.Random, how: str) -> None:
    i = _table_line(lines, rnd)
    if i is None:
        return
    if how == "remove":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    else:
        line = lines.pop(i)
        j = _table_line(lines, rnd)
        lines.insert(i if j is None else j, line)


TEXT: dict[str, Mutation] = {
    "remove_cell": _text_edit(lambda lines, rnd: _text_cell(lines, rnd, lambda cells, j: cells.pop(j))),
    "clear_cell": _text_edit(lambda lines, rnd: _text_cell(lines, rnd, lambda cells, j: cells.__setitem__(j, " "))),
    "remove_row": _text_edit(lambda lines, rnd: _text_row(lines, rnd, "remove")),
    "duplicate_row": _text_edit(lambda lines, rnd: _text_row(lines, rnd, "duplicate")),
    "move_row": _text_edit(lambda lines, rnd: _text_row(lines, rnd, "move")),
    "degenerate_table": _text_edit(lambda lines, rnd: lines.insert(rnd.randrange(len(lines)),
                                                                   rnd.choice(["||", "| |", "|-|", "|||||"]))),
    "truncate": truncate,
}

MUTATIONS: dict[str, dict[str, Mutation]] = {"html": HTML, "docx": DOCX, "pdf": PDF, "txt": TEXT}
# Damage whose open defect is left out of the property test until it is fixed (none now: a
# missing or clipped rule between two PDF rows joined their numbers, '17' over '33' as 1733,
# until a wrapped number had to fill its cell's width first).
OPEN: dict[str, set[str]] = {}
# Mutations that keep every printed value where it was and every table whole: the extraction
# must then hold every value of the truth. (Reordered pages separate a table from its
# continuation, and an empty table between two parts of one splits it: values may be lost.)
HARMLESS = {"split_text", "split_run", "wrap_table"}


def applicable(base: Base, names: list[str]) -> list[str]:
    """The mutations in an order that can be applied to ``base``: cutting the file last,
    page-level PDF edits after operator edits (and only those on a real, compressed PDF)."""
    if base.kind == "pdf" and not base.name.startswith("generated"):
        names = [n for n in names if n in PDF_PAGE_LEVEL]
    last = PDF_PAGE_LEVEL if base.kind == "pdf" else ("truncate",)
    return [n for n in names if n not in last] + [n for n in last if n in names]


def mutate(base: Base, names: list[str], rnd: random.Random) -> bytes:
    data = base.data
    for name in names:
        data = MUTATIONS[base.kind][name](data, rnd)
    return data
