"""The packaged copy of tables.yaml is the public contract's, unchanged."""

from __future__ import annotations

from importlib import resources

import pytest
from conftest import SPEC_DIR

from pipeline import spec


def test_packaged_spec_equals_shared_spec():
    shared = SPEC_DIR / "tables.yaml"
    if not shared.exists():
        pytest.skip(f"shared spec not available at {shared}")
    packaged = resources.files("pipeline.spec").joinpath("tables.yaml").read_text("utf-8")
    assert packaged == shared.read_text("utf-8")


def test_key_counts():
    assert len(spec.keys("table2", "2021")) == 10 and len(spec.keys("table2", "2019")) == 22
    assert len(spec.keys("table3", "2021")) == 25 * 7 and len(spec.keys("table3", "2019")) == 23 * 7
    assert len(spec.keys("table4", "2021")) == 15
    assert spec.table3_outcome_rows("2019")[-1] == "other_total"
