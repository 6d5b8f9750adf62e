"""Chinese prose for sections 一, 五 and 六, assembled from varied templates.

Paragraphs are joined with "\\n"; the section heading is not part of the text
(renderers print it). Section 1 quotes a few numbers of the tables, as real
reports do, so that text and tables of one report agree.
"""

from __future__ import annotations

import random

_OPENINGS = [
    ("{year}年，{short}深入贯彻落实《中华人民共和国政府信息公开条例》（国务院令第711号），"
     "按照{notice}要求，坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。"),
    ("{year}年度，{short}认真贯彻党中央、国务院关于全面推进政务公开的决策部署，"
     "严格执行《中华人民共和国政府信息公开条例》和{notice}，不断提升政务公开质量和实效。"),
    ("本报告根据《中华人民共和国政府信息公开条例》和{notice}编制，所列数据统计期限为{year}年1月1日至12月31日。"
     "{year}年，{short}围绕中心工作，持续深化政务公开。"),
]
_PROACTIVE = [
    ("（一）主动公开。全年通过政府网站主动公开各类政府信息{posts}条，发布政策解读{readings}篇，"
     "及时公开预决算、重大项目建设、民生保障等重点领域信息。"),
    ("（一）主动公开。围绕群众关切，全年在门户网站发布信息{posts}条，其中政策解读{readings}篇，"
     "通过政务新媒体同步推送，扩大信息传播覆盖面。"),
]
_REQUESTS_NONE = [
    "（二）依申请公开。进一步规范依申请公开受理、审查、答复流程，{year}年未收到政府信息公开申请。",
    "（二）依申请公开。健全依申请公开工作机制，本年度未收到政府信息公开申请，无上年结转申请。",
]
_REQUESTS = [
    ("（二）依申请公开。严格按照法定时限和程序办理，全年共收到政府信息公开申请{received}件，"
     "上年结转{carried}件，均已依法答复，结转下年度继续办理{forward}件。"),
    ("（二）依申请公开。{year}年新收政府信息公开申请{received}件，已办结{processed}件，"
     "答复内容合法有据、格式规范。"),
]
_MANAGEMENT = [
    ("（三）政府信息管理。落实“三审三校”和保密审查制度，对拟公开信息逐条审核，"
     "动态更新政府信息公开指南和目录。"),
    ("（三）政府信息管理。按照“谁制作、谁审核、谁发布”原则，严格执行发布审核制度，"
     "全年开展规范性文件清理{cleanups}次。"),
]
_PLATFORMS = [
    ("（四）政府信息公开平台建设。优化门户网站政府信息公开专栏，加强政务新媒体管理，"
     "依托政务服务中心设置政府信息公开查阅点。"),
    ("（四）政府信息公开平台建设。持续完善政府网站集约化平台功能，规范栏目设置，"
     "确保平台安全稳定运行。"),
]
_OVERSIGHT = [
    "（五）监督保障。将政务公开纳入年度绩效考核，组织业务培训{trainings}次，未发生因政府信息公开引发的责任追究情况。",
    "（五）监督保障。调整充实政务公开工作领导小组，明确专人负责，主动接受社会监督。",
]
_PROBLEMS = [
    ("存在的主要问题：一是政策解读形式较为单一，图解、视频等解读方式运用不够；"
     "二是部分栏目信息更新不够及时。"),
    "存在的主要问题：信息公开的内容与群众需求还存在一定差距，工作人员业务能力有待进一步提高。",
    "{year}年度政府信息公开工作虽取得一定成效，但仍存在公开内容不够全面、互动回应不够及时等问题。",
]
_IMPROVEMENTS = [
    ("改进措施：一是丰富解读形式，提高解读质量；二是加强栏目巡查，确保信息及时更新；"
     "三是加强业务培训，提升工作人员能力水平。"),
    "下一步，将持续规范依申请公开办理流程，强化监督考核，推动政务公开工作提质增效。",
]
_OTHER = [
    "本年度未收取信息处理费。",
    "无。",
    "根据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。{year}年共办理人大代表建议{motions}件、政协提案{proposals}件，均已按时办结。",
    "本机关{year}年度未发生收取信息处理费的情况，无其他需要报告的事项。",
]

_NOTICES = {"2021": "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
            "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"}


def section_texts(rng: random.Random, agency: str, year: int, fmt: str,
                  received: int, carried: int, processed: int, forward: int) -> dict[str, str]:
    """Texts of sections "1", "5" and "6"."""
    short = "本机关" if rng.random() < 0.5 else agency
    values = {"year": year, "short": short, "notice": _NOTICES[fmt], "received": received,
              "carried": carried, "processed": processed, "forward": forward,
              "posts": rng.randint(30, 3000), "readings": rng.randint(1, 60), "cleanups": rng.randint(1, 4),
              "trainings": rng.randint(1, 6), "motions": rng.randint(0, 40), "proposals": rng.randint(0, 40)}
    requests = _REQUESTS if received + carried else _REQUESTS_NONE
    parts1 = [_OPENINGS, _PROACTIVE, requests, _MANAGEMENT, _PLATFORMS, _OVERSIGHT]
    return {
        "1": "\n".join(rng.choice(p).format(**values) for p in parts1),
        "5": "\n".join(rng.choice(p).format(**values) for p in (_PROBLEMS, _IMPROVEMENTS)),
        "6": rng.choice(_OTHER).format(**values),
    }


def signature(report) -> list[str]:
    """The closing lines real reports print under section 六: the agency and the date."""
    d = report.published_date
    return [report.agency, f"{d.year}年{d.month}月{d.day}日"]
