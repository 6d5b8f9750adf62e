"""The ground truth of a generated report: every printed number of tables 2–4.

``make_report`` draws realistic magnitudes (most agencies receive few or no
requests, a few receive thousands; fees in 万元 with at most two decimals),
builds tables 3 and 4 so that their identities hold, decides which zeros are
printed blank (``None``: blank cells are null in the contract and count as 0
in the identities), then applies the requested deliberate breaks and records
every check that must fail as a consequence.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from pipeline import spec
from pipeline.checks.identities import within_report
from pipeline.samples.identities import APPLICANTS, failing_checks
from pipeline.samples.names import Agency, random_agency
from pipeline.samples.prose import section_texts

Value = int | float | None
Table = dict[str, dict[str, Value]]

# The identities a break can target, and their subjects (declared in pipeline.checks.identities).
CHECK_SUBJECTS = {i.name: i.subjects for t in ("table3", "table4") for i in within_report(t)}
_CHECK_ALIASES = {"t3_outcomes": "t3_outcomes_sum"}

# Relative frequency of each outcome of a request (tuned on published reports:
# most are granted or "not held"; refusals on secrecy grounds are rare).
_OUTCOME_WEIGHTS = {
    "granted": 35, "partially_granted": 8, "denied_state_secret": 0.3, "denied_prohibited_by_law": 0.5,
    "denied_security_stability": 0.3, "denied_third_party_rights": 1, "denied_internal_affairs": 1.5,
    "denied_process_information": 1.5, "denied_enforcement_files": 0.5, "denied_administrative_query": 1.5,
    "unavailable_not_held": 25, "unavailable_must_create": 3, "unavailable_unclear": 3,
    "rejected_petition_complaint": 3, "rejected_duplicate": 4, "rejected_publication": 0.5,
    "rejected_vexatious": 0.5, "rejected_confirm_existing": 0.5,
    "other_no_correction": 3, "other_no_fee_paid": 0.2, "other_other": 4, "other_total": 7.2,
}


@dataclass
class ReportNumbers:
    """What a generated report prints: the truth its extraction must return."""

    agency: str
    slug: str  # ASCII, for file names
    year: int
    formats: dict[str, str]  # {"table2": "2021", "table3": "2019", "table4": "2021"}
    published_date: date
    table2: Table
    table3: Table
    table4: Table
    sections: dict[str, str]  # "1", "5", "6" → text without the heading
    breaks: list[str] = field(default_factory=list)
    failing_checks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def format(self) -> str:
        """The report's format as the contract defines it: that of table 3."""
        return self.formats["table3"]

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def to_json(self) -> dict:
        return {
            "agency": self.agency, "year": self.year, "format": self.format, "formats": dict(self.formats),
            "published_date": self.published_date.isoformat(),
            "table2": self.table2, "table3": self.table3, "table4": self.table4,
            "sections": dict(self.sections), "breaks": list(self.breaks),
            "failing_checks": [{"check": c, "subject": s} for c, s in self.failing_checks],
        }


def make_report(rng: random.Random, fmt: str, *, break_identities: list[str] | tuple[str, ...] = (),
                agency: Agency | None = None, year: int | None = None,
                previous: ReportNumbers | None = None, mixed: bool | None = None) -> ReportNumbers:
    """A random report in format ``fmt`` ("2019" or "2021").

    ``previous`` (the same agency's report of the year before) carries its
    printed 结转下年度继续办理 over into this year's 上年结转 and its 现行有效件数
    forward. ``mixed`` prints table 3 in format 2019 under a format-2021 table 2,
    as some real reports do; None lets ``rng`` decide. ``break_identities``
    names deliberate breaks as "check:subject", e.g. "t3_row_total:granted".
    """
    if fmt not in spec.FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if previous is not None:
        agency = agency or Agency(previous.agency, previous.slug, previous.agency.endswith("人民政府"))
        year = year or previous.year + 1
    agency = agency or random_agency(rng)
    if year is None:
        year = rng.randint(2019, 2020) if fmt == "2019" else rng.choice([2020] + list(range(2021, 2026)) * 3)
    if mixed is None:
        mixed = fmt == "2021" and rng.random() < 0.15
    fmt3 = "2019" if mixed else fmt
    formats = {"table2": fmt, "table3": fmt3, "table4": fmt}

    size = rng.choices(["none", "small", "medium", "large"],
                       weights=[2, 3, 3, 2] if agency.is_government else [4, 4, 2, 0.5])[0]
    table2 = _table2(rng, fmt, agency.is_government, previous)
    table3 = _table3(rng, fmt3, size, previous)
    table4 = _table4(rng, size)
    for table in (table2, table3, table4):
        _blank_zeros(rng, table)

    t3 = {r: _n(table3[r]["total"]) for r in ("new_received", "carried_over", "total_processed", "carried_forward")}
    sections = section_texts(rng, agency.name, year, fmt, t3["new_received"], t3["carried_over"],
                             t3["total_processed"], t3["carried_forward"])
    report = ReportNumbers(agency.name, agency.slug, year, formats, _published(rng, year, agency),
                           table2, table3, table4, sections)
    for name in break_identities:
        _apply_break(rng, report, name)
    report.failing_checks = failing_checks(report.table3, report.table4, fmt3)
    return report


