"""Canned queries: the questions journalists ask, as parameterised SQL on the site database.

Every region filter is the same expression (a division-code prefix such as
``3208``, or a place name matched against province / prefecture / county /
township and the start of the agency's name), and an empty parameter means
"all". The ranking query lists every numeric metric of
:mod:`pipeline.metrics.definitions`, so a new metric is rankable at once.
"""

from __future__ import annotations

from pipeline.metrics import METRICS

from .fts import fts_name


def region_filter(alias: str = "") -> str:
    p = f"{alias}." if alias else ""
    return (f"(:region = '' OR {p}division_code LIKE :region || '%' OR :region IN ({p}province, {p}prefecture, "
            f"{p}county, {p}township) OR {p}agency LIKE :region || '%')")


def _region_by_name(alias: str = "") -> str:
    """The region filter for tables that carry the region names but no division code."""
    p = f"{alias}." if alias else ""
    return (f"(:region = '' OR :region IN ({p}province, {p}prefecture, {p}county) "
            f"OR {p}agency LIKE :region || '%' OR {p}report_id LIKE :region || '%')")


def _year(alias: str = "") -> str:
    p = f"{alias}." if alias else ""
    return f"(:year = '' OR {p}year = CAST(:year AS INTEGER))"


def _metric_case() -> str:
    whens = " ".join(f"WHEN '{m.name}' THEN {m.name}" for m in METRICS if m.unit != "text")
    return f"CASE :metric {whens} END"


def canned_queries() -> dict[str, dict]:
    numeric = ", ".join(m.name for m in METRICS if m.unit != "text")
    return {
        "ranking": {
            "title": "Rank a region's agencies on a metric · 地区排名",
            "description": f"metric: one of {numeric}. region: division-code prefix (3208) or place name "
                           "(淮安市); year and kind (公安局, 人民政府 …) may be left empty. Reports whose "
                           "identities fail are kept, with identities_ok = 0.",
            "sql": f"""SELECT RANK() OVER (ORDER BY value DESC) AS rank, agency, kind, province, prefecture, county,
  year, value, identities_ok, report_id, source_url
FROM (SELECT *, {_metric_case()} AS value FROM metrics)
WHERE value IS NOT NULL AND {region_filter()} AND {_year()}
  AND (:kind = '' OR kind = :kind OR agency LIKE '%' || :kind)
ORDER BY value DESC, agency""",
        },
        "failing_identities": {
            "title": "Reports failing an identity · 勾稽关系不符",
            "description": "Identities (勾稽关系) that do not hold, largest gap first.",
            "sql": f"""SELECT report_id, agency, year, "check", subject, expected, actual, gap, summary, source_url
FROM findings_identities WHERE {_region_by_name()} AND {_year()}
ORDER BY ABS(gap) DESC, agency, year""",
        },
        "late_reports": {
            "title": "Late reports · 逾期发布",
            "description": "Reports published after the legal deadline, latest first.",
            "sql": f"""SELECT report_id, agency, year, published_date, deadline, days_late, deadline_rule, source_url
FROM findings_late WHERE {_region_by_name()} AND {_year()}
ORDER BY days_late DESC, agency""",
        },
        "missing_reports": {
            "title": "Missing reports · 未见年报",
            "description": "Agency-years without a report in the data (it may be unpublished or not collected).",
            "sql": f"""SELECT agency_id, agency, year, gap, last_year, next_year, province, prefecture, county, summary,
  source_url
FROM findings_missing WHERE {_region_by_name()} AND {_year()}
ORDER BY year DESC, agency""",
        },
        "copied_text": {
            "title": "Copied text · 文本雷同",
            "description": "Sections 1 and 5 that repeat another report's text (score = Jaccard similarity).",
            "sql": f"""SELECT report_id, agency, year, section, relation, score, other_agency, other_year, summary,
  shared_passages, source_url, other_source_url
FROM findings_copied_text WHERE {_region_by_name()} AND {_year()}
ORDER BY score DESC, agency""",
        },
        "search_sections": {
            "title": "Search the reports' text · 全文检索",
            "description": "q: words, matched as jieba segments them (公安 finds 公安局, 信息公开 finds "
                           "政府信息公开); region and year may be left empty. Best matches first.",
            "sql": f"""SELECT s.report_id, r.agency, r.year, s.section,
  unsegment(snippet({fts_name('sections')}, 0, '【', '】', '…', 24)) AS excerpt, r.source_url
FROM {fts_name('sections')} JOIN sections s ON s.rowid = {fts_name('sections')}.rowid
  JOIN reports r ON r.report_id = s.report_id
WHERE {fts_name('sections')} MATCH jieba_match(:q) AND {region_filter('r')} AND {_year('r')}
ORDER BY rank LIMIT 500""",
        },
    }
