"""Table 3 whose value cells are eight, one applicant's cell spanning two grid columns, when
its header cannot place the applicants and one row has a blank cell.

The 2021 平潭 page prints 商业企业 over two grid columns, in its header and in every row
(``<td colspan=2>``), so its rows have eight value cells for seven applicants. When a header
row is printed twice (a CMS paste; the never-crash property's ``duplicate_row`` found it), the
header names two applicants over one column and says nothing. A row with a blank cell then
printed numbers in just seven cells, and the mapper took those seven for the table's grid —
"the columns where the complete rows print" — and read that row one applicant off: two numbers
under wrong keys (bench_fuzz at 10,000 cases, t20220208_80613 ['duplicate_row', 'clear_cell',
'clear_cell']). Another row printing a number of its own between those seven cells (not a
neighbour's copy) shows the grid has an eighth column; the seven are then not trusted. A row
that lost a cell (the CMS deleted it: ['duplicate_row', 'clear_cell', 'remove_cell']) has seven
cells and was read in order; it is not, where rows starting in its cell print further right.

Members: which applicant spans two columns, which header row is printed twice, which row has
the blank (or lost the cell) and where, the numbers."""

from __future__ import annotations

import random

import pytest

from pipeline import spec
from pipeline.extract import extract_bytes

APPLICANTS = list(spec.table3_applicants())
LEGAL = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
LABELS = spec.table3_row_labels()
ROWS = spec.table3_rows("2021")
PROSE = ("<p>本年度，某县人民政府坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
         "持续深化政务公开，不断提升政府信息公开质量，切实保障人民群众知情权、参与权、表达权和监督权。</p>") * 3


def _td(text: str, colspan: int = 1, rowspan: int = 1) -> str:
    spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f"<td{spans}>{text}</td>"


def _row_labels(key: str) -> str:
    parts = LABELS[key].split(" ")
    if len(parts) == 1:
        return _td(parts[0], colspan=3)
    return "".join(_td(p) for p in parts) if len(parts) == 3 else _td(parts[0]) + _td(parts[1], colspan=2)


def _page(rng: random.Random, printed_twice: bool = True, removed: bool = False
          ) -> tuple[bytes, dict[tuple[str, str], int | None]]:
    """The page and its truth. ``removed``: the damaged row lost the cell (a CMS deleted it)
    instead of printing it blank."""
    spanned = rng.randrange(1, 6)  # the applicant printed over two grid columns (1 = 商业企业)
    header = [
        "<tr>" + _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
        + _td("申请人情况", 8) + "</tr>",
        "<tr>" + _td("自然人", 2) + _td("法人或其他组织", 5) + _td("总计", rowspan=2) + "</tr>",
        "<tr>" + _td("") + "".join(_td(t, 2 if i + 1 == spanned else 1) for i, t in enumerate(LEGAL)) + "</tr>",
    ]
    twice = rng.randrange(1, 3)  # the header row the CMS printed twice
    if printed_twice:
        header.insert(twice, header[twice])
    truth: dict[tuple[str, str], int | None] = {}
    blank_row, blank_at = rng.choice(ROWS), rng.choice([k for k in range(7) if k != spanned])
    body = []
    for key in ROWS:
        values: list[int | None] = [rng.randint(0, 30) for _ in range(6)]
        values.append(sum(values))
        if key == blank_row:
            values[blank_at] = None
        truth.update({(key, a): v for a, v in zip(APPLICANTS, values)})
        cells = "".join(_td("" if v is None else str(v), 2 if i == spanned else 1) for i, v in enumerate(values)
                        if not (removed and v is None))
        body.append("<tr>" + _row_labels(key) + cells + "</tr>")
    html = ("<html><head><meta charset='utf-8'><title>某县2021年政府信息公开工作年度报告</title></head><body>"
            "<div class='article'><h1>某县2021年政府信息公开工作年度报告</h1>" + PROSE
            + "<p>三、收到和处理政府信息公开申请情况</p>"
            f"<table border='1'>{''.join(header + body)}</table>" + PROSE + "</div></body></html>")
    return html.encode("utf-8"), truth


def _wrong(ex, truth) -> dict:
    return {(c.row, c.column): (c.value, truth[c.row, c.column]) for c in ex.cells
            if c.table == "table3" and (c.row, c.column) in truth and c.value is not None
            and c.value != truth[c.row, c.column] and not c.problem}


@pytest.mark.parametrize("removed", [False, True], ids=["blank", "removed"])
@pytest.mark.parametrize("seed", range(16))
def test_a_row_with_a_blank_is_not_read_one_applicant_off(seed, removed):
    data, truth = _page(random.Random(seed), removed=removed)
    ex = extract_bytes(data, f"eighth-{seed}.html")
    assert not _wrong(ex, truth), (_wrong(ex, truth), ex.problems[:10])


@pytest.mark.parametrize("seed", range(4))
def test_with_its_header_printed_once_every_cell_is_read(seed):
    data, truth = _page(random.Random(seed), printed_twice=False)
    ex = extract_bytes(data, f"eighth-once-{seed}.html")
    read = {(c.row, c.column): c.value for c in ex.cells if c.table == "table3"}
    assert {k: read.get(k) for k in truth} == truth, ex.problems[:10]
