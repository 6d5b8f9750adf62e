"""Arrow schemas of the derived datasets (metrics, findings, keyword trends).

Like the loaded datasets they are hive-partitioned by ``year`` (the directory,
not a column in the files). Every ``findings_*`` dataset starts with the same
columns, so one query can list all findings of an agency:

- ``agency_id``, ``year``, ``agency``, ``source_url``: the report the finding is about
  (for a missing year: the agency's last report before it);
- ``table``: ``table2``/``table3``/``table4``, ``sections`` or null (the report as a whole);
- ``cells``: the ``row/column`` keys behind the finding (section numbers for text,
  ``*`` for every cell of the table);
- ``summary``: one line a person can read.
"""

from __future__ import annotations

import pyarrow as pa

from pipeline.metrics import METRICS, REGION_COLUMNS

_S, _I, _F = pa.string(), pa.int32(), pa.float64()
_LIST = pa.list_(pa.string())

COMMON = [("agency_id", _S), ("agency", _S), ("source_url", _S), ("table", _S), ("cells", _LIST),
          ("summary", _S)]

_UNIT_TYPES = {"count": pa.int64(), "share": _F, "per100": _F, "money": _F, "text": _S}

FIELDS: dict[str, list[tuple[str, pa.DataType]]] = {
    "metrics": [("agency_id", _S), ("agency", _S), *[(c, _S) for c in REGION_COLUMNS], ("format", _S),
                ("status", _S), ("published_date", pa.date32()), ("source_url", _S),
                *[(m.name, _UNIT_TYPES[m.unit]) for m in METRICS],
                ("identities_ok", pa.bool_()), ("checks_failed", _I), ("cross_year_ok", pa.bool_())],
    "findings_identities": [*COMMON, ("check", _S), ("subject", _S), ("expected", _F), ("actual", _F),
                            ("gap", _F), ("relative_gap", _F), ("pages", pa.list_(_I))],
    "findings_late": [*COMMON, ("published_date", pa.date32()), ("deadline", pa.date32()),
                      ("days_late", _I), ("deadline_rule", _S)],
    "findings_missing": [*COMMON, ("gap", _S), ("last_year", _I), ("next_year", _I)],
    "findings_copied_text": [*COMMON, ("section", _I), ("relation", _S), ("score", _F),
                             ("other_agency_id", _S), ("other_agency", _S), ("other_year", _I),
                             ("other_source_url", _S), ("shared_passages", _LIST)],
    "findings_identical_tables": [*COMMON, ("other_year", _I), ("n_cells", _I), ("nonzero_cells", _I)],
    "keyword_trends": [("section", _I), ("keyword", _S), ("reports", _I), ("share", _F),
                       ("occurrences", _I), ("reports_with_section", _I)],
}
SCHEMAS = {name: pa.schema(fields) for name, fields in FIELDS.items()}
DERIVED = tuple(SCHEMAS)
FINDINGS = tuple(n for n in DERIVED if n.startswith("findings_"))
DESCRIPTIONS = {
    "metrics": "One row per agency-year: the metrics of pipeline/metrics (shares, counts, rates) from the printed cells.",
    "findings_identities": "Identities (勾稽关系) that do not hold, with the gap and the cells added up.",
    "findings_late": "Reports published after the legal deadline (31 January for departments, 31 March for "
                     "a government's own report).",
    "findings_missing": "Agency-years without a report in the data, between or after the agency's reports.",
    "findings_copied_text": "Sections 1 and 5 whose text repeats another report's (across agencies or years).",
    "findings_identical_tables": "Tables 2–4 re-printed unchanged from the same agency's earlier report.",
    "keyword_trends": "jieba keywords of sections 1 and 5 per year: how many reports use each.",
}
