"""Every cell of tables 2–4 of every real document, against values read by hand.

The expected values live in ``tests/expected/<doc>.yaml`` (see its README):
adding a real document needs no code. Values were read from the documents
themselves, never pasted from the extractor's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import EXPECTED_DIR, corpus_path

from pipeline import spec
from pipeline.extract import extract_path

EXPECTED = sorted(EXPECTED_DIR.glob("*.yaml"))


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def extracted() -> dict:
    cache: dict = {}

    def get(rel: str):
        if rel not in cache:
            cache[rel] = extract_path(corpus_path(rel))
        return cache[rel]

    return get


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_metadata(path, extracted):
    exp = _load(path)
    ex = extracted(exp["document"])
    assert ex.error is None and ex.status == "ok", (ex.status, ex.error, ex.problems)
    assert ex.agency == exp["agency"]
    assert ex.year == exp["year"]
    assert ex.formats == exp["formats"]
    if exp.get("published_date"):
        assert ex.published_date == str(exp["published_date"])


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem for p in EXPECTED])
@pytest.mark.parametrize("table", ["table2", "table3", "table4"])
def test_every_cell(path, table, extracted):
    exp = _load(path)
    ex = extracted(exp["document"])
    if table not in exp:
        assert table not in ex.tables
        return
    fmt = exp["formats"][table]
    expected = {(r, c): v for r, cols in exp[table].items() for c, v in cols.items()}
    assert set(expected) == set(spec.keys(table, fmt)), "expected file lacks keys"
    got = ex.tables[table].nested()
    wrong = {f"{r}/{c}": (v, got.get(r, {}).get(c, "MISSING")) for (r, c), v in expected.items()
             if got.get(r, {}).get(c, "MISSING") != v}
    assert not wrong, f"{len(wrong)} cells differ (expected, got): {wrong}"


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_failed_identities_are_the_printed_ones(path, extracted):
    exp = _load(path)
    ex = extracted(exp["document"])
    failing = sorted(f"{c.check}:{c.subject}" for c in ex.checks if not c.ok)
    assert failing == sorted(exp.get("failing_checks", []))
