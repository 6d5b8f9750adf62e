"""Pre-2019 reports loaded with later ones: the stats dataset, cross_cumulative, and the h_ panel columns."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import corpus_path

from pipeline.extract import extract_path
from pipeline.load import load, read_dataset
from pipeline.metrics import metrics_for
from pipeline.panel import build_panel
from pipeline.stats.crosswalk import measure_of_row, measures
from pipeline.stats.model import StatRow

FILES = ["reports/pre2019/pingtan-county-gov-2012.txt", "reports/pre2019/pingtan-2013.txt",
         "reports/pre2019/pingtan-dishui-2013.txt", "reports/yima-xinfang-2024.txt"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    paths = [corpus_path(f) for f in FILES]
    out = tmp_path_factory.mktemp("pre2019")
    load([extract_path(p) for p in paths], out)
    return out


def test_stats_dataset_keeps_rows_with_provenance(data):
    stats = read_dataset(data, "stats")
    row = stats[(stats.year == 2012) & (stats.label == "主动公开信息数")].iloc[0]
    assert (row.this_year, row.cumulative, row.unit, row.comparable, bool(row.from_text)) == (
        2026, 3542, "条", "proactive_total", False)
    assert row.raw == "主动公开信息数条20263542" and pd.isna(row.problem)
    text = stats[(stats.year == 2013) & stats.from_text & (stats.comparable == "reviews")]
    assert sorted(text.this_year) == [0, 1]  # 平潭综合实验区 (1 份) and its 地税局 (0 件)
    assert set(read_dataset(data, "reports").query("year < 2019").format) == {"pre2019"}


def test_text_vs_table_and_shrinking_cumulative_are_flagged(data):
    checks = read_dataset(data, "checks")
    failed = checks[~checks.ok.astype(bool)]
    assert set(failed[failed.check == "pre2019_text_vs_table"].subject) == {"proactive_total", "reviews"}
    # 平潭综合实验区 2013 and 平潭县人民政府 2012 resolve to one agency (350128-gov): its 历年累计 of requests
    # fell from 21 (2012) to 0 (2013).
    shrink = failed[(failed.check == "cross_cumulative") & (failed.subject == "requests_received")].iloc[0]
    assert (shrink.year, shrink.expected, shrink.actual) == (2013, 21, 0)


def test_harmonised_columns_from_every_source(data):
    panel = build_panel(data).set_index(["agency_id", "year"])
    county = panel.loc[("350128-gov", 2012)]
    assert (county.h_requests_received, county.h_granted, county.h_requests_in_person) == (21, 17, 18)
    assert county.h_requests_received_source == "pre-2019 table"
    tax = panel.loc[("350128-taxation", 2013)]
    assert (tax.h_proactive_total, tax.h_proactive_total_source, tax.h_reviews) == (45, "sentence", 0)
    assert pd.isna(tax.h_fees_yuan)  # 费用1万元 is spending on disclosure, not fees charged
    yima = panel.xs(2024, level="year").iloc[0]
    assert yima.h_requests_received == yima.t3_new_received_total
    assert yima.h_requests_received_source == "2021 table"
    assert yima.h_reviews == yima.t4_review_total


def test_every_printed_label_of_the_crosswalk_maps_to_its_measure():
    parents = {"proactive_website": "主动公开信息数", "requests_in_person": "受理申请总数",
               "requests_fax": "受理申请总数", "requests_email": "受理申请总数", "requests_online": "受理申请总数",
               "requests_mail": "受理申请总数", "granted": "对申请的答复总数", "partially_granted": "对申请的答复总数",
               "denied": "对申请的答复总数"}
    for key, m in measures().items():
        assert m.printed and m.why
        for label in m.printed:
            parent = parents.get(key)
            row = StatRow(label=f"{parent}/{label}" if parent else label, parent=parent,
                          unit="元" if m.money else "件", this_year=1)
            assert measure_of_row(row) == key, (key, label)


def test_metrics_of_pre2019_reports_from_their_comparable_measures(data):
    metrics = metrics_for(data).set_index(["agency_id", "year"])
    county = metrics.loc[("350128-gov", 2012)]
    assert (county.requests_received, county.requests_processed, county.reviews) == (21, 21, 0)
    assert county.share_granted == pytest.approx(17 / 21)
    assert pd.isna(county.share_legal_persons)  # no pre-2019 counterpart
    assert metrics.loc[("350128-taxation", 2013)].requests_received == 0  # 未收到…申请