def _n(v: Value) -> int | float:
    return v or 0


def _log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _count(rng: random.Random, p_nonzero: float, lo: int, hi: int) -> int:
    return round(_log_uniform(rng, lo, hi)) if rng.random() < p_nonzero else 0


def _table2(rng: random.Random, fmt: str, is_government: bool, previous: ReportNumbers | None) -> Table:
    prev_in_force = None
    if previous is not None and previous.formats["table2"] == fmt == "2021":
        prev_in_force = {i: _n(previous.table2[i]["in_force"]) for i in ("rules", "normative_documents")}
    scale = 3 if is_government else 1
    t: Table = {}
    if fmt == "2021":
        for item, p in (("rules", 0.05 * scale), ("normative_documents", 0.25 * scale)):
            issued = _count(rng, p, 1, 10 * scale)
            repealed = _count(rng, p / 2, 1, 3 * scale)
            base = prev_in_force[item] if prev_in_force else _count(rng, min(1, 2 * p), 1, 80 * scale)
            t[item] = {"issued": issued, "repealed": repealed, "in_force": max(0, base + issued - repealed)}
        t["licensing"] = {"decisions": _count(rng, 0.6, 1, 60000)}
        t["penalty"] = {"decisions": _count(rng, 0.5, 1, 5000)}
        t["coercion"] = {"decisions": _count(rng, 0.3, 1, 500)}
        t["fees"] = {"amount_10k_yuan": round(_log_uniform(rng, 0.05, 30000), 2) if rng.random() < 0.35 else 0.0}
        return t
    for item, p in (("rules", 0.05 * scale), ("normative_documents", 0.25 * scale)):
        made = _count(rng, p, 1, 10 * scale)
        t[item] = {"newly_made": made, "newly_published": made - _count(rng, 0.1, 1, max(1, made)) if made else 0,
                   "total_published": made + _count(rng, min(1, 2 * p), 1, 80 * scale)}
        t[item]["newly_published"] = max(0, t[item]["newly_published"])
    for item, p, hi in (("licensing", 0.6, 60000), ("other_external_services", 0.3, 2000),
                        ("penalty", 0.5, 5000), ("coercion", 0.3, 500)):
        prior = _count(rng, p, 1, 400)
        t[item] = {"items_prior_year": prior,
                   "items_change": rng.randint(-min(prior, 10), 15) if prior and rng.random() < 0.4 else 0,
                   "decisions": _count(rng, p, 1, hi)}
    prior = _count(rng, 0.4, 1, 40)
    t["fees"] = {"items_prior_year": prior, "items_change": rng.randint(-min(prior, 3), 3) if prior else 0}
    projects = _count(rng, 0.4, 1, 300)
    t["procurement"] = {"projects": projects,
                        "amount": round(_log_uniform(rng, 1e4, 1e8) * projects ** 0.3, 2) if projects else 0.0}
    return t


