"""Links that look like a report but are not one: recorded as seen and skipped, with the reason.

Sites list, next to the report, its 解读 (interpretation), 图解 / 一图读懂
(graphic summaries), H5 and 长图 (long-image) versions, the year's 政务公开工作要点
(work plan) and the 通知 / 函 that forward or request reports. None of them
holds the report's tables; archiving them as the report would hide the report.
"""

from __future__ import annotations

import re

# (pattern on the normalised title, reason), first match wins
DISTRACTORS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"一图读懂"), "一图读懂: a graphic summary, not the report"),
    (re.compile(r"图解"), "图解: a graphic summary, not the report"),
    (re.compile(r"解读"), "解读: an interpretation of the report, not the report"),
    (re.compile(r"H5|长图", re.IGNORECASE), "H5 / 长图: an image version, not the report"),
    (re.compile(r"工作要点"), "工作要点: the year's work plan, not a report"),
    (re.compile(r"通知|函|转发|印发|报送|编制|做好|征集|评估|考核|排名"),
     "通知 / 函 about reports, not a report"),
)
_WORK_PLAN = re.compile(r"(?:19|20)\d\d年.*(?:政务公开|信息公开).*工作要点")


def distractor(title: str, *, is_report_title: bool) -> str | None:
    """Why ``title`` (normalised) is a distractor, or None.

    Only titles that name a report (``is_report_title``) or a year's 工作要点 are
    judged: a 政府信息公开目录 link is navigation, not a distractor.
    """
    if not is_report_title and not _WORK_PLAN.search(title):
        return None
    return next((reason for pattern, reason in DISTRACTORS if pattern.search(title)), None)
