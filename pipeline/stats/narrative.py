"""The narrative's own figures, as evidence for splitting glued table cells.

A figure counts for a table row only when the clause it is printed in names the
row's key term (the most specific term of the row's label: 当面, 网站, 同意公开 …)
and its unit is of the same kind (a count, or money): ``共收到…申请21条`` is
evidence for 受理依申请公开信息总数, not for 行政复议数.
"""

from __future__ import annotations

import re

from .labels import MONEY_UNITS, compact

# Key terms of statistics-table labels, most specific first within each family.
KEY_TERMS = ("同意部分公开", "部分公开", "同意公开", "否决公开", "不予公开", "不同意公开", "主动公开", "网站", "公报",
             "当面", "传真", "电子邮件", "网上", "网络", "信函", "电话", "行政复议", "行政诉讼", "申诉", "举报",
             "答复", "申请", "收费", "费用")
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元|条|件|个|项|份|次|宗|起)")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?]")


def key_term(label: str) -> str | None:
    """The most specific key term printed in a row's own label."""
    text = compact(label)
    found = [t for t in KEY_TERMS if t in text]
    return max(found, key=len) if found else None


def _is_money(unit: str | None) -> bool:
    return unit in MONEY_UNITS


class Narrative:
    """Figures printed in the report's sentences, with the clause before each."""

    def __init__(self, text: str):
        self.figures: list[tuple[str, float, str]] = []  # (clause, value, unit)
        for m in _FIGURE.finditer(text):
            start = m.start()
            clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
            clause = compact(text[max(clause_start, start - 40):start])
            value = float(m[1])
            self.figures.append((clause, int(value) if value.is_integer() else value, m[2]))

    def evidence(self, label: str, unit: str | None) -> set[int]:
        term = key_term(label)
        if term is None:
            return set()
        return {int(v) for clause, v, u in self.figures
                if term in clause and _is_money(u) == _is_money(unit) and float(v).is_integer()}
