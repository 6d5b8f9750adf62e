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
# # A panel of agency-years and a fixed-effects comparison across years
#
# For researchers: build the agency × year panel from the datasets, add the
# metrics (formulas in the README's data dictionary), and ask whether the share
# of requests granted changed over the years *within* agencies — a two-way
# comparison with agency fixed effects and year effects, standard errors
# clustered by agency.
#
# Runs on the data in `$XXGK_DATA` (a directory written by `xxgk load`), or, when
# that is not set, on the built-in sample reports generated here.

# %%
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.extract import extract_path, iter_report_files
from pipeline.findings import read_derived
from pipeline.load import load
from pipeline.panel import build_panel
from pipeline.samples.corpus import generate_corpus

data = Path(os.environ.get("XXGK_DATA", ""))
if not os.environ.get("XXGK_DATA"):
    data = Path(tempfile.mkdtemp(prefix="xxgk-nb-"))
    generate_corpus(data / "samples", n=120, seed=7)
    load((extract_path(f) for f in iter_report_files([data / "samples"])), data)
print("data:", data)

# %% [markdown]
# ## The panel
# One row per agency-year: every cell of tables 2–4 (issue "agency identity" panel),
# joined with the metrics dataset on (agency_id, year).

# %%
panel = build_panel(data)
metrics = read_derived(data, "metrics")
keep = ["agency_id", "year", "requests_received", "share_granted", "share_denied", "reviews_per_100_requests",
        "identities_ok"]
panel = panel.merge(metrics[keep], on=["agency_id", "year"], how="left", validate="one_to_one")
print(f"{len(panel)} agency-years, {panel['agency_id'].nunique()} agencies, years "
      f"{panel['year'].min()}–{panel['year'].max()}")
panel[["agency", "year", "format", "requests_received", "share_granted"]].head(10)

# %% [markdown]
# ## Which agency-years can be compared
# A share needs requests (null otherwise); reports whose identities fail are kept
# but flagged, and the estimate is repeated without them as a robustness check.
# Agencies seen only once add nothing to a within-agency comparison.

# %%
sample = panel[panel["share_granted"].notna()].copy()
sample["share_granted"] = sample["share_granted"].astype(float)
seen = sample.groupby("agency_id")["year"].transform("size")
sample = sample[seen >= 2]
print(f"{len(sample)} agency-years of {sample['agency_id'].nunique()} agencies with requests in ≥ 2 years")


# %%
def fixed_effects(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Year effects (vs the first year) with agency fixed effects, by the within transformation.

    Standard errors are clustered by agency (CR1). Returns one row per year.
    """
    years = sorted(frame["year"].unique())
    x = pd.get_dummies(frame["year"], prefix="y", dtype=float).drop(columns=f"y_{years[0]}")
    y = frame[outcome].astype(float)
    groups = frame["agency_id"].to_numpy()
    xd = x - x.groupby(groups).transform("mean")
    yd = y - y.groupby(groups).transform("mean")
    X, Y = xd.to_numpy(), yd.to_numpy()
    beta, *_ = np.linalg.lstsq(X, Y, rcond=None)
    resid = Y - X @ beta
    bread = np.linalg.pinv(X.T @ X)
    meat = np.zeros((X.shape[1], X.shape[1]))
    for g in np.unique(groups):
        s = X[groups == g].T @ resid[groups == g]
        meat += np.outer(s, s)
    n, k, G = len(Y), X.shape[1], len(np.unique(groups))
    scale = G / (G - 1) * (n - 1) / (n - k - G) if n - k - G > 0 and G > 1 else np.nan
    se = np.sqrt(np.diag(bread @ meat @ bread) * scale)
    return pd.DataFrame({"year": [int(c[2:]) for c in x.columns], "effect": beta, "se": se,
                         "n_obs": [int((frame["year"] == int(c[2:])).sum()) for c in x.columns]})


effects = fixed_effects(sample, "share_granted")
effects["ci_low"] = effects["effect"] - 1.96 * effects["se"]
effects["ci_high"] = effects["effect"] + 1.96 * effects["se"]
print("share granted, change vs", int(sample["year"].min()), "within agencies:")
print(effects.round(3).to_string(index=False))

# %% [markdown]
# ## Robustness: only reports whose identities hold

# %%
clean = sample[sample["identities_ok"].fillna(False).astype(bool)]
clean = clean[clean.groupby("agency_id")["year"].transform("size") >= 2]
robust = fixed_effects(clean, "share_granted")
print(f"{len(clean)} agency-years whose identities hold")
print(robust.round(3).to_string(index=False))

# %% [markdown]
# ## Raw means per year, for comparison
# Pooled means mix changes within agencies with changes in which agencies report.

# %%
means = sample.groupby("year").agg(reports=("agency_id", "size"), mean_share_granted=("share_granted", "mean"))
print(means.round(3).to_string())
