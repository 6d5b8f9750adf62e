"""A row label a text dump cut short ('1.属于国家秘': its '密' printed beside the group
label as '不予公密', or on a line the dump gave to another row) still names its row when
no other row's label begins the same way; when another does ('属于行政' for 执法案卷 and
查询事项), the row is not read and is named — unless its item number tells them apart
('7.属于行政' is 7.属于行政执法案卷: 8. is 查询事项).

Found on the real 平潭 2022 page printed by Writer and dumped by pdfplumber, and on many
generated narrow pages (tests/bench_dumps.py: every dumper, every range, no wrong cell)."""

from __future__ import annotations

import random

import pytest

from pipeline import spec
from pipeline.extract import extract_bytes
from pipeline.samples import make_report
from pipeline.samples.render_dump import render_dump

_ITEMS = {row: text.split(" ")[-1] for row, text in spec.table3_row_labels().items() if "." in text.split(" ")[-1]}


def _cut(label: str, n: int) -> str:
    number, text = label.split(".", 1)
    return f"{number}.{text[:n]}"


@pytest.mark.parametrize("seed", range(12))
def test_labels_cut_short_name_their_row_when_only_one_begins_so(seed):
    """Members: both formats, three rows cut at 4 characters or more, blanks '-' or '/'."""
    rng = random.Random(seed)
    report = make_report(rng, rng.choice(["2019", "2021"]))
    text = render_dump(report, rng, "generic_headers", blank=rng.choice(["-", "/"])).decode("utf-8")
    truth = report.to_json()["table3"]
    cut = rng.sample(sorted(k for k in _ITEMS if k in truth and len(_ITEMS[k].split(".", 1)[1]) > 4), 3)
    shown = {}
    for key in cut:
        full = _ITEMS[key]
        shown[key] = _cut(full, rng.randint(4, len(full.split(".", 1)[1]) - 1))
        text = text.replace(f"| {full} |", f"| {shown[key]} |", 1)
    ex = extract_bytes(text.encode("utf-8"), f"{report.slug}.md")
    got = ex.tables["table3"].nested()
    for key in cut:
        number, item = shown[key].split(".", 1)
        alike = [k for k, full in _ITEMS.items()
                 if k in truth and full.split(".", 1)[1].startswith(item) and full.split(".", 1)[0] == number]
        if alike == [key]:
            assert got[key] == truth[key], shown[key]
        else:
            assert all(v is None for v in got[key].values()), shown[key]
            assert any(shown[key] in p for p in ex.problems)
    assert {k: v for k, v in got.items() if k not in cut} == {k: v for k, v in truth.items() if k not in cut}
