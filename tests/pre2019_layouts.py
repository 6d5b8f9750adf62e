"""Generated pre-2019 statistics tables: the same truth printed in many layouts and file types.

Rows are drawn from the phrasings real tables use, groups shuffled, values consistent
(历年累计 ≥ this year, a 其中 row ≤ its parent); the renderers of ``pipeline.samples``
print the grid as HTML, DOCX and PDF, and text layouts flatten it (spaced, glued, one row a line).
"""

from __future__ import annotations

import importlib
import io
import random
from dataclasses import dataclass

from docx import Document as DocxDocument
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from pipeline.samples.grid import Grid

# The modules (pipeline.samples re-exports their render_* functions under the same names).
render_html = importlib.import_module("pipeline.samples.render_html")
render_docx = importlib.import_module("pipeline.samples.render_docx")
render_pdf = importlib.import_module("pipeline.samples.render_pdf")

GROUPS = [
    ("主动公开信息数", "条", ["网站公开", "政府公报公开", "其他形式公开"]),
    ("受理依申请公开信息总数", "条", ["当面申请数", "传真申请数", "电子邮件申请数", "网上申请数", "信函申请数"]),
    ("对申请的答复总数", "件", ["同意公开答复数", "同意部分公开答复数", "否决公开答复数"]),
    ("行政复议数", "件", []),
    ("行政诉讼数", "件", []),
    ("行政申诉、举报数", "件", []),
    ("依申请公开收费金额", "元", []),
]
NUMBERING = ["{n}、", "{n}.", "（{n}）"]


@dataclass
class Row:
    label: str          # full label as the reader should report it (parent/own)
    own: str            # own label as printed
    unit: str
    this_year: int
    cumulative: int


def draw(rng: random.Random) -> list[Row]:
    groups = rng.sample(GROUPS, rng.randint(3, len(GROUPS)))
    numbering = rng.choice(NUMBERING)
    rows: list[Row] = []
    for parent, unit, children in groups:
        big = rng.choice([10, 100, 5000])
        this = rng.randint(0, big)
        cum = this + rng.choice([0, rng.randint(1, big * 3)])
        rows.append(Row(parent, parent, unit, this, cum))
        kids = children[: rng.randint(0, len(children))]
        for n, child in enumerate(kids, 1):
            own = ("其中：" if n == 1 else "") + numbering.format(n=n) + child
            t = rng.randint(0, this)
            c = t + rng.randint(0, cum - this) if cum > this else t
            rows.append(Row(f"{parent}/{own}", own, unit, t, min(c, cum)))
    return rows


def grid(rows: list[Row], header: str) -> Grid:
    g = Grid(4, header_rows=1, col_weights=[40, 15, 20, 25])
    for col, text in enumerate(["指标名称", "计量单位", header, "历年累计"]):
        g.add(0, col, text)
    for r, row in enumerate(rows, 1):
        for col, text in enumerate([row.own, row.unit, str(row.this_year), str(row.cumulative)]):
            g.add(r, col, text)
    return g


def grid_with_spans(rows: list[Row], header: str) -> Grid:
    """序号 | 指标名称 over two columns: a parent spans both, a 其中 cell spans its sub-rows."""
    g = Grid(6, header_rows=1, col_weights=[8, 12, 30, 12, 18, 20])
    for col, text, span in [(0, "序号", 1), (1, "指标名称", 2), (3, "计量单位", 1), (4, header, 1), (5, "历年累计", 1)]:
        g.add(0, col, text, colspan=span)
    r = 1
    while r <= len(rows):
        row = rows[r - 1]
        kids = 0
        while r + kids < len(rows) and "/" in rows[r + kids].label:
            kids += 1
        g.add(r, 0, str(r))
        g.add(r, 1, row.own, colspan=2)
        for col, text in [(3, row.unit), (4, str(row.this_year)), (5, str(row.cumulative))]:
            g.add(r, col, text)
        if kids:
            g.add(r + 1, 1, "其中", rowspan=kids)
        for k in range(1, kids + 1):
            child = rows[r - 1 + k]
            g.add(r + k, 0, str(r + k))
            g.add(r + k, 2, child.own.removeprefix("其中："))
            for col, text in [(3, child.unit), (4, str(child.this_year)), (5, str(child.cumulative))]:
                g.add(r + k, col, text)
        r += kids + 1
    return g


def html(g: Grid, rng: random.Random) -> bytes:
    style = render_html._Style.draw(rng, max(g.n_rows, 12))
    style.p_label_noise = 0  # label noise is the HTML reader's business, tested there
    body = render_html._table(g, style, rng)
    return (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body>{style.container}"
            f"<p>{TITLE}</p><p>附件：政府信息公开情况统计表</p>{body}</div></body></html>").encode()


def docx(g: Grid) -> bytes:
    doc = DocxDocument()
    doc.add_paragraph(TITLE)
    render_docx._table(doc, g, "", False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf(g: Grid) -> bytes:
    styles = render_pdf._styles()
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(
        [Paragraph(TITLE, styles["title"]), render_pdf._table(g, 0, "", False, styles)])
    return buf.getvalue()


def text(rows: list[Row], header: str, layout: str) -> bytes:
    head = f"指标名称 计量单位 {header} 历年累计"
    if layout == "lines":
        body = "\n".join(f"{r.own} {r.unit} {r.this_year} {r.cumulative}" for r in rows)
        return f"{TITLE}\n{head}\n{body}\n".encode()
    if layout == "spaced":
        body = " ".join(f"{r.own} {r.unit} {r.this_year} {r.cumulative}" for r in rows)
        return f"{TITLE}\n正文 … 统计表 {head} {body} 附件下载\n".encode()
    body = "".join(f"{r.own}{r.unit}{r.this_year}{r.cumulative}" for r in rows)
    return f"{TITLE}\n统计表 {head.replace(' ', '')}{body}\n".encode()


TITLE = "某某县人民政府2015年政府信息公开工作年度报告"
