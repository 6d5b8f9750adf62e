"""Cross-year identities in the checks dataset: each fires on a crafted pair of years, silent on a consistent one."""

from __future__ import annotations

import random

import pytest
from generated import load_reports

from pipeline.checks.crossyear import cross_year_checks
from pipeline.load import read_dataset
from pipeline.samples import make_report
from pipeline.samples.names import Agency

GOV = Agency("义马市人民政府", "yima-gov", True)


def pair(carry_break: bool = False, in_force_break: bool = False):
    """义马市人民政府 2021 and 2022 (format 2021), generated so that the years agree, then broken on request."""
    rng = random.Random(7)
    r21 = make_report(rng, "2021", agency=GOV, year=2021, mixed=False)
    r21.table3["carried_forward"].update(natural_person=4, total=4)
    r21.table2["rules"].update(in_force=12)
    r22 = make_report(rng, "2021", agency=GOV, year=2022, previous=r21, mixed=False)
    r22.table3["carried_over"].update(natural_person=4, total=4)
    r22.table2["rules"].update(issued=3, repealed=1, in_force=14)
    if carry_break:
        r22.table3["carried_over"].update(natural_person=6, total=6)
    if in_force_break:
        r22.table2["rules"].update(in_force=20)
    return r21, r22


def cross(data_dir):
    checks = read_dataset(data_dir, "checks")
    rows = checks[checks["check"].str.startswith("cross_")]
    return {(r.year, r.check, r.subject): (r.expected, r.actual, bool(r.ok)) for r in rows.itertuples()}


def failing(data_dir):
    return {k: v for k, v in cross(data_dir).items() if not v[2]}


def test_consistent_pair_is_silent(tmp_path):
    load_reports(tmp_path, pair())
    got = cross(tmp_path)
    assert failing(tmp_path) == {}
    assert got[(2022, "cross_carry_over", "natural_person")] == (4.0, 4.0, True)
    assert got[(2022, "cross_in_force", "rules")] == (14.0, 14.0, True)
    assert {k[1] for k in got} == {"cross_carry_over", "cross_in_force"}  # no missing year


def test_carry_over_fires(tmp_path):
    load_reports(tmp_path, pair(carry_break=True))
    assert failing(tmp_path) == {(2022, "cross_carry_over", "natural_person"): (4.0, 6.0, False),
                                 (2022, "cross_carry_over", "total"): (4.0, 6.0, False)}


def test_in_force_fires(tmp_path):
    load_reports(tmp_path, pair(in_force_break=True))
    # 12 in force at the end of 2021 + 3 issued − 1 repealed = 14, but 20 printed
    assert failing(tmp_path) == {(2022, "cross_in_force", "rules"): (14.0, 20.0, False)}


def test_missing_year_fires(tmp_path):
    r21, _ = pair()
    r23 = make_report(random.Random(8), "2021", agency=GOV, year=2023, mixed=False)
    load_reports(tmp_path, [r21, r23])
    assert failing(tmp_path) == {(2023, "cross_missing_year", "2022"): (1.0, 0.0, False)}


def test_loading_the_missing_year_later_re_evaluates(tmp_path):
    r21, r22 = pair()
    r23 = make_report(random.Random(8), "2021", agency=GOV, year=2023, previous=r22, mixed=False)
    load_reports(tmp_path, [r21, r23])
    assert (2023, "cross_missing_year", "2022") in failing(tmp_path)
    load_reports(tmp_path, [r22])  # the gap is filled: 2022 and 2023 are evaluated against their neighbours
    assert failing(tmp_path) == {}
    got = cross(tmp_path)
    assert got[(2022, "cross_in_force", "rules")] == (14.0, 14.0, True)
    assert (2023, "cross_carry_over", "total") in got


def test_other_agencies_are_untouched(tmp_path):
    r21, r22 = pair(carry_break=True)
    load_reports(tmp_path, [r21, r22])
    other = make_report(random.Random(9), "2021", agency=Agency("卢氏县人民政府", "lushi-gov", True), year=2022)
    load_reports(tmp_path, [other])
    assert set(failing(tmp_path)) == {(2022, "cross_carry_over", "natural_person"),
                                      (2022, "cross_carry_over", "total")}


@pytest.mark.parametrize(("formats", "evaluated"), [({2021: "2021", 2022: "2021"}, True),
                                                    ({2021: "2019", 2022: "2021"}, False)])
def test_in_force_only_between_two_format_2021_tables(formats, evaluated):
    t2 = {(2021, "rules", "in_force"): (5.0, True), (2022, "rules", "issued"): (None, True),
          (2022, "rules", "repealed"): (1.0, True), (2022, "rules", "in_force"): (4.0, True)}
    rows = cross_year_checks([2021, 2022], {}, t2, formats)
    assert rows == ([{"year": 2022, "table": "table2", "check": "cross_in_force", "subject": "rules",
                      "expected": 4.0, "actual": 4.0, "ok": True}] if evaluated else [])


def test_unreadable_cell_is_not_evaluated():
    t3 = {(2021, "carried_forward", "total"): (None, False), (2022, "carried_over", "total"): (3.0, True)}
    assert cross_year_checks([2021, 2022], t3, {}, {}) == []
