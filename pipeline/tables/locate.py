"""Finding tables 2, 3 and 4 among a Document's table blocks, by what their
cells say. A table split into several consecutive blocks (two <table>s, a page
break) is returned as one group."""

from __future__ import annotations

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


def score(block: Block) -> dict[str, int]:
    text = norm("".join("".join(r) for r in block.rows))
    return {name: sum(1 for s in sigs if s in text) for name, sigs in SIGNATURES.items()}


def locate(doc: Document) -> dict[str, list[tuple[int, Block]]]:
    """table name → [(block index, block)], consecutive blocks of the best run."""
    labelled: list[tuple[int, Block, str | None, int]] = []
    for i, block in enumerate(doc.blocks):
        if not block.is_table or not block.rows:
            continue
        s = score(block)
        best = max(s, key=s.get)
        labelled.append((i, block, best if s[best] >= MIN_SCORE else None, s[best]))
    runs: dict[str, list[tuple[int, list[tuple[int, Block]]]]] = {}
    current: str | None = None
    for i, block, name, sc in labelled:
        if name is None:
            current = None
            continue
        if name == current:
            total, members = runs[name][-1]
            runs[name][-1] = (total + sc, members + [(i, block)])
        else:
            runs.setdefault(name, []).append((sc, [(i, block)]))
        current = name
    return {name: max(candidates, key=lambda t: t[0])[1] for name, candidates in runs.items()}
