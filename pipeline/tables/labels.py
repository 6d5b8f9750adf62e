"""Label patterns: which printed label means which canonical key.

Patterns are matched against ``text.label_key`` forms (NFKC, no whitespace,
punctuation or leading numbering), so （三）/(三)/3. variants need no entries.
Order matters: the first pattern that matches wins, so specific patterns come
before general ones.
"""

from __future__ import annotations

import re

from .text import label_key

# ---- table 3 -------------------------------------------------------------
APPLICANTS: tuple[tuple[str, re.Pattern], ...] = (
    ("natural_person", re.compile(r"^自然人$")),
    ("commercial", re.compile(r"^商业企业$|^商业$|^企业$")),
    ("research", re.compile(r"^科研机构$|^科研$")),
    ("social_welfare", re.compile(r"^社会公益组织$|^社会公益$|^公益组织$")),
    ("legal_services", re.compile(r"^法律服务机构$|^法律服务$")),
    ("other_org", re.compile(r"^其他$|^其它$|^其他组织$")),
    ("total", re.compile(r"^总计$|^合计$")),
)

# Rows of table 3, most specific first. ``other_other`` and ``other_total``
# need the row's context and are handled by the mapper.
TABLE3_ROWS: tuple[tuple[str, re.Pattern], ...] = (
    ("new_received", re.compile(r"本年新收|本年度新收|新收政府信息公开申请")),
    ("carried_over", re.compile(r"上年结转|上年度结转")),
    ("carried_forward", re.compile(r"结转下年|下年度继续办理|转下年度")),
    ("partially_granted", re.compile(r"部分公开")),
    ("granted", re.compile(r"^予以公开")),
    ("denied_state_secret", re.compile(r"国家秘密")),
    ("denied_prohibited_by_law", re.compile(r"法律行政法规禁止|其他法律行政|行政法规禁止|法规禁止公开")),
    ("denied_security_stability", re.compile(r"三安全一稳定|危及")),
    ("denied_third_party_rights", re.compile(r"第三方")),
    ("denied_internal_affairs", re.compile(r"内部事务")),
    ("denied_process_information", re.compile(r"过程性")),
    ("denied_enforcement_files", re.compile(r"执法案卷")),
    ("denied_administrative_query", re.compile(r"行政查询")),
    ("unavailable_not_held", re.compile(r"不掌握")),
    ("unavailable_must_create", re.compile(r"没有现成|另行制作")),
    ("unavailable_unclear", re.compile(r"仍不明确|补正后")),
    ("rejected_petition_complaint", re.compile(r"信访|举报投诉")),
    ("rejected_duplicate", re.compile(r"重复申请")),
    ("rejected_publication", re.compile(r"出版物")),
    ("rejected_vexatious", re.compile(r"大量反复|反复申请")),
    ("rejected_confirm_existing", re.compile(r"重新出具|确认或|已获取信息")),
    ("other_no_correction", re.compile(r"不补正|逾期不补")),
    ("other_no_fee_paid", re.compile(r"缴纳费用|收费通知|未按收费")),
    ("total_processed", re.compile(r"^总计$|^合计$")),
)
OTHER_GROUP = re.compile(r"其他处理|其它处理")
# The labels of table 3's groups, printed down a narrow column beside their items' labels.
TABLE3_GROUPS = ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")
OTHER_LEAF = re.compile(r"^(其他|其它)$")
# Cells that say "this is table 3's header", not a data row.
HEADER_HINT = re.compile(r"申请人情况|自然人|商业企业|法人或其他组织")

# ---- table 4 -------------------------------------------------------------
PROCEEDINGS: tuple[tuple[str, re.Pattern], ...] = (
    ("litigation_after_review", re.compile(r"复议后起诉")),
    ("litigation_direct", re.compile(r"未经复议|直接起诉")),
    ("review", re.compile(r"^行政复议$|^行政复议[^诉]*$")),
)
OUTCOMES: tuple[tuple[str, re.Pattern], ...] = (
    ("pending", re.compile(r"尚未审结|未审结|尚未")),
    ("upheld", re.compile(r"维持")),
    ("corrected", re.compile(r"纠正")),
    ("other", re.compile(r"其他|其它")),
    ("total", re.compile(r"^总计$|^合计$|^小计$")),
)

# ---- table 2 -------------------------------------------------------------
TABLE2_ITEMS: tuple[tuple[str, re.Pattern], ...] = (
    ("normative_documents", re.compile(r"规范性文件")),
    ("rules", re.compile(r"^规章$|^政府规章$|^规章制度$")),
    ("other_external_services", re.compile(r"对外管理服务")),
    ("licensing", re.compile(r"行政许可")),
    ("penalty", re.compile(r"行政处罚")),
    ("coercion", re.compile(r"行政强制")),
    ("fees", re.compile(r"事业性收费|行政收费")),
    ("procurement", re.compile(r"集中采购")),
)
TABLE2_MEASURES: tuple[tuple[str, re.Pattern], ...] = (
    # format 2021
    ("issued", re.compile(r"制发")),
    ("repealed", re.compile(r"废止")),
    ("in_force", re.compile(r"现行有效")),
    ("amount_10k_yuan", re.compile(r"收费金额")),
    # format 2019
    ("newly_made", re.compile(r"新制作")),
    ("newly_published", re.compile(r"新公开")),
    ("total_published", re.compile(r"公开总数|总数量")),
    ("items_prior_year", re.compile(r"上一年|上年项目")),
    ("items_change", re.compile(r"增减|增/减|增加|减少")),
    ("projects", re.compile(r"采购项目")),
    ("amount", re.compile(r"采购总金额|采购金额|总金额")),
    # both
    ("decisions", re.compile(r"处理决定|决定数量")),
)
MEASURES_2021 = {"issued", "repealed", "in_force", "amount_10k_yuan"}
MEASURES_2019 = {"newly_made", "newly_published", "total_published", "items_prior_year", "items_change",
                 "projects", "amount"}


_MATCH_CACHE_SIZE = 16384
# patterns table id → (the table, {key: matches}). Keyed by identity: an
# lru_cache over (key, patterns) hashed the whole tuple of patterns on every call.
# The table is kept in the entry so that its id cannot be reused by another object.
_matches: dict[int, tuple[tuple, dict[str, tuple[str, ...]]]] = {}


def matches(key: str, patterns: tuple[tuple[str, re.Pattern], ...]) -> tuple[str, ...]:
    """Every name whose pattern matches ``key``, in pattern order (cached per table)."""
    entry = _matches.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        entry = _matches[id(patterns)] = (patterns, {})
    cache = entry[1]
    try:
        return cache[key]
    except KeyError:
        pass
    if len(cache) >= _MATCH_CACHE_SIZE:
        cache.clear()
    found = cache[key] = tuple(dict.fromkeys(name for name, pattern in patterns if pattern.search(key)))
    return found


def first_match(key: str, patterns: tuple[tuple[str, re.Pattern], ...]) -> str | None:
    """The first name whose pattern matches ``key``: specific patterns come first."""
    found = matches(key, patterns)
    return found[0] if found else None


def named_by(labels: list[str], patterns: tuple[tuple[str, re.Pattern], ...]) -> tuple[str, ...]:
    """Every key the deciding label (the last that names any) names, in pattern
    order: a label naming two rows (two labels run together by a text dump,
    '行政处罚行政强制') is no row's."""
    for text in reversed(labels):
        found = matches(label_key(text), patterns)
        if found:
            return found
    return ()
