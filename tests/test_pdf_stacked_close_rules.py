"""Two tables stacked on a PDF page whose column lines lie a point or two apart.

A CMS that splits table 3 in two (the header and first rows, then the rest) prints two tables
one on the other, each laid out on its own: a browser gives the second table's columns their
own widths, and columns whose cells are all blank shrink to a few points. The reader snaps
lines within 3 pt into one (a rule's strokes, a header's rule a point off the body's): one
line of the upper table snapped with the lower table's line beside it, and the narrow blank
column of the lower table between that line and the next became a sliver and was dropped. The
lower table's rows then had six value cells for seven applicants and were not read
(narrow-902 of tests/bench_dumps.py, printed by Chromium: 34 cells of table 3 lost per print).
Lines a point or two apart are now kept apart when they do not run side by side and snapping
them would bring the line within the tolerance of the next.

Members: where the upper table ends, which of the lower table's columns are blank and narrow,
how far each lower line sits from the upper line beside it (1.5 to 3 pt), blanks printed as
nothing or '-'. Printed by headless Chromium (skipped where it is missing)."""

from __future__ import annotations

import random

import producers
import pytest
from test_pdf_uneven_rows import assert_table3_rows, printed_members
from test_text_dumps import narrow_page

from pipeline import spec
from pipeline.extract import extract_bytes

HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
LABELS = spec.table3_row_labels()
ROWS = spec.table3_rows("2021")
MEMBERS = 16
PRINT = producers.ChromiumPrint("a4", True, False)
_LABEL_PX = (60, 150)  # the two label columns (px)
_VALUE_PX = 44  # a value column of the upper table (px)


def _widths(rng: random.Random, narrow: set[int]) -> list[int]:
    """The lower table's seven value columns (px): the narrow ones a few px wide, the others
    wide enough for their numbers, placed so that the line after a narrow column's left line
    sits two to four px off the upper table's line there."""
    widths = [_VALUE_PX] * 7
    for i in sorted(narrow):
        widths[i] = rng.randint(5, 7)
        # The line before the narrow column moves 2–4 px left of the upper line: the column
        # before it gives up that much, the one after takes the rest of the upper width.
        shift = rng.randint(2, 4)
        widths[i - 1] -= shift
        widths[i + 1] += _VALUE_PX - widths[i] + shift
    return widths


def _page(rng: random.Random) -> tuple[str, dict[str, list[int | None]]]:
    blank = rng.choice(["-", ""])
    split = rng.randint(3, 8)  # rows in the upper table
    narrow = set(rng.sample([1, 3, 5], rng.randint(1, 3)))
    lower = _widths(rng, narrow)
    truth: dict[str, list[int | None]] = {}

    def row(key: str, blanks: set[int], group_span: int = 1) -> str:
        values: list[int | None] = [None if i in blanks else rng.choice([0, rng.randint(1, 60)]) for i in range(6)]
        values.append(sum(v or 0 for v in values))
        truth[key] = values
        parts = LABELS[key].split(" ")[-2:]
        if len(parts) == 1:
            label = f'<td colspan="2">{parts[0]}</td>'
        else:  # the group's cell once, down its rows (0: spanned from a row above)
            label = (f'<td rowspan="{group_span}">{parts[0]}</td>' if group_span else "") + f"<td>{parts[1]}</td>"
        return f"<tr>{label}{''.join(f'<td>{blank if v is None else v}</td>' for v in values)}</tr>"

    def table(labels: tuple[int, int], widths: list[int], rows: list[str]) -> str:
        cols = "".join(f'<col style="width:{w}px">' for w in [*labels, *widths])
        return (f"<table style='width:{sum(labels) + sum(widths)}px'><colgroup>{cols}</colgroup>"
                f"{''.join(rows)}</table>")

    header = f'<tr><td colspan="2">申请人情况</td>{"".join(f"<td>{h}</td>" for h in HEAD)}</tr>'
    # The upper table's items of （三） share one group cell, so their row lines start at the
    # inner label line; the lower table may draw that line 3-4 px over.
    grouped = [k for k in ROWS[:split] if len(LABELS[k].split(" ")) > 1]
    upper = [header] + [row(key, set(), len(grouped) if key == grouped[0] else 0) if key in grouped
                        else row(key, set()) for key in ROWS[:split]]
    below = [row(key, narrow) for key in ROWS[split:]]
    shift = rng.choice([0, 3, 4])
    html = ("<html><head><meta charset='utf-8'><title>某县2022年政府信息公开工作年度报告</title>"
            "<style>table{border-collapse:collapse;table-layout:fixed;font-size:10px;margin:0}"
            "td{border:1px solid #000;text-align:center;padding:0;overflow:hidden}</style></head><body>"
            "<h1>某县2022年政府信息公开工作年度报告</h1><p>三、收到和处理政府信息公开申请情况</p>"
            f"{table(_LABEL_PX, [_VALUE_PX] * 7, upper)}"
            f"{table((_LABEL_PX[0] - shift, _LABEL_PX[1] + shift), lower, below)}</body></html>")
    return html, truth


@pytest.fixture(scope="module")
def prints(tmp_path_factory) -> dict[int, tuple[bytes, dict]]:
    return printed_members(tmp_path_factory, "stacked", _page, MEMBERS)


@pytest.mark.parametrize("seed", range(MEMBERS))
def test_a_narrow_column_beside_the_upper_tables_line_is_kept(prints, seed):
    assert_table3_rows(*prints[seed], f"stacked-{seed}")


# The two generated narrow pages the class was found on (tests/bench_dumps.py). On narrow-915
# the upper table's label line lies 3 pt right of the lower table's, and the row lines of its
# result rows start at that line's right side: snapped to the lower line, the line moved out of
# their reach and two rows were read as one (28 cells). A line's end at a rule now moves with it.
FOUND_ON = (902, 915)


@pytest.fixture(scope="module")
def found_on(tmp_path_factory) -> dict[int, bytes]:
    if producers.CHROMIUM is None:
        pytest.skip("chromium is not installed")
    printed = producers.print_html({f"narrow-{i}": narrow_page(i)[1] for i in FOUND_ON},
                                   tmp_path_factory.mktemp("stacked-found-on"), PRINT)
    return {i: printed[f"narrow-{i}"].read_bytes() for i in FOUND_ON}


@pytest.mark.parametrize("i", FOUND_ON)
def test_the_pages_it_was_found_on(found_on, i):
    report, _ = narrow_page(i)
    ex = extract_bytes(found_on[i], f"narrow-{i}.pdf")
    truth = report.to_json()
    for table in ("table2", "table3", "table4"):
        assert ex.tables[table].nested() == truth[table], table
