"""The human-readable data dictionary (Markdown), from the same field list as datapackage.json."""

from __future__ import annotations

from pipeline.agencies import vintage
from pipeline.load.schema import DATASETS
from pipeline.metrics.definitions import dictionary_markdown as metrics_markdown

from .fields import FORMATS, FieldDoc, dataset_fields, panel_fields, terms


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _table(fields: list[FieldDoc] | tuple[FieldDoc, ...], stata: bool = False) -> list[str]:
    head = ["column", *(["Stata"] if stata else []), "type", "unit", "formats", "中文", "description"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for f in fields:
        formats = ("both" if f.formats == FORMATS else f.formats[0] + " only" if len(f.formats) == 1
                   else ", ".join(f.formats))
        desc = f.en + (f" — {f.note}" if f.note and f.formats != FORMATS or f.name.startswith("t3_other_sum")
                       else "")
        row = [f"`{f.name}`", *([f"`{f.stata_name}`"] if stata else []), f.type, f.unit or "", formats,
               f.zh, desc]
        lines.append("| " + " | ".join(_cell(x) for x in row) + " |")
    return lines


def dictionary_markdown() -> str:
    lines = ["# xxgk data dictionary", "",
             ("Generated from `pipeline/dictionary/terms.yaml`, `tables.yaml` and the dataset schemas "
             "(the same source as `datapackage.json`). Do not edit by hand."), "",
             f"Administrative divisions: {vintage()}.", "",
             ("Formats: **2019** = 国办公开办函〔2019〕60号 (reports on 2019–2020), **2021** = "
             "国办公开办函〔2021〕30号 (reports on 2021 onwards, some 2020). A column marked '2019 only' or "
             "'2021 only' is null for reports in the other format."), "",
             "## Datasets", ""]
    for name in DATASETS:
        lines += [f"### `{name}`", "", *_table(dataset_fields(name)), ""]
    note = terms()["derived"]["t3_other_sum"]["note"]
    lines += ["## Panel (`xxgk panel`)", "",
              ("One row per agency-year; one column per table cell, named `t<table>_<row>_<column>` after "
              "the keys of `tables.yaml`. Cells whose key exists in both formats share a column (they mean "
              "the same thing); the others are separate columns, null in the other format. "
              f"{note} Stata names (≤ 32 characters) are given where they differ. "
              "The `h_<measure>` columns put reports of every year from 2008 on one comparable measure "
              "(`pipeline/stats/crosswalk.yaml`): each says which formats (2019, 2021, pre2019) and which "
              "source kinds (2021 table, 2019 table, pre-2019 table, sentence) feed it, and "
              "`h_<measure>_source` gives the source of each value."), "",
              *_table(panel_fields(), stata=True), ""]
    lines += ["## Metrics (`xxgk compare`, `xxgk report`)", "",
              ("One row per agency-year, computed from the datasets above with the keys of `tables.yaml`: "
               "a blank cell counts as 0, an unreadable one makes the metric null, and a division by zero "
               "gives null (never 0 or infinity). Metrics of a report whose identities fail are still "
               "computed, and flagged."), "",
              metrics_markdown(), ""]
    return "\n".join(lines)
