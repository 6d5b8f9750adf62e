"""Numbers no count can be: one bad cell costs one flagged cell (raw kept), never the batch;
counts beyond 2^53 stay exact in the checks."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from pipeline.agencies import agency_id
from pipeline.extract import extract_bytes
from pipeline.load import load, read_dataset
from pipeline.result import Cell, Extraction, TableResult
from pipeline.samples import make_report, render_text
from pipeline.samples.names import Agency

YIMA = Agency("义马市信访局", "yima-petition", False)
LUSHI = Agency("卢氏县信访局", "lushi-petition", False)
BIG = 2**53 + 1


def _report(agency: Agency, seed: int):
    return make_report(random.Random(seed), "2021", agency=agency, year=2024, mixed=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """义马 prints a 23-digit count, a fraction, a negative count and counts beyond 2^53; 卢氏 is sound.
    Both are loaded in one batch."""
    r = _report(YIMA, 3)
    r.table3["new_received"]["natural_person"] = 12345678901234567890123
    r.table3["granted"]["commercial"] = 0.5
    r.table4["review"]["upheld"] = -3
    r.table3["carried_over"]["research"] = BIG
    r.table3["carried_forward"]["research"] = BIG - 1
    sound = _report(LUSHI, 4)
    extractions = [extract_bytes(render_text(x, random.Random(1)), f"{x.slug}.txt") for x in (r, sound)]
    data = tmp_path_factory.mktemp("hostile") / "data"
    summary = load(extractions, data)
    return r, extractions[0], data, summary


def test_each_impossible_count_is_one_flagged_cell_with_its_raw_text(hostile):
    _, ex, _, _ = hostile
    assert ex.status == "ok"
    flagged = {(c.row, c.column): (c.value, c.raw, c.problem) for t in ("table3", "table4")
               for c in ex.tables[t].cells if c.problem and c.problem != "not printed"}
    assert flagged == {
        ("new_received", "natural_person"): (None, "12345678901234567890123",
                                             "a count too large to be real (beyond 2^63): '12345678901234567890123'"),
        ("granted", "commercial"): (None, "0.5", "a count that is not a whole number: '0.5'"),
        ("review", "upheld"): (None, "-3", "a negative count: '-3'"),
    }
    # Identities through a flagged cell are not evaluated (never fed a guessed number).
    evaluated = {(c.check, c.subject) for c in ex.checks}
    assert ("t3_balance", "natural_person") not in evaluated and ("t4_total", "review") not in evaluated
    assert ("t3_outcomes_sum", "commercial") not in evaluated and ("t4_total", "litigation_direct") in evaluated


def test_the_batch_loads_with_the_bad_cells_flagged(hostile):
    _, _, data, summary = hostile
    assert summary.loaded == 2
    requests = read_dataset(data, "requests")
    bad = requests[(requests.agency_id == agency_id(YIMA.name)) & (requests.row == "new_received")
                   & (requests.applicant == "natural_person")].iloc[0]
    assert bad.value is pd.NA and bad.raw == "12345678901234567890123"
    assert bad.problem.startswith("a count too large")
    assert len(requests[requests.agency_id == agency_id(LUSHI.name)]) == len(requests) / 2


def test_counts_beyond_2_53_stay_exact_in_the_checks(hostile):
    r, ex, data, _ = hostile
    expected = (r.table3["new_received"]["research"] or 0) + BIG   # a blank counts as 0
    actual = (r.table3["total_processed"]["research"] or 0) + BIG - 1
    assert [(c.expected, c.actual) for c in ex.checks if (c.check, c.subject) == ("t3_balance", "research")] == [
        (expected, actual)]
    checks = read_dataset(data, "checks")
    row = checks[(checks.agency_id == agency_id(YIMA.name)) & (checks["check"] == "t3_balance")
                 & (checks.subject == "research")].iloc[0]
    assert (int(row.expected), int(row.actual), bool(row.ok)) == (expected, actual, False)
    requests = read_dataset(data, "requests")
    carried = requests[(requests.agency_id == agency_id(YIMA.name)) & (requests.row == "carried_over")
                       & (requests.applicant == "research")]
    assert carried.value.tolist() == [BIG]


def test_the_loader_flags_a_cell_beyond_int64_that_reached_it_unflagged(tmp_path):
    """Extractions made elsewhere (older extractor, JSON) are not trusted to be in range."""
    cells = [Cell("table3", "new_received", "natural_person", 10**22, "10000000000000000000000"),
             Cell("table3", "new_received", "total", 5, "5")]
    ex = Extraction(file="x.txt", status="partial", agency=YIMA.name, year=2024, sha256="0" * 64,
                    tables={"table3": TableResult("table3", "2021", cells)})
    assert load([ex], tmp_path).loaded == 1
    requests = read_dataset(tmp_path, "requests").set_index("applicant")
    assert requests.loc["total", "value"] == 5 and requests.loc["natural_person", "raw"] == "10000000000000000000000"
    assert requests.loc["natural_person", "problem"] == "beyond a 64-bit integer: 10000000000000000000000"


def test_a_change_in_table_2_may_be_negative():
    """本年增/减 (format 2019) is a signed count: pingtan-2020 prints -18 and -15."""
    r = make_report(random.Random(6), "2019", agency=YIMA, year=2020)
    r.table2["penalty"]["items_change"] = -18
    r.table2["penalty"]["decisions"] = -2
    ex = extract_bytes(render_text(r, random.Random(2)), "y.txt")
    cells = {(c.row, c.column): (c.value, c.problem) for c in ex.tables["table2"].cells}
    assert cells[("penalty", "items_change")] == (-18, None)
    assert cells[("penalty", "decisions")] == (None, "a negative count: '-2'")
