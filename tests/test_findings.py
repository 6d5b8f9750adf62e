"""Each finding fires on a crafted case and stays silent on a clean one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import corpus_path

from pipeline.extract import extract_path
from pipeline.findings import (
    analyse,
    build,
    copied_text,
    identical_tables,
    identity_failures,
    keyword_trends,
    late_reports,
    missing_reports,
    read_derived,
)
from pipeline.findings.text import STOP_WORDS
from pipeline.load import load

# Two honest section-1 texts of agencies of one county: same genre, same stock phrases, own content.
HONEST_A = """一、总体情况
2023年，青山县公安局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》。
（一）主动公开。全年在门户网站发布交通管理、户籍办理、出入境证件等便民信息312条，公布电动自行车登记新规，
通过“青山警方”微信公众号推送防范电信网络诈骗提示86期，并在各派出所户籍窗口张贴办事指南。
（二）依申请公开。全年收到申请14件，主要涉及交通事故认定书和案件办理进度，均在法定期限内答复。
（三）平台建设。完成执法公开栏目改版，新增警情通报和交通违法曝光两个子栏目，实现手机端同步浏览。"""
HONEST_B = """一、总体情况
2023年，青山县教育局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》。
（一）主动公开。重点公开义务教育招生划片范围、学前教育资助名单、教师招聘公告和校园食品安全检查结果，
全年发布信息207条；春季开学前集中发布城区小学学区地图，暑期公布民办学校收费标准和退费办法。
（二）依申请公开。全年收到申请9件，多为家长询问入学条件和学籍转移手续，已全部按期办结。
（三）平台建设。在县政府门户网站开设“阳光招生”专题，接入全县中小学校招生咨询电话，方便群众查询。"""
# HONEST_A taken by another county's agency: name swapped, a few words and the numbers changed.
COPY_OF_A = (HONEST_A.replace("青山县公安局", "临河县公安局").replace("青山警方", "临河警方")
             .replace("312", "288").replace("86期", "91期").replace("14件", "17件")
             .replace("便民信息", "便民资讯").replace("完成", "启动"))


def _reports(rows):
    return pd.DataFrame(rows, columns=["agency_id", "year", "agency", "published_date", "source_url"])


def _sections(rows):
    return pd.DataFrame(rows, columns=["agency_id", "year", "section", "text"])


def test_copied_text_across_agencies_is_caught_and_honest_neighbours_are_not():
    reports = _reports([("a", 2023, "青山县公安局", date(2024, 1, 20), "http://a/2023"),
                        ("b", 2023, "青山县教育局", date(2024, 1, 22), "http://b/2023"),
                        ("c", 2023, "临河县公安局", date(2024, 1, 28), "http://c/2023")])
    sections = _sections([("a", 2023, 1, HONEST_A), ("b", 2023, 1, HONEST_B), ("c", 2023, 1, COPY_OF_A)])
    found = copied_text(analyse(sections, reports), reports)
    assert len(found) == 1
    row = found.iloc[0]
    # The later publication is the copy; the row points at it and at the original.
    assert (row["agency_id"], row["other_agency_id"], row["relation"], row["section"]) == \
        ("c", "a", "across_agencies", 1)
    assert row["other_source_url"] == "http://a/2023"
    assert 0.7 <= row["score"] < 1.0
    # The copy's sentences that the original has too (numbers and names masked), longest first.
    assert list(row["shared_passages"]) == [
        "2023年，临河县公安局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "全年收到申请17件，主要涉及交通事故认定书和案件办理进度，均在法定期限内答复。"]


def test_copied_text_across_years_with_new_numbers_is_a_full_match():
    section5 = ("五、存在的主要问题及改进情况\n存在的主要问题：一是公开内容与群众关切还有差距，{n}个栏目更新不及时；"
                "二是依申请公开答复文书格式不统一。改进措施：一是建立栏目巡查台账，每月通报更新情况；"
                "二是制定答复文书模板，组织{m}次专题培训；三是开展政务新媒体清理整合，关停僵尸账号。")
    reports = _reports([("a", 2022, "青山县公安局", None, "u22"), ("a", 2023, "青山县公安局", None, "u23"),
                        ("b", 2023, "青山县教育局", None, "ub")])
    sections = _sections([("a", 2022, 5, section5.format(n=3, m=2)), ("a", 2023, 5, section5.format(n=5, m=4)),
                          ("b", 2023, 5, HONEST_B)])
    found = copied_text(analyse(sections, reports), reports)
    assert found[["agency_id", "year", "other_year", "relation", "score"]].values.tolist() == \
        [["a", 2023, 2022, "across_years", 1.0]]


def test_late_reports_use_the_deadline_of_the_agency_kind():
    reports = _reports([
        ("g", 2023, "青山县人民政府", date(2024, 3, 15), "u"),      # government, before 31 March
        ("h", 2023, "临河县人民政府", date(2024, 4, 2), "u"),       # government, 2 days late
        ("d", 2023, "青山县公安局", date(2024, 3, 15), "u"),        # department: 29 + 15 = 44 days late
        ("e", 2023, "青山县教育局", date(2024, 1, 31), "u"),        # department, on the last day
        ("f", 2023, "青山县财政局", None, "u"),                     # date unknown: no finding
    ])
    late = late_reports(reports)
    assert late[["agency_id", "days_late", "deadline"]].values.tolist() == \
        [["h", 2, date(2024, 3, 31)], ["d", 44, date(2024, 1, 31)]]


def test_late_reports_prefer_the_agency_kind_column():
    reports = _reports([("g", 2023, "青山县政府", date(2024, 3, 15), "u")]).assign(kind="人民政府")
    assert late_reports(reports).empty


def test_missing_reports_between_and_after():
    reports = _reports([("a", 2019, "甲", None, "u19"), ("a", 2021, "甲", None, "u21"),
                        ("b", 2021, "乙", None, "u"), ("b", 2022, "乙", None, "u")])
    missing = missing_reports(reports)
    assert missing[["agency_id", "year", "gap", "last_year"]].values.tolist() == \
        [["a", 2020, "between reports", 2019], ["a", 2022, "after last report", 2021]]
    assert missing.iloc[0]["next_year"] == 2021


def _table4(agency: str, year: int, values: dict[str, int | None]) -> list[tuple]:
    return [(agency, year, "review", o, v, None) for o, v in values.items()]


def test_identical_tables_need_every_cell_equal_and_some_non_zero():
    same = {"upheld": 3, "corrected": 1, "other": 2, "pending": 0, "total": 6}
    zeros = dict.fromkeys(same, 0)
    rows = (_table4("a", 2022, same) + _table4("a", 2023, same)                       # copied
            + _table4("b", 2022, zeros) + _table4("b", 2023, zeros)                   # nothing to report
            + _table4("c", 2022, same) + _table4("c", 2023, {**same, "other": None}))  # one cell differs
    appeals = pd.DataFrame(rows, columns=["agency_id", "year", "proceeding", "outcome", "value", "problem"])
    found = identical_tables({"appeals": appeals})
    assert found[["agency_id", "year", "table", "other_year", "n_cells", "nonzero_cells"]].values.tolist() == \
        [["a", 2023, "table4", 2022, 5, 4]]


def test_keyword_trends_count_reports_not_words_and_skip_the_genre():
    reports = _reports([("a", 2023, "青山县公安局", None, "u"), ("b", 2023, "青山县教育局", None, "u"),
                        ("c", 2023, "临河县公安局", None, "u")])
    sections = _sections([("a", 2023, 1, HONEST_A), ("b", 2023, 1, HONEST_B), ("c", 2023, 1, COPY_OF_A)])
    trends = keyword_trends(analyse(sections, reports).keywords)
    by_word = trends.set_index("keyword")
    assert by_word.loc["栏目", "reports"] == 2 and by_word.loc["栏目", "share"] == pytest.approx(2 / 3)
    assert by_word.loc["户籍", "reports"] == 2 and by_word.loc["户籍", "occurrences"] == 4
    assert not set(trends["keyword"]) & STOP_WORDS
    assert "招生" not in by_word.index or by_word.loc["招生", "reports"] >= 2  # one report's word is no trend


def test_identity_failures_on_a_real_report_with_cells_pages_and_gap(tmp_path):
    files = [corpus_path("reports/huaian-hongze-district-gov-2023.pdf"),
             corpus_path("reports/huaian-city-gov-2024.pdf")]
    load((extract_path(f) for f in files), tmp_path)
    build(tmp_path, jobs=1)
    found = read_derived(tmp_path, "findings_identities").sort_values("subject")
    # Hongze 2023 prints review total 0 for 10 + 1 + 0 + 0, after-review litigation 0 for 5 + 0 + 0 + 0;
    # Huai'an city 2024 adds up and has no finding.
    assert found[["agency", "check", "subject", "expected", "actual", "gap"]].values.tolist() == [
        ["洪泽区人民政府", "t4_total", "litigation_after_review", 5.0, 0.0, -5.0],
        ["洪泽区人民政府", "t4_total", "review", 11.0, 0.0, -11.0]]
    review = found.iloc[1]
    assert list(review["cells"]) == ["review/upheld", "review/corrected", "review/other", "review/pending",
                                     "review/total"]
    assert list(review["pages"]) == [4] and review["table"] == "table4"
    assert review["source_url"].endswith("huaian-hongze-district-gov-2023.pdf")
    assert review["summary"] == "t4_total review: printed 0, the identity gives 11 (gap -11)"


def test_derived_datasets_sit_beside_the_loaded_ones_and_follow_each_load(tmp_path):
    load([extract_path(corpus_path("reports/huaian-hongze-district-gov-2023.pdf"))], tmp_path)
    first = build(tmp_path, jobs=1)
    assert first.built and first.rows["metrics"] == 1
    assert build(tmp_path, jobs=1).built is False                 # current: not recomputed
    metrics = pd.read_parquet(tmp_path / "datasets" / "metrics")  # plain pandas, like the others
    assert metrics["requests_received"].tolist() == [21]
    load([extract_path(corpus_path("reports/huaian-hongze-district-gov-2024.pdf"))], tmp_path)
    assert not (tmp_path / "datasets" / "metrics").exists()        # a new snapshot has no stale results
    again = read_derived(tmp_path, "metrics")                      # rebuilt on first use
    assert sorted(again["year"].tolist()) == [2023, 2024]


def test_cross_year_identity_failures_are_findings_but_missing_years_are_not():
    checks = pd.DataFrame([
        ("a", 2024, "table3", "cross_carry_over", "total", 7.0, 4.0, False),
        ("a", 2024, None, "cross_missing_year", "2022", 1.0, 0.0, False),
        ("a", 2024, "table3", "t3_balance", "total", 10.0, 10.0, True)],
        columns=["agency_id", "year", "table", "check", "subject", "expected", "actual", "ok"])
    cells = pd.DataFrame([("a", 2024, "carried_over", "total", 4, 3)],
                         columns=["agency_id", "year", "row", "applicant", "value", "page"])
    reports = _reports([("a", 2024, "甲", None, "u")]).assign(format_table3="2021")
    found = identity_failures(checks, reports, cells, cells.rename(columns={"row": "proceeding",
                                                                            "applicant": "outcome"}).iloc[:0])
    assert found[["check", "subject", "gap", "relative_gap"]].values.tolist() == \
        [["cross_carry_over", "total", -3.0, 3 / 7]]
    assert list(found.iloc[0]["cells"]) == ["carried_over/total"] and list(found.iloc[0]["pages"]) == [3]
