"""Agency kinds: the government itself, its general office, and the departments that publish.

A kind is named by its county-level form (公安局, 信访局 …) and an ASCII slug
that goes into ``agency_id``. Departments are called differently at each
level — 公安部 (central), 公安厅 (provincial), 公安局 — and several cities
merged offices (自然资源和规划局); all those spellings map to one kind here.
Renames across time (国土资源局 → 自然资源局 after the 2018 reform) are not
here but in the user-editable alias file, so that a researcher can extend
them without touching code.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

GOVERNMENT = "gov"
TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "苏木")


@dataclass(frozen=True, slots=True)
class Kind:
    slug: str
    name: str          # normalised Chinese name, the value of the ``kind`` column
    known: bool = True  # False: the department was not recognised, ``name`` is as printed


# slug, normalised name, other spellings (after the level suffix is normalised to 局, see below).
_CATALOGUE: list[tuple[str, str, tuple[str, ...]]] = [
    (GOVERNMENT, "人民政府", ("政府", "管理委员会", "管委会", "党工委管委会", "行政公署", "国务院")),
    ("gov_office", "人民政府办公室", ("人民政府办公厅", "政府办公室", "政府办公厅", "政府办", "办公厅", "国务院办公厅",
                                 "人民政府办公局")),
    ("township_gov", "乡镇人民政府", ()),
    ("subdistrict", "街道办事处", ()),
    ("police", "公安局", ()),
    ("finance", "财政局", ()),
    ("petition", "信访局", ("信访办公室", "信访办", "人民来访接待办公室", "信访事项复查复核委员会")),
    ("natural_resources", "自然资源局", ("自然资源和规划局", "规划和自然资源局", "自然资源和规划委员会",
                                    "规划和自然资源委员会", "自然资源与规划局")),
    ("housing", "住房和城乡建设局", ("住房城乡建设局", "住建局", "住房和城乡建设委员会", "住房城乡建设委员会",
                                "住房和城乡建设管理局")),
    ("education", "教育局", ("教育委员会", "教育体育局", "教育和体育局", "教体局")),
    ("health", "卫生健康委员会", ("卫生健康委", "卫生健康局", "卫健委", "卫生和健康委员会", "卫健局")),
    ("market", "市场监督管理局", ("市场监管局",)),
    ("hrss", "人力资源和社会保障局", ("人力资源社会保障局", "人社局")),
    ("transport", "交通运输局", ("交通局", "交通运输委员会")),
    ("ecoenv", "生态环境局", ("环境局",)),
    ("agriculture", "农业农村局", ("农业农村委员会", "农业农村委")),
    ("civil_affairs", "民政局", ()),
    ("justice", "司法局", ()),
    ("emergency", "应急管理局", ("应急局",)),
    ("water", "水利局", ("水务局", "水利委员会")),
    ("commerce", "商务局", ("商务委员会",)),
    ("culture_tourism", "文化和旅游局", ("文化广电和旅游局", "文化广电旅游局", "文化旅游局", "文化广电体育和旅游局",
                                    "文化和旅游委员会", "文旅局")),
    ("development_reform", "发展和改革委员会", ("发展改革委", "发展和改革局", "发改委", "发展改革局", "发改局")),
    ("industry_it", "工业和信息化局", ("工业和信息化委员会", "工信局", "经济和信息化局", "经济和信息化委员会")),
    ("science", "科学技术局", ("科技局", "科学技术委员会")),
    ("audit", "审计局", ()),
    ("statistics", "统计局", ()),
    ("veterans", "退役军人事务局", ()),
    ("ethnic_religion", "民族宗教事务局", ("民族宗教事务委员会", "民族和宗教事务局", "民族宗教局")),
    ("forestry", "林业和草原局", ("林业局",)),
    ("medical_security", "医疗保障局", ("医保局",)),
    ("taxation", "税务局", ()),
    ("urban_management", "城市管理局", ("城市管理综合执法局", "城市管理和综合执法局", "城管局", "综合行政执法局")),
    ("sports", "体育局", ()),
    ("gov_services", "政务服务和大数据管理局", ("行政审批局", "政务服务管理局", "行政审批服务局", "数据局",
                                         "政务服务数据管理局", "大数据管理局", "行政审批和政务信息管理局")),
    ("sasac", "国有资产监督管理委员会", ("国资委",)),
    ("grain_reserves", "粮食和物资储备局", ("粮食局",)),
    ("archives", "档案局", ("档案馆",)),
    ("radio_tv", "广播电视局", ()),
    ("housing_fund", "住房公积金管理中心", ()),
]

# Level suffixes: a provincial 厅, a central 部/署/总局 are the county-level 局.
_LEVEL_SUFFIX = re.compile(r"(厅|部|署|总局)$")

_BY_SPELLING: dict[str, Kind] = {}
for _slug, _name, _others in _CATALOGUE:
    for _spelling in (_name, *_others):
        _BY_SPELLING.setdefault(_spelling, Kind(_slug, _name))
KINDS: dict[str, Kind] = {slug: Kind(slug, name) for slug, name, _ in _CATALOGUE}


def normalise_level(department: str) -> str:
    """``公安厅``/``公安部`` → ``公安局``; ``国家统计局`` → ``统计局`` (central prefix dropped)."""
    d = department.removeprefix("国家") if len(department) > 3 else department
    if d in _BY_SPELLING:
        return d
    return _LEVEL_SUFFIX.sub("局", d)


def match_kind(department: str) -> Kind | None:
    """The catalogue kind of a department name as printed after the place, or None."""
    if department in _BY_SPELLING:
        return _BY_SPELLING[department]
    return _BY_SPELLING.get(normalise_level(department))


def unknown_kind(department: str) -> Kind:
    """A department not in the catalogue keeps its printed name; its slug is a hash of it."""
    return Kind("k" + hashlib.sha1(department.encode("utf-8")).hexdigest()[:8], department, known=False)
