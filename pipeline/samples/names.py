"""Real-looking (fictional) publishing agencies: a place plus a kind of office.

Every agency carries an ASCII slug so that generated file names stay portable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (place name, pinyin) — plausible county/city/district names.
PLACES = [
    ("青山", "qingshan"), ("临河", "linhe"), ("安平", "anping"), ("永宁", "yongning"),
    ("东湖", "donghu"), ("西林", "xilin"), ("南丰", "nanfeng"), ("北屯", "beitun"),
    ("清溪", "qingxi"), ("桐柏", "tongbai"), ("梅江", "meijiang"), ("兴隆", "xinglong"),
    ("长宁", "changning"), ("云岭", "yunling"), ("德安", "dean"), ("泰和", "taihe"),
    ("华阳", "huayang"), ("新丰", "xinfeng"), ("宁远", "ningyuan"), ("平阴", "pingyin"),
    ("石门", "shimen"), ("金溪", "jinxi"), ("凤台", "fengtai"), ("龙泉", "longquan"),
]
LEVELS = [("县", "county"), ("市", "city"), ("区", "district")]

# (office, slug, weight): governments and the departments that publish most.
OFFICES = [
    ("人民政府", "gov", 6), ("公安局", "police", 2), ("财政局", "finance", 2),
    ("自然资源局", "landres", 2), ("住房和城乡建设局", "housing", 2), ("教育局", "edu", 1),
    ("卫生健康委员会", "health", 1), ("市场监督管理局", "market", 2),
    ("人力资源和社会保障局", "hrss", 1), ("交通运输局", "transport", 1), ("生态环境局", "ecoenv", 1),
    ("农业农村局", "agri", 1), ("信访局", "petition", 1), ("民政局", "civil", 1),
    ("司法局", "justice", 1), ("应急管理局", "emergency", 1), ("水利局", "water", 1),
]


@dataclass(frozen=True)
class Agency:
    name: str  # e.g. 青山县自然资源局
    slug: str  # e.g. qingshan-county-landres
    is_government: bool  # 人民政府 publish by 31 March, departments by 31 January


def random_agency(rng: random.Random) -> Agency:
    place, place_slug = rng.choice(PLACES)
    level, level_slug = rng.choice(LEVELS)
    office, office_slug, _ = rng.choices(OFFICES, weights=[w for *_, w in OFFICES])[0]
    return Agency(f"{place}{level}{office}", f"{place_slug}-{level_slug}-{office_slug}", office == "人民政府")
