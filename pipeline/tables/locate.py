"""Finding tables 2, 3 and 4 among a Document's table blocks, by what their
cells say. A table split into several consecutive blocks (two <table>s, a page
break) is returned as one group."""

from __future__ import annotations

import itertools

from ..document import Block, Document
from .text import norm

SIGNATURES: dict[str, tuple[str, ...]] = {
    "table2": ("第二十条", "规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "事业性收费",
               "制发件数", "现行有效", "处理决定", "新制作", "集中采购", "对外管理服务"),
    "table3": ("本年新收", "上年结转", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理",
               "其他处理", "结转下年度", "申请人情况", "自然人", "商业企业", "国家秘密", "重复申请"),
    "table4": ("行政复议", "行政诉讼", "维持", "纠正", "尚未审结", "复议后起诉", "直接起诉"),
}
MIN_SCORE = 2
# Words of table 3's items alone: a part of the table cut off below its group labels (Word leaves
# a merged cell it cuts empty in the part below) holds only those. They join such a part to the
# table before it when the reader knows the part's cells (a text dump's scraps of lines, printed
# as little tables of their own, are not joined on so little).
ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "table3": ("法规禁止", "三安全一稳定", "第三方", "内部事务", "过程性", "执法案卷", "行政查询", "不掌握",
               "另行制作", "补正", "信访", "出版物", "反复申请", "重新出具", "缴纳费用"),
}


def score(block: Block) -> dict[str, int]:
    """How many of each table's signatures the block's text holds. The text is normalised cell
    by cell: cells recur (0, 1, the official labels, a spanned cell's copies) and their normal
    forms are cached, where the whole table's text, new each time, took a fresh NFKC pass of
    thousands of characters (the slowest step of mapping an HTML report)."""
    text = _text(block)
    return {name: sum(1 for s in sigs if s in text) for name, sigs in SIGNATURES.items()}


def _text(block: Block) -> str:
    return "".join(map(norm, itertools.chain.from_iterable(block.rows)))


# Rows that open a table when several are printed in one grid (one <table> or one
# Word table holding tables 2, 3 and 4 with their section titles as rows).
STARTS = (("table2", ("第二十条", "信息内容")), ("table3", ("申请人情况", "本年新收")),
          ("table4", ("行政复议",)))


def split_mixed(block: Block, s: dict[str, int]) -> list[Block]:
    """A grid that holds more than one of the tables (``s``: its :func:`score`), cut where each one starts."""
    if sum(1 for v in s.values() if v >= MIN_SCORE + 1) < 2:
        return [block]
    cuts: dict[int, str] = {}
    for name, markers in STARTS:
        for r, row in enumerate(block.rows):
            text = norm("".join(row))
            if any(m in text for m in markers) and (not cuts or r > max(cuts)):
                cuts[r] = name
                break
    if len(cuts) < 2:
        return [block]
    bounds = sorted(cuts) + [len(block.rows)]
    head = block.rows[: bounds[0]]
    parts = [Block("table", block.pos, rows=block.rows[a:b],
                   confidence=block.confidence[a:b] if block.confidence is not None else None)
             for a, b in itertools.pairwise(bounds)]
    if head:
        parts[0].rows = head + parts[0].rows
    return parts


def locate(doc: Document) -> dict[str, list[tuple[int, Block]]]:
    """table name → [(block index, block)], consecutive blocks of the best run."""
    labelled: list[tuple[int, Block, str | None, dict[str, int]]] = []
    for i, whole in enumerate(doc.blocks):
        if not whole.is_table or not whole.rows:
            continue
        whole_score = score(whole)
        parts = split_mixed(whole, whole_score)
        for block in parts:
            s = whole_score if block is whole else score(block)
            best = max(s, key=s.get)
            labelled.append((i, block, best if s[best] >= MIN_SCORE else None, s))
    names = _join_parts([name for _, _, name, _ in labelled], [scores for _, _, _, scores in labelled],
                        [block for _, block, _, _ in labelled])
    runs: dict[str, list[tuple[int, list[tuple[int, Block]]]]] = {}
    current: str | None = None
    for (i, block, _, scores), name in zip(labelled, names):
        if name is None:
            current = None
            continue
        if name == current:
            total, members = runs[name][-1]
            runs[name][-1] = (total + scores[name], members + [(i, block)])
        else:
            runs.setdefault(name, []).append((scores[name], [(i, block)]))
        current = name
    return {name: max(candidates, key=lambda t: t[0])[1] for name, candidates in runs.items()}


def _join_parts(names: list[str | None], scores: list[dict[str, int]], blocks: list[Block]) -> list[str | None]:
    """Names for the table blocks too small to name a table alone: one part of a
    table printed as several (table 2's 第（八）项 as its own table, its title a
    paragraph above it) names fewer signatures than a whole table, and joins the
    table next to it when it names at least one of that table's. A part whose cells
    the reader knows (a <table>, a Word or ruled PDF table) also joins the table
    before it when it holds that table's item words alone or values alone (table 4's
    row of numbers cut off from its header by a page break or a second <table>)."""
    names, n = list(names), len(names)
    for ks, side in ((range(1, n), -1), (range(n - 2, -1, -1), 1)):  # the part after a table, then before
        for k in ks:
            neighbour = names[k + side]
            if names[k] is None and neighbour and (scores[k][neighbour] > 0
                                                   or side == -1 and _continues(blocks[k], neighbour)):
                names[k] = neighbour
    return names


def _continues(block: Block, table: str) -> bool:
    """A part of ``table`` cut off from it, told by its cells: values alone, or its items' words."""
    if block.copies is None:
        return False
    text = _text(block)
    return not any(ch.isalpha() for ch in text) or any(word in text for word in ITEM_WORDS.get(table, ()))
