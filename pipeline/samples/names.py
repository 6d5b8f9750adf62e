"""Publishing agencies of the sample reports: a real county-level place plus a kind of office.

The places are real (four prefectures of 河南 and 江苏, names unique nationwide),
so sample data resolves to division codes and regions like real data does;
the numbers and texts of the reports are invented. Every agency carries an
ASCII slug so that generated file names stay portable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (county-level division, pinyin): 三门峡市, 淮安市, 宿迁市, 连云港市.
PLACES = [
    ("湖滨区", "hubin"), ("陕州区", "shanzhou"), ("渑池县", "mianchi"), ("卢氏县", "lushi"),
    ("义马市", "yima"), ("灵宝市", "lingbao"),
    ("清江浦区", "qingjiangpu"), ("淮安区", "huaian"), ("淮阴区", "huaiyin"), ("洪泽区", "hongze"),
    ("涟水县", "lianshui"), ("盱眙县", "xuyi"), ("金湖县", "jinhu"),
    ("宿城区", "sucheng"), ("宿豫区", "suyu"), ("沭阳县", "shuyang"), ("泗阳县", "siyang"), ("泗洪县", "sihong"),
    ("连云区", "lianyun"), ("赣榆区", "ganyu"), ("东海县", "donghai"), ("灌云县", "guanyun"), ("灌南县", "guannan"),
]
LEVEL_SLUGS = {"县": "county", "市": "city", "区": "district"}

# (office, slug, weight): governments and the departments that publish most.
OFFICES = [
    ("人民政府", "gov", 6), ("公安局", "police", 2), ("财政局", "finance", 2),
    ("自然资源局", "landres", 2), ("住房和城乡建设局", "housing", 2), ("教育局", "edu", 1),
    ("卫生健康委员会", "health", 1), ("市场监督管理局", "market", 2),
    ("人力资源和社会保障局", "hrss", 1), ("交通运输局", "transport", 1), ("生态环境局", "ecoenv", 1),
    ("农业农村局", "agri", 1), ("信访局", "petition", 1), ("民政局", "civil", 1),
    ("司法局", "justice", 1), ("应急管理局", "emergency", 1), ("水利局", "water", 1),
]


AGENCY_NAMES = frozenset(f"{place}{office}" for place, _ in PLACES for office, *_ in OFFICES)


@dataclass(frozen=True)
class Agency:
    name: str  # e.g. 渑池县自然资源局
    slug: str  # e.g. mianchi-county-landres
    is_government: bool  # 人民政府 publish by 31 March, departments by 31 January


def random_agency(rng: random.Random) -> Agency:
    place, place_slug = rng.choice(PLACES)
    office, office_slug, _ = rng.choices(OFFICES, weights=[w for *_, w in OFFICES])[0]
    return Agency(f"{place}{office}", f"{place_slug}-{LEVEL_SLUGS[place[-1]]}-{office_slug}",
                  office == "人民政府")
