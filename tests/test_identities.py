"""The identities are declared once (pipeline.checks.identities) and found by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.checks import IDENTITIES, UnknownCheck, identity
from pipeline.findings.reports import check_cells
from pipeline.findings.schema import SCHEMAS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_cells_of_each_identity_by_name():
    assert check_cells("t4_total", "review", "2021") == [
        "review/upheld", "review/corrected", "review/other", "review/pending", "review/total"]
    assert check_cells("t3_balance", "commercial", None) == [
        "new_received/commercial", "carried_over/commercial", "total_processed/commercial",
        "carried_forward/commercial"]
    assert check_cells("t3_outcomes_sum", "total", "2019")[-3:] == [
        "rejected_confirm_existing/total", "other_total/total", "total_processed/total"]
    assert check_cells("cross_in_force", "rules", "2021") == ["rules/issued", "rules/repealed", "rules/in_force"]
    assert identity("t3_row_total").subjects("2019")[:2] == ["new_received", "carried_over"]


def test_an_unknown_check_is_an_error_not_an_empty_list():
    with pytest.raises(UnknownCheck, match=r"unknown check 't3_balanse'; one of t3_balance, "):
        check_cells("t3_balanse", "total", "2021")


def test_the_readme_tables_list_exactly_the_declared_identities():
    named = set(re.findall(r"^\| `((?:t\d|cross)_\w+)` \|", README.read_text("utf-8"), re.MULTILINE))
    assert named - set(SCHEMAS["metrics"].names) == set(IDENTITIES)  # cross_year_ok is a metric
