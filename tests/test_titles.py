"""The one report-title parser: every way a real title is printed, and texts that are not report titles."""

from __future__ import annotations

import pytest

from pipeline.titles import parse_title


@pytest.mark.parametrize(("text", "agency", "year"), [
    ("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024),
    ("青山县财政局 2022 年政府信息公开工作年度报告(超链版)", "青山县财政局", 2022),
    ("青山县财政局2 0 2 3 年 政府信息公开工作年度报告", "青山县财政局", 2023),
    ("《青山县人民政府2022年政府信息公开工作年度报告》解读", "青山县人民政府", 2022),
    ("二〇二三年政府信息公开年报", None, 2023),
    ("二○二四年度淮安市人民政府政府信息公开工作年度报告", "淮安市人民政府", 2024),
    ("义马市信访局2024年政府信息公开工作年报", "义马市信访局", 2024),
    ("附件1：沭阳县人民政府（2024年度）政务公开工作年度报告", "沭阳县人民政府", 2024),
    ("洪泽区人民政府2023年政务公开暨政府信息公开工作年度报告", "洪泽区人民政府", 2023),
    ("淮安市财政局２０２４年信息公开年度工作报告", "淮安市财政局", 2024),
    ("关于淮安市民政局2021年政府信息公开工作年度报告", "淮安市民政局", 2021),
])
def test_report_titles(text, agency, year):
    t = parse_title(text)
    assert (t.agency, t.year, t.wrapper) == (agency, year, None)


def test_title_inside_a_notice_names_the_issuer_and_the_wrapper():
    t = parse_title("淮安市人民政府关于印发淮安市2024年政府信息公开工作年度报告的通知")
    assert (t.agency, t.year, t.wrapper) == ("淮安市人民政府", 2024, "印发")
    t = parse_title("关于报送2023年政府信息公开工作年度报告的通知")
    assert (t.agency, t.year, t.wrapper) == (None, 2023, "报送")


def test_matched_title_is_normalised():
    assert parse_title("  青山县财政局 二〇二二 年政府信息公开工作年度报告 ").title == \
        "青山县财政局2022年政府信息公开工作年度报告"


@pytest.mark.parametrize("text", ["政府信息公开年报", "2023年政府工作报告", "政府信息公开指南", "", "2024年"])
def test_not_report_titles(text):
    assert parse_title(text) is None
