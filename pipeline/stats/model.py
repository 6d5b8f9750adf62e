"""What the pre-2019 reader produces: statistics rows, from a table or from a sentence.

Reports on 2008–2018 have no national table template. Their 政府信息公开情况统计表
(指标名称 / 计量单位 / 本年度 / 历年累计) and the figures printed in sentences are kept
as *rows* with the label as printed; ``measure`` is the comparable measure the
crosswalk (``crosswalk.yaml``) puts them on, when the meaning really matches.
Table values and sentence values never mix: ``from_text`` tells them apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Number = int | float


@dataclass(slots=True)
class StatRow:
    """One row of a statistics table, or one figure read from a sentence.

    ``label`` is the printed label with its parent for 其中/numbered sub-rows
    (``对申请的答复总数/其中：1、同意公开答复数``). ``this_year`` and ``cumulative`` are
    None when blank *or* when they could not be read with certainty; then
    ``problem`` says why and ``raw`` keeps the printed text.
    """

    label: str
    unit: str | None
    this_year: Number | None
    cumulative: Number | None = None
    raw: str = ""
    from_text: bool = False
    sentence: str | None = None     # the sentence a from_text value was read from
    measure: str | None = None      # comparable measure (crosswalk), or None
    parent: str | None = None
    block_index: int | None = None
    page: int | None = None
    problem: str | None = None
    note: str | None = None         # how a glued cell was split, when it was

    def as_dict(self) -> dict:
        out = {"label": self.label, "unit": self.unit, "this_year": self.this_year,
               "cumulative": self.cumulative, "raw": self.raw, "from_text": self.from_text,
               "measure": self.measure}
        for name in ("sentence", "parent", "block_index", "page", "problem", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(slots=True)
class StatsResult:
    """The statistics of one pre-2019 report: table rows first, then sentence figures."""

    rows: list[StatRow] = field(default_factory=list)
    table_found: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def table_rows(self) -> list[StatRow]:
        return [r for r in self.rows if not r.from_text]

    @property
    def text_rows(self) -> list[StatRow]:
        return [r for r in self.rows if r.from_text]
