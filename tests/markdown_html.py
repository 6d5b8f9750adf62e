"""Markdown whose tables are HTML: what PDF→markdown converters with a table model print.

MinerU prints each table as ``<html><body><table>…</table></body></html>`` on one line, its
merged cells as rowspan/colspan; marker, olmOCR and vision-LLM transcriptions print a table with
merged cells as indented HTML (``<th>`` heads, ``<br>`` line breaks), plain tables as pipe rows;
pandoc's gfm keeps a table it cannot draw with pipes as HTML. The text around the tables is
markdown. Members are made from a document's blocks (its paragraphs and span-expanded tables, as
the HTML reader gives them), so the truth is the document's own.
"""

from __future__ import annotations

import html
import itertools
import random

from pipeline.document import Block

STYLES = ("mineru", "indented", "marker", "expanded")


def markdown_with_html_tables(blocks: list[Block], style: str, rng: random.Random,
                              split_tables: bool = False) -> str:
    """``blocks`` as markdown with HTML tables in ``style``; ``split_tables``: a long table is cut
    in two at a random row (a page break), a page number between."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            out.append(f"{'#' * rng.choice((1, 2, 3))} {block.text}")
        elif block.kind == "paragraph":
            out.append(block.text)
        elif block.rows:
            copies = block.copies or [[False] * len(row) for row in block.rows]
            cuts = [0, len(block.rows)]
            if split_tables and len(block.rows) > 8:
                cuts.insert(1, rng.randrange(3, len(block.rows) - 2))
            for k, (a, b) in enumerate(itertools.pairwise(cuts)):
                if k:
                    out.append(f"- {rng.randint(2, 9)} -")
                # A span cut by the page break goes on below as a cell of its own (the copies in the
                # part's first row that are not of a cell to their left).
                part = [row[:] for row in copies[a:b]]
                first = block.rows[a]
                part[0] = [f and c > 0 and first[c] == first[c - 1] for c, f in enumerate(part[0])]
                out.append(_table(block.rows[a:b], part, style, rng))
    return "\n\n".join(out) + "\n"


def _table(rows: list[list[str]], copies: list[list[bool]], style: str, rng: random.Random) -> str:
    if style == "marker" and not any(map(any, copies)):
        return _pipe_table(rows)
    spans = _spans(rows, copies) if style != "expanded" else {(r, c): (1, 1) for r, row in enumerate(rows)
                                                              for c in range(len(row))}
    heads = 1 if style == "indented" else 0
    trs = []
    for r, row in enumerate(rows):
        tds = []
        for c, text in enumerate(row):
            if (r, c) not in spans:
                continue
            rs, cs = spans[r, c]
            tag = "th" if r < heads else "td"
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<{tag}{attrs}>{_cell(text, style)}</{tag}>")
        trs.append(tds)
    if style == "mineru":
        return "<html><body><table>" + "".join("<tr>" + "".join(t) + "</tr>" for t in trs) + \
            "</table></body></html>"
    indent = " " * rng.choice((2, 4))
    lines = ["<table>"]
    for tds in trs:
        lines += [f"{indent}<tr>", *(indent * 2 + td for td in tds), f"{indent}</tr>"]
    return "\n".join(lines + ["</table>"])


def _cell(text: str, style: str) -> str:
    text = html.escape(text, quote=False)
    return text.replace("\n", "<br>" if style != "mineru" else "")


def _spans(rows: list[list[str]], copies: list[list[bool]]) -> dict[tuple[int, int], tuple[int, int]]:
    """The span-expanded grid folded back into merged cells: a cell and the copies of it to its
    right, then the rows below copying that run. Expanding them gives ``rows`` again."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in taken:
                continue
            cs = 1
            while c + cs < len(row) and copies[r][c + cs] and row[c + cs] == text and (r, c + cs) not in taken:
                cs += 1
            rs = 1
            while r + rs < len(rows) and all(
                    len(rows[r + rs]) > c + k and copies[r + rs][c + k] and rows[r + rs][c + k] == text
                    and (r + rs, c + k) not in taken for k in range(cs)):
                rs += 1
            out[r, c] = (rs, cs)
            taken.update((r + i, c + k) for i in range(rs) for k in range(cs))
    return out


def _pipe_table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    cells = [[c.replace("|", "\\|").replace("\n", "<br>") for c in r] + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in cells[1:]])
