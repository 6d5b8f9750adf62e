"""The label caches hold labels, not documents: text met once per report (a whole table, a table's
joined header rows) stays out of them, so that memory stays flat over a long batch (issue 12:
before, the whole-table strings of the last 8,192 tables held ~11 MB of ``xxgk extract``)."""

from __future__ import annotations

import random

from pipeline.extract import extract_bytes
from pipeline.read import read_bytes
from pipeline.samples import make_report, render_html
from pipeline.tables.text import label_key, norm


def _cached(fn, text: str) -> bool:
    hits = fn.cache_info().hits
    fn(text)
    return fn.cache_info().hits > hits


def test_whole_tables_are_not_kept_in_the_label_caches():
    rng = random.Random(12)
    for fmt in ("2019", "2021"):
        report = make_report(rng, fmt)
        data = render_html(report, rng)
        norm.cache_clear()  # (this test's own look-ups of the report before must not count)
        label_key.cache_clear()
        ex = extract_bytes(data, "r.html")
        assert (ex.status, ex.agency, ex.year) == ("ok", report.agency, report.year)
        tables = [b for b in read_bytes(data, "r.html").blocks if b.is_table]
        assert len(tables) >= 3
        for block in tables:
            whole = "".join("".join(row) for row in block.rows)
            head = "".join("".join(row) for row in block.rows[:2])
            assert not _cached(norm, whole) and not _cached(label_key, head)
        # while the labels are: most row labels read from this report are hits
        labels = [row[0] for block in tables for row in block.rows if row and row[0].strip()]
        assert sum(_cached(label_key, label) for label in labels) >= 0.8 * len(labels)
