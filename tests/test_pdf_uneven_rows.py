"""A PDF table whose rows draw their cells at other places than the header's.

A browser prints an HTML table so when its rows span different columns of a finer grid, and
Word tables are often made so (a row's cells dragged wider): narrow-617 and narrow-915 of the
generated narrow pages printed by Chromium lost 98 and 161 cells of table 3 per print. The PDF
reader lays every cell on the union of all rows' boundaries, so a row's cell covers two grid
columns here and one there, its text repeated in each: the row shows eight or more value
cells for seven applicants, not under the header's columns, and was not read. The reader now
says which grid positions repeat the cell to their left (``Block.copies``), and such a row is
read by its own cells, in the header's applicant order.

Members: how the header's and each group of rows' value columns are cut, the numbers, blanks
printed as '-' or nothing. Printed by headless Chromium (skipped where it is missing). The
reader cuts most such tables into blocks of one column layout each, which were read before:
2 of the 24 members failed before the change."""

from __future__ import annotations

import random

import producers
import pytest

from pipeline import spec
from pipeline.extract import extract_bytes

HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
LABELS = spec.table3_row_labels()
ROWS = spec.table3_rows("2021")
MEMBERS = 24
PRINT = producers.ChromiumPrint("a4", True, False)


def _cuts(rng: random.Random) -> list[int]:
    """Where seven value columns end (in hundredths of their width), each wide enough for a number."""
    while True:
        cuts = sorted(rng.sample(range(6, 94), 6)) + [100]
        if min(b - a for a, b in zip([0, *cuts], cuts)) >= 6:
            return cuts


def _page(rng: random.Random) -> tuple[str, dict[str, list[int | None]]]:
    """Table 3 on a grid of every row group's column boundaries, each row's cells spanning the
    grid columns between its own group's boundaries; the header cut as the first group."""
    blank = rng.choice(["-", ""])
    bounds = sorted(rng.sample(range(2, len(ROWS)), rng.randint(1, 3)))
    groups = [ROWS[a:b] for a, b in zip([0, *bounds], [*bounds, len(ROWS)])]
    cuts = [_cuts(rng) for _ in groups]
    fine = sorted({c for group in cuts for c in group})

    def cells(texts: list[str], ends: list[int]) -> str:
        out, first = [], 0
        for text, end in zip(texts, ends):
            last = fine.index(end)
            out.append(f'<td colspan="{last - first + 1}">{text}</td>')
            first = last + 1
        return "".join(out)

    cols = "".join(f'<col style="width:{(b - a) * 0.7:.1f}%">' for a, b in zip([0, *fine], fine))
    body = [f'<tr><td colspan="2">申请人情况</td>{cells(HEAD, cuts[0])}</tr>']
    truth: dict[str, list[int | None]] = {}
    for keys, ends in zip(groups, cuts):
        for key in keys:
            values: list[int | None] = [rng.choice([0, 0, rng.randint(1, 40)]) for _ in range(6)]
            if rng.random() < 0.3:
                values[rng.randrange(1, 6)] = None
            values.append(sum(v or 0 for v in values))
            truth[key] = values
            parts = LABELS[key].split(" ")[-2:]
            label = "".join(f"<td>{p}</td>" for p in parts) if len(parts) == 2 else f'<td colspan="2">{parts[0]}</td>'
            body.append(f"<tr>{label}{cells(['' if v is None and not blank else blank if v is None else str(v) for v in values], ends)}</tr>")
    html = ("<html><head><meta charset='utf-8'><title>某县2022年政府信息公开工作年度报告</title>"
            "<style>table{border-collapse:collapse;width:100%;font-size:11px}td{border:1px solid #000;"
            "text-align:center}</style></head><body><h1>某县2022年政府信息公开工作年度报告</h1>"
            "<p>三、收到和处理政府信息公开申请情况</p>"
            f"<table><colgroup><col style='width:12%'><col style='width:18%'>{cols}</colgroup>"
            f"{''.join(body)}</table></body></html>")
    return html, truth


def printed_members(tmp_path_factory, name: str, page, members: int) -> dict[int, tuple[bytes, dict]]:
    """{seed: (PDF, truth)}: each member's page and truth, ``page(random.Random(seed))``, printed by Chromium."""
    if producers.CHROMIUM is None:
        pytest.skip("chromium is not installed")
    pages = {seed: page(random.Random(seed)) for seed in range(members)}
    printed = producers.print_html({f"{name}-{seed}": html for seed, (html, _) in pages.items()},
                                   tmp_path_factory.mktemp(name), PRINT)
    return {seed: (printed[f"{name}-{seed}"].read_bytes(), truth) for seed, (_, truth) in pages.items()}


def assert_table3_rows(data: bytes, truth: dict[str, list[int | None]], name: str) -> None:
    """The printed table 3's rows read as ``truth`` (values in the header's applicant order)."""
    ex = extract_bytes(data, f"{name}.pdf")
    got = ex.tables["table3"].nested()
    assert {key: list(got.get(key, {}).values()) for key in truth} == truth, ex.problems[:10]


@pytest.fixture(scope="module")
def prints(tmp_path_factory) -> dict[int, tuple[bytes, dict]]:
    return printed_members(tmp_path_factory, "uneven", _page, MEMBERS)


@pytest.mark.parametrize("seed", range(MEMBERS))
def test_rows_drawn_off_the_header_columns_are_read_by_their_own_cells(prints, seed):
    assert_table3_rows(*prints[seed], f"uneven-{seed}")
