"""Metrics against values computed by hand from the printed reports (tests/expected/*.yaml).

Every expected number below is written out as the arithmetic on the printed
cells, so a reader can check it against the report without running our code.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import corpus_path

from pipeline.extract import extract_path
from pipeline.load import load
from pipeline.metrics import METRICS, compute_metrics, dictionary_markdown, metrics_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> pd.DataFrame:
    files = [corpus_path("reports/huaian-city-gov-2024.pdf"),
             corpus_path("reports/huaian-hongze-district-gov-2023.pdf"),
             corpus_path("sites/pingtan-gov-cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm")]
    data = tmp_path_factory.mktemp("metrics")
    load((extract_path(f) for f in files), data)
    return metrics_for(data).set_index("agency")


def _row(real: pd.DataFrame, agency: str) -> pd.Series:
    return real.loc[agency]


def test_huaian_city_2024_by_hand(real):
    m = _row(real, "淮安市人民政府")
    assert m["year"] == 2024
    assert m["requests_new"] == 3119 and m["requests_carried_over"] == 34
    assert m["requests_received"] == 3119 + 34
    assert m["requests_processed"] == 3050
    assert m["share_granted"] == pytest.approx(1362 / 3050)
    assert m["share_partially_granted"] == pytest.approx(454 / 3050)
    assert m["share_denied"] == pytest.approx((2 + 31 + 5 + 6 + 8 + 12 + 9 + 105) / 3050)
    assert m["leading_denial_reason"] == "denied_administrative_query"
    assert m["leading_denial_count"] == 105
    assert m["share_unavailable"] == pytest.approx((769 + 11 + 1) / 3050)
    assert m["share_not_processed"] == pytest.approx((62 + 25 + 0 + 0 + 1) / 3050)
    assert m["share_other_outcome"] == pytest.approx((71 + 6 + 110) / 3050)
    assert m["share_legal_persons"] == pytest.approx((53 + 0 + 0 + 61 + 4) / 3119)
    assert m["reviews"] == 351 and m["lawsuits"] == 26 + 20
    assert m["reviews_per_100_requests"] == pytest.approx(100 * 351 / 3153)
    assert m["lawsuits_per_100_requests"] == pytest.approx(100 * 46 / 3153)
    assert m["share_reviews_corrected"] == pytest.approx(64 / (72 + 64 + 178))
    assert m["share_lawsuits_corrected"] == pytest.approx((4 + 1) / (13 + 4 + 8 + 12 + 1 + 1))
    assert (m["rules_issued"], m["normative_documents_issued"]) == (1, 8)
    assert (m["licensing_decisions"], m["penalty_decisions"], m["coercion_decisions"]) == \
        (447228, 3985758, 88283)
    assert m["fees_10k_yuan"] == pytest.approx(96171.6)
    assert bool(m["identities_ok"]) is True and m["checks_failed"] == 0


def test_hongze_2023_is_computed_from_printed_totals_and_marked(real):
    m = _row(real, "洪泽区人民政府")
    assert m["requests_received"] == 21 + 0
    assert m["share_granted"] == pytest.approx(0 / 21)
    assert m["share_partially_granted"] == pytest.approx(4 / 21)
    # Table 4 prints review total 0 although 10 + 1 + 0 + 0 = 11: the metric keeps the printed 0 …
    assert m["reviews"] == 0 and m["reviews_per_100_requests"] == 0
    # … the share corrected uses the decided cases 1 / (10 + 1 + 0) …
    assert m["share_reviews_corrected"] == pytest.approx(1 / 11)
    # … and the row says the report does not add up (two t4_total failures).
    assert bool(m["identities_ok"]) is False and m["checks_failed"] == 2
    # Litigation: direct all 0, after review 5 upheld: no corrected, 5 decided.
    assert m["lawsuits"] == 0 and m["share_lawsuits_corrected"] == pytest.approx(0 / 5)
    assert m["fees_10k_yuan"] == pytest.approx(7730.28)


def test_pingtan_2019_format_2019_names_are_harmonised(real):
    m = _row(real, "平潭综合实验区")
    assert m["format"] == "2019"
    assert m["normative_documents_issued"] == 89      # 本年新制作数量 of format 2019
    assert m["rules_issued"] == 0
    assert (m["licensing_decisions"], m["penalty_decisions"], m["coercion_decisions"]) == (181, 430, 25)
    assert pd.isna(m["fees_10k_yuan"])                # format 2019 prints no fee amount
    assert m["requests_received"] == 23 and m["share_granted"] == pytest.approx(7 / 23)
    assert m["reviews"] == 0 and m["lawsuits"] == 0
    # No decided review or lawsuit: the share corrected is undefined, not 0.
    assert pd.isna(m["share_reviews_corrected"]) and pd.isna(m["share_lawsuits_corrected"])


def _cells(rows: list[tuple[str, str, str, int | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["agency_id", "r", "c", "value", "problem"]).assign(year=2024)


def _frames(t3: list, t4: list | None = None, checks: list | None = None):
    reports = pd.DataFrame({"agency_id": ["a1", "a2"], "year": [2024, 2024], "agency": ["甲县公安局", "乙县人民政府"],
                            "format": ["2021", "2021"], "status": ["ok", "partial"]})
    requests = _cells(t3).rename(columns={"r": "row", "c": "applicant"})
    appeals = _cells(t4 or []).rename(columns={"r": "proceeding", "c": "outcome"})
    proactive = _cells([]).rename(columns={"r": "item", "c": "measure"})
    checks = pd.DataFrame(checks or [], columns=["agency_id", "year", "check", "ok"])
    return compute_metrics(reports, requests, appeals, proactive, checks).set_index("agency_id")


def test_division_by_zero_is_null_never_zero_or_infinite():
    m = _frames([("a1", "new_received", "total", 0, None), ("a1", "carried_over", "total", None, None),
                 ("a1", "total_processed", "total", 0, None), ("a1", "granted", "total", 0, None)],
                t4=[("a1", "review", "total", 3, None), ("a1", "review", "pending", 3, None)])
    a1 = m.loc["a1"]
    assert a1["requests_received"] == 0            # blank carried_over counts as 0
    for name in ("share_granted", "share_denied", "reviews_per_100_requests", "share_reviews_corrected",
                 "share_legal_persons"):
        assert pd.isna(a1[name]), name
    numeric = m.select_dtypes("number").to_numpy(dtype=float, na_value=math.nan)
    assert not (abs(numeric) == math.inf).any()


def test_absent_table_and_unreadable_cell_give_null():
    m = _frames([("a1", "new_received", "total", None, "not a number: '十二'"),
                 ("a1", "carried_over", "total", 2, None), ("a1", "total_processed", "total", 4, None),
                 ("a1", "granted", "total", 1, None)])
    assert pd.isna(m.loc["a1", "requests_received"])           # unreadable cell → unknown sum
    assert m.loc["a1", "requests_carried_over"] == 2
    assert m.loc["a1", "share_granted"] == pytest.approx(1 / 4)
    assert pd.isna(m.loc["a2", "requests_received"])           # a2 has no table 3 at all
    assert pd.isna(m.loc["a2", "reviews"])


def test_identity_flag_is_null_when_nothing_could_be_checked():
    m = _frames([("a1", "new_received", "total", 1, None)],
                checks=[("a1", 2024, "t3_balance", True), ("a1", 2024, "t4_total", False)])
    assert bool(m.loc["a1", "identities_ok"]) is False and m.loc["a1", "checks_failed"] == 1
    assert pd.isna(m.loc["a2", "identities_ok"]) and m.loc["a2", "checks_failed"] == 0
    assert pd.isna(m.loc["a1", "cross_year_ok"])


def test_cross_year_checks_have_their_own_flag():
    m = _frames([("a1", "new_received", "total", 1, None)],
                checks=[("a1", 2024, "t3_balance", True), ("a1", 2024, "cross_carry_over", False),
                        ("a2", 2024, "cross_missing_year", False), ("a2", 2024, "cross_in_force", True)])
    # The report's own identities hold; its carry-over disagrees with last year's report.
    assert bool(m.loc["a1", "identities_ok"]) is True and m.loc["a1", "checks_failed"] == 0
    assert bool(m.loc["a1", "cross_year_ok"]) is False
    # A gap before the report is a missing-report finding, not a disagreement.
    assert bool(m.loc["a2", "cross_year_ok"]) is True and pd.isna(m.loc["a2", "identities_ok"])


def test_readme_data_dictionary_lists_every_metric_with_its_formula():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert dictionary_markdown() in readme
    assert len({m.name for m in METRICS}) == len(METRICS) == 25
