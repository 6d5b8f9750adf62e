"""Figures printed in sentences: the common phrasings and their variants, and what must not match."""

from __future__ import annotations

import pytest

from pipeline.stats.sentences import sentence_rows

CASES = [
    ("2015年共受理政府信息公开申请35件，其中当面申请12件、网上申请20件、信函申请3件。",
     [("requests_received", 35, "件"), ("requests_in_person", 12, "件"), ("requests_online", 20, "件"),
      ("requests_mail", 3, "件")]),
    ("全年共收到依申请公开申请8条。", [("requests_received", 8, "条")]),
    ("本年度我局未收到政府信息公开申请。", [("requests_received", 0, "件")]),
    ("同意公开6件，同意部分公开1件，不予公开2件。",
     [("granted", 6, "件"), ("partially_granted", 1, "件"), ("denied", 2, "件")]),
    ("发生行政复议2件，行政诉讼1件。", [("reviews", 2, "件"), ("lawsuits", 1, "件")]),
    ("未发生因政府信息公开引起的行政复议、行政诉讼。", [("reviews", 0, "件"), ("lawsuits", 0, "件")]),
    ("全年收取检索、复制费用120元。", [("fees_yuan", 120, "元")]),
    ("没有收取任何费用。", [("fees_yuan", 0, "元")]),
    ("2016年全县主动公开政府信息1234条。", [("proactive_total", 1234, "条")]),
    ("2016年新增主动公开政府信息45条。", [("proactive_total", 45, "条")]),
    # Not the year's totals, not requests: nothing to read.
    ("其中，区直各单位主动公开政府信息3933条，各乡镇主动公开政府信息1037条。", []),
    ("2013年县政府公开办主动公开信息数为222条。", []),
    ("今年我局共受理审批事项117件，办结171件。", []),
    ("其中现场咨询1600人次，网上咨询100人次。", []),
    ("作为依申请公开信息数46条，不予公开信息数1854条。", []),
    ("全年主动予以公开120条。", []),
    ("行政诉讼2件（未经行政复议直接起诉）。", [("lawsuits", 2, "件")]),
    ("共受理政府信息公开申请12件和咨询30次。", [("requests_received", 12, "件")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_phrasings(text, expected):
    rows = sentence_rows(text)
    assert [(r.measure, r.this_year, r.unit) for r in rows] == expected
    assert all(r.from_text and r.sentence and r.raw in r.sentence for r in rows)
