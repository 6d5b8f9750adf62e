"""The pre-2019 value of each comparable measure for an agency-year — one rule for panel and metrics.

From the ``stats`` dataset: the statistics-table row put on the measure (this
year's figure, read with certainty), else the figure the sentences print. When
the table has two rows for the measure with different figures, or the sentences
print two different figures, the value is unknown (null): never picked. Money is
in yuan. A cumulative (历年累计) never feeds it.
"""

from __future__ import annotations

import pandas as pd

KEY = ["agency_id", "year"]
TABLE, SENTENCE = "pre-2019 table", "sentence"


def pre2019_values(stats: pd.DataFrame) -> pd.DataFrame:
    """Long frame: agency_id, year, measure, value (float), source (``pre-2019 table`` or ``sentence``)."""
    columns = [*KEY, "measure", "value", "source"]
    if stats is None or stats.empty:
        return pd.DataFrame(columns=columns)
    s = stats[stats["comparable"].notna() & stats["this_year"].notna()]
    s = s[s["from_text"].astype(bool) | s["problem"].isna()]
    scale = s["unit"].eq("万元").map({True: 10000.0, False: 1.0})
    s = s.assign(measure=s["comparable"], value=s["this_year"].astype(float) * scale,
                 source=s["from_text"].astype(bool).map({True: SENTENCE, False: TABLE}))
    per = s.groupby([*KEY, "measure", "source"], as_index=False)["value"].agg(["nunique", "first"])
    per = per[per["nunique"] == 1].rename(columns={"first": "value"})
    per["rank"] = per["source"].map({TABLE: 0, SENTENCE: 1})
    best = per.sort_values([*KEY, "measure", "rank"]).drop_duplicates([*KEY, "measure"])
    return best[columns].reset_index(drop=True)


def pre2019_wide(stats: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """One row per agency-year: ``p_<measure>`` (value) and ``src_<measure>`` (source) for every measure."""
    long = pre2019_values(stats)
    out = long[KEY].drop_duplicates().reset_index(drop=True)
    for m in measures:
        part = long[long["measure"] == m][[*KEY, "value", "source"]].rename(
            columns={"value": f"p_{m}", "source": f"src_{m}"})
        out = out.merge(part, on=KEY, how="left")
    for m in measures:  # typed even when no agency-year has the measure
        out[f"p_{m}"] = out[f"p_{m}"].astype("float64")
        out[f"src_{m}"] = out[f"src_{m}"].astype("object")
    return out