def _table3(rng: random.Random, fmt: str, size: str, previous: ReportNumbers | None) -> Table:
    rows = spec.table3_rows(fmt)
    outcomes = spec.table3_outcome_rows(fmt)
    weights = [_OUTCOME_WEIGHTS[r] * rng.uniform(0.3, 1.7) for r in outcomes]
    main = {"none": 0, "small": rng.randint(1, 8), "medium": rng.randint(10, 150),
            "large": rng.randint(200, 3500)}[size]
    shares = {"natural_person": (1.0, 1.0), "commercial": (0.4, 0.2), "research": (0.05, 0.02),
              "social_welfare": (0.08, 0.03), "legal_services": (0.25, 0.1), "other_org": (0.2, 0.05)}
    t: Table = {r: {} for r in rows}
    for col in APPLICANTS:
        p, share = shares[col]
        new = max(1, round(main * rng.uniform(share / 2, share))) if main and rng.random() < p else 0
        if previous is not None:
            carried = _n(previous.table3["carried_forward"][col])
        else:
            carried = rng.randint(0, max(1, new // 10)) if new and rng.random() < 0.3 else 0
        inflow = new + carried
        forward = rng.randint(0, inflow // 8) if inflow and rng.random() < 0.3 else 0
        processed = inflow - forward
        counts = dict.fromkeys(outcomes, 0)
        for r in rng.choices(outcomes, weights=weights, k=processed):
            counts[r] += 1
        t["new_received"][col] = new
        t["carried_over"][col] = carried
        for r in outcomes:
            t[r][col] = counts[r]
        t["total_processed"][col] = processed
        t["carried_forward"][col] = forward
    for r in rows:
        t[r]["total"] = sum(t[r][a] for a in APPLICANTS)
    return t


def _table4(rng: random.Random, size: str) -> Table:
    busy = {"none": 0.02, "small": 0.15, "medium": 0.5, "large": 0.9}[size]
    t: Table = {}
    for proc in spec.table4_proceedings():
        counts = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0}
        if rng.random() < busy:
            counts = {"upheld": rng.randint(0, 12), "corrected": rng.randint(0, 2) * (rng.random() < 0.4),
                      "other": rng.randint(0, 5), "pending": rng.randint(0, 3)}
        t[proc] = {**counts, "total": sum(counts.values())}
    return t


def _blank_zeros(rng: random.Random, table: Table) -> None:
    """Some reports leave zero cells empty (``&nbsp;``, "-", "/"): those print nothing, so they are None."""
    style = rng.choices(["none", "all", "some"], weights=[6, 2, 2])[0]
    if style == "none":
        return
    for row in table.values():
        for col, v in row.items():
            if v == 0 and (style == "all" or rng.random() < 0.3):
                row[col] = None


def _published(rng: random.Random, year: int, agency: Agency) -> date:
    if rng.random() < 0.1:  # late
        return date(year + 1, rng.randint(4, 9), rng.randint(1, 28))
    month = rng.randint(1, 3) if agency.is_government else 1
    return date(year + 1, month, rng.randint(5 if month == 1 else 1, 31 if month != 2 else 28))


def _apply_break(rng: random.Random, report: ReportNumbers, name: str) -> None:
    """Alter one printed number so that check ``name`` ("check:subject") fails."""
    check, _, subject = name.partition(":")
    check = _CHECK_ALIASES.get(check, check)
    fmt3 = report.format
    if check not in CHECK_SUBJECTS or subject not in CHECK_SUBJECTS[check](fmt3):
        raise ValueError(f"unknown identity break {name!r} for table 3 in format {fmt3}")
    if check == "t3_balance":
        table, row, col = report.table3, rng.choice(["new_received", "carried_over", "carried_forward"]), subject
    elif check == "t3_row_total":
        table, row, col = report.table3, subject, rng.choice(list(spec.table3_applicants()))
    elif check == "t3_outcomes_sum":
        table, row, col = report.table3, rng.choice(spec.table3_outcome_rows(fmt3)), subject
    else:
        table, row, col = report.table4, subject, rng.choice(list(spec.table4_outcomes()))
    value = _n(table[row][col])
    delta = rng.choice([1, 1, 2, 3, 5, 10])
    table[row][col] = value - delta if value >= delta and rng.random() < 0.5 else value + delta
    # Another break on the same identity could cancel this one: nudge until it shows.
    while (check, subject) not in failing_checks(report.table3, report.table4, fmt3):
        table[row][col] += 1
    report.breaks.append(f"{check}:{subject}")
