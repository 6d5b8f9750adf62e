# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Outliers in a province
#
# For journalists: which agencies of a province stand out — refusing far more
# requests than their peers, losing unusually many reviews, publishing reports
# that don't add up, late or copied? Robust z-scores (median and MAD, so one
# extreme agency does not hide the others) on the main metrics, then the
# findings behind each name, and a shareable HTML page.
#
# Runs on `$XXGK_DATA` (written by `xxgk load`), or on the built-in sample reports.

# %%
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.extract import extract_path, iter_report_files
from pipeline.findings import FINDINGS, read_derived
from pipeline.load import load
from pipeline.metrics import BY_NAME, select
from pipeline.metrics.format import format_value
from pipeline.report import write_report
from pipeline.samples.corpus import generate_corpus

data = Path(os.environ.get("XXGK_DATA", ""))
if not os.environ.get("XXGK_DATA"):
    data = Path(tempfile.mkdtemp(prefix="xxgk-nb-"))
    generate_corpus(data / "samples", n=120, seed=7)
    load((extract_path(f) for f in iter_report_files([data / "samples"])), data)
metrics = read_derived(data, "metrics")

# %% [markdown]
# ## Pick the province
# The province and year with most reports, unless `$XXGK_PROVINCE` names the province.
# Agencies the pipeline could not place in a division have no province and are left out.

# %%
placed = metrics[metrics["province"].notna()]
if os.environ.get("XXGK_PROVINCE"):
    placed = placed[placed["province"] == os.environ["XXGK_PROVINCE"]]
province, year = placed.groupby(["province", "year"]).size().idxmax()
year = int(year)
peers = select(metrics, region=province, year=year)
print(f"{province} {year}: {len(peers)} reports")

# %% [markdown]
# ## Robust z-scores
# z = (value − median) / (1.4826 × MAD). |z| ≥ 3 is an outlier; a metric with
# MAD 0 (most agencies equal) flags any agency that differs from the median.

# %%
WATCH = ["requests_received", "share_granted", "share_denied", "share_unavailable", "share_not_processed",
         "reviews_per_100_requests", "share_reviews_corrected", "share_lawsuits_corrected"]


def robust_z(values: pd.Series) -> pd.Series:
    v = values.astype(float)
    median = v.median()
    mad = (v - median).abs().median() * 1.4826
    if mad == 0:  # most agencies equal: any difference from the median stands out
        return np.sign(v - median) * np.where(v == median, 0.0, np.inf)
    return (v - median) / mad


rows = []
for name in WATCH:
    z = robust_z(peers[name])
    for idx in z[z.abs() >= 3].index:
        rows.append({"agency": peers.at[idx, "agency"], "metric": BY_NAME[name].label,
                     "value": format_value(name, peers.at[idx, name]),
                     "median": format_value(name, peers[name].astype(float).median()),
                     "z": z[idx], "identities_ok": peers.at[idx, "identities_ok"]})
outliers = pd.DataFrame(rows, columns=["agency", "metric", "value", "median", "z", "identities_ok"])
outliers = outliers.sort_values("z", key=lambda s: s.abs(), ascending=False)
print(f"{len(outliers)} outlying values")
print(outliers.head(20).to_string(index=False))

# %% [markdown]
# ## The findings behind the names
# Every finding points at the report (source_url) and the cells behind it.

# %%
ids = set(peers["agency_id"])
for name in FINDINGS:
    f = read_derived(data, name)
    f = f[f["agency_id"].isin(ids) & (f["year"] == year)]
    print(f"\n{name}: {len(f)}")
    for r in f.head(5).itertuples(index=False):
        print(f"  {r.agency}: {r.summary}")

# %% [markdown]
# ## A page to share
# The same numbers as one self-contained HTML file (`xxgk report --region … --year …`).

# %%
out = Path(os.environ.get("XXGK_NOTEBOOK_OUT", tempfile.mkdtemp(prefix="xxgk-nb-"))) / "province.html"
shown = write_report(data, province, year, out)
print(f"wrote {out} ({out.stat().st_size // 1024} KiB): {len(shown.current)} reports")
