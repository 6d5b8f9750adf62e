"""The metrics of one agency-year: names, labels and formulas — the data dictionary.

Every metric is computed from the printed cells of the report (tables 2–4), never
from corrected ones. Conventions, applied to every formula:

- a blank cell counts as 0 (that is what a blank means in these tables), an
  unreadable cell (``problem`` set) makes every formula that uses it null;
- a table the report does not have makes its metrics null;
- a ratio whose denominator is 0 or null is null — never 0, never infinity;
- totals are the printed ones (（七）总计, 总计): a reader can redo each number
  from the report by hand. Whether the report's own identities hold is in
  ``identities_ok``/``checks_failed`` beside the metrics, not hidden in them.

Table 3 references are ``row[applicant]`` with the keys of ``tables.yaml``; table 4
``proceeding[outcome]``; table 2 ``item.measure``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["count", "share", "per100", "text", "money"]

DENIED_ROWS = (
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
    "denied_third_party_rights", "denied_internal_affairs", "denied_process_information",
    "denied_enforcement_files", "denied_administrative_query",
)
UNAVAILABLE_ROWS = ("unavailable_not_held", "unavailable_must_create", "unavailable_unclear")
REJECTED_ROWS = ("rejected_petition_complaint", "rejected_duplicate", "rejected_publication",
                 "rejected_vexatious", "rejected_confirm_existing")
OTHER_ROWS = ("other_no_correction", "other_no_fee_paid", "other_other", "other_total")
LEGAL_PERSON_COLUMNS = ("commercial", "research", "social_welfare", "legal_services", "other_org")
LITIGATION = ("litigation_direct", "litigation_after_review")
DECIDED = ("upheld", "corrected", "other")

# Short Chinese names of the denial reasons, for charts and tables.
DENIAL_LABELS = {
    "denied_state_secret": "国家秘密", "denied_prohibited_by_law": "法律行政法规禁止公开",
    "denied_security_stability": "危及“三安全一稳定”", "denied_third_party_rights": "保护第三方合法权益",
    "denied_internal_affairs": "三类内部事务信息", "denied_process_information": "四类过程性信息",
    "denied_enforcement_files": "行政执法案卷", "denied_administrative_query": "行政查询事项",
}


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    label: str       # Chinese label, as shown in the report
    label_en: str
    unit: Unit
    formula: str     # in the terms of tables.yaml


METRICS: tuple[Metric, ...] = (
    Metric("requests_new", "本年新收申请", "new requests", "count", "new_received[total]"),
    Metric("requests_carried_over", "上年结转申请", "requests carried over", "count", "carried_over[total]"),
    Metric("requests_received", "申请总数", "requests received", "count",
           "new_received[total] + carried_over[total]"),
    Metric("requests_processed", "已办理申请", "requests processed", "count", "total_processed[total]"),
    Metric("share_granted", "予以公开比例", "share granted", "share",
           "granted[total] / total_processed[total]"),
    Metric("share_partially_granted", "部分公开比例", "share partially granted", "share",
           "partially_granted[total] / total_processed[total]"),
    Metric("share_denied", "不予公开比例", "share denied", "share",
           "sum(denied_*[total]) / total_processed[total]"),
    Metric("leading_denial_reason", "主要不予公开理由", "leading denial reason", "text",
           "the denied_* row with the largest total (first in official order on a tie); null when none"),
    Metric("leading_denial_count", "主要理由件数", "requests denied for the leading reason", "count",
           "denied_<leading reason>[total]"),
    Metric("share_unavailable", "无法提供比例", "share unable to provide", "share",
           "sum(unavailable_*[total]) / total_processed[total]"),
    Metric("share_not_processed", "不予处理比例", "share not processed", "share",
           "sum(rejected_*[total]) / total_processed[total]"),
    Metric("share_other_outcome", "其他处理比例", "share other outcome", "share",
           "sum(other_*[total]) / total_processed[total]"),
    Metric("share_legal_persons", "法人或其他组织申请比例", "share of new requests from legal persons", "share",
           "sum(new_received[commercial, research, social_welfare, legal_services, other_org])"
           " / new_received[total]"),
    Metric("reviews", "行政复议", "administrative reviews", "count", "review[total]"),
    Metric("lawsuits", "行政诉讼", "lawsuits", "count",
           "litigation_direct[total] + litigation_after_review[total]"),
    Metric("reviews_per_100_requests", "每百件申请复议数", "reviews per 100 requests", "per100",
           "100 × review[total] / requests_received"),
    Metric("lawsuits_per_100_requests", "每百件申请诉讼数", "lawsuits per 100 requests", "per100",
           "100 × lawsuits / requests_received"),
    Metric("share_reviews_corrected", "复议纠正比例", "share of decided reviews corrected (agency lost)",
           "share", "review[corrected] / (review[upheld] + review[corrected] + review[other])"),
    Metric("share_lawsuits_corrected", "诉讼纠正比例", "share of decided lawsuits corrected (agency lost)",
           "share", "sum over both litigation rows of [corrected] / sum of [upheld] + [corrected] + [other]"),
    Metric("rules_issued", "规章制发件数", "rules issued", "count",
           "rules.issued (format 2021) or rules.newly_made (format 2019)"),
    Metric("normative_documents_issued", "规范性文件制发件数", "normative documents issued", "count",
           "normative_documents.issued (format 2021) or normative_documents.newly_made (format 2019)"),
    Metric("licensing_decisions", "行政许可决定", "licensing decisions", "count", "licensing.decisions"),
    Metric("penalty_decisions", "行政处罚决定", "penalty decisions", "count", "penalty.decisions"),
    Metric("coercion_decisions", "行政强制决定", "coercion decisions", "count", "coercion.decisions"),
    Metric("fees_10k_yuan", "行政事业性收费（万元）", "fees collected (10k yuan)", "money",
           "fees.amount_10k_yuan (format 2021 only; format 2019 prints no amount)"),
)
BY_NAME = {m.name: m for m in METRICS}
NUMERIC = tuple(m.name for m in METRICS if m.unit != "text")

# Columns of the metrics dataset besides the metrics themselves.
FLAG_COLUMNS = {
    "identities_ok": "true when every identity of the report's own tables 3–4 that could be evaluated holds; "
                     "false when any fails; null when none could be evaluated",
    "checks_failed": "number of the report's own identities that fail (the `checks` dataset lists each one)",
    "cross_year_ok": "the same for the identities with the agency's previous report (carry-over, rules in "
                     "force: `cross_carry_over`, `cross_in_force`); null when there is none to compare",
}


def metric(name: str) -> Metric:
    """The definition of ``name``, or a KeyError listing the valid names."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown metric {name!r}; one of {', '.join(BY_NAME)}") from None


def dictionary_markdown() -> str:
    """The metrics table of the README's data dictionary (a test keeps the two equal)."""
    from pipeline.stats.metrics import PRE2019_METRICS

    lines = ["| metric | 中文 | unit | formula |", "|---|---|---|---|"]
    for m in METRICS:
        formula = m.formula
        if m.name in PRE2019_METRICS:
            num, den = PRE2019_METRICS[m.name]
            formula += f"; pre-2019 reports: {num}" + (f" / {den}" if den else "") + " (h_ columns)"
        lines.append(f"| `{m.name}` | {m.label} | {m.unit} | {formula} |")
    for name, text in FLAG_COLUMNS.items():
        lines.append(f"| `{name}` | | flag | {text} |")
    return "\n".join(lines)
