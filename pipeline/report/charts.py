"""Plotly figures as plain dicts (``{"data": [...], "layout": {...}}``), drawn by the inlined plotly.js.

Building the JSON directly keeps the page fast to make for thousands of
agencies and leaves the Python plotly package only the job of shipping its JS.
"""

from __future__ import annotations

import pandas as pd

from pipeline.metrics import BY_NAME
from pipeline.metrics.format import format_value, is_null

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
TOP = 25
OUTCOME_SHARES = [  # metric, legend label, colour
    ("share_granted", "予以公开", "#2e7d32"), ("share_partially_granted", "部分公开", "#8bc34a"),
    ("share_denied", "不予公开", "#c62828"), ("share_unavailable", "无法提供", "#f9a825"),
    ("share_not_processed", "不予处理", "#6d4c41"), ("share_other_outcome", "其他处理", "#90a4ae"),
]
PROCEEDINGS = {"review": "行政复议", "litigation_direct": "直接起诉", "litigation_after_review": "复议后起诉"}
OUTCOMES = [("upheld", "维持", "#2e7d32"), ("corrected", "纠正", "#c62828"), ("other", "其他结果", "#90a4ae"),
            ("pending", "尚未审结", "#f9a825")]


def _layout(title: str, height: int, **extra) -> dict:
    layout = {"title": {"text": title, "font": {"size": 15}}, "height": height, "font": {"family": FONT, "size": 12},
              "margin": {"l": 10, "r": 10, "t": 40, "b": 30}, "paper_bgcolor": "#fff", "plot_bgcolor": "#fff",
              "hoverlabel": {"font": {"family": FONT}}, **extra}
    for axis in ("xaxis", "yaxis", "yaxis2"):  # room for tick labels, whatever the screen width
        if axis in layout or axis != "yaxis2":
            layout[axis] = {"automargin": True, **layout.get(axis, {})}
    return layout


def ranked_bar(rows: pd.DataFrame, metric: str, top: int = TOP) -> dict:
    """Horizontal bars, highest first, of the agencies with a value; failing reports hatched."""
    m = BY_NAME[metric]
    r = rows[rows[metric].notna()].sort_values([metric, "agency"], ascending=[False, True]).head(top)
    values = [float(v) * (100 if m.unit == "share" else 1) for v in r[metric]]
    failing = [not is_null(v) and not bool(v) for v in r["identities_ok"]]
    text = [format_value(metric, v) + (" ⚠" if f else "") for v, f in zip(r[metric], failing, strict=True)]
    data = [{"type": "bar", "orientation": "h", "y": list(r["agency"]), "x": values, "text": text,
             "textposition": "auto", "cliponaxis": False, "hovertemplate": "%{y}<br>%{text}<extra></extra>",
             "marker": {"color": ["#e57373" if f else "#1e6fb8" for f in failing],
                        "pattern": {"shape": ["/" if f else "" for f in failing]}}}]
    suffix = "%" if m.unit == "share" else ""
    xaxis = {"ticksuffix": suffix, "automargin": True, "rangemode": "tozero"}
    return {"data": data, "layout": _layout(
        f"{m.label}（前{len(r)}名）", 90 + 22 * max(len(r), 1),
        yaxis={"autorange": "reversed", "automargin": True}, xaxis=xaxis,
        **_when_all_zero(values, xaxis, 100 if m.unit == "share" else 1))}


def _when_all_zero(values: list[float], axis: dict, top: float) -> dict:
    """Bars that are all 0 (or none): plotly squeezes the axis to a lone "0" tick, which reads as
    one bar. Give the axis its scale and say in words what the chart shows."""
    if any(values):
        return {}
    axis["range"] = [0, top]
    note = f"全部为 0（{len(values)} 项）" if values else "无数据"
    return {"annotations": [{"text": note, "showarrow": False, "xref": "paper", "yref": "paper",
                             "x": 0.5, "y": 0.5, "font": {"size": 14, "color": "#555"}}]}


def outcome_mix(rows: pd.DataFrame, top: int = TOP) -> dict:
    """100% stacked bars of what happened to the requests, for the agencies with most requests."""
    r = rows[rows["requests_processed"].fillna(0) > 0].sort_values(
        ["requests_processed", "agency"], ascending=[False, True]).head(top)
    data = [{"type": "bar", "orientation": "h", "name": label, "y": list(r["agency"]),
             "x": [None if is_null(v) else round(float(v) * 100, 2) for v in r[metric]],
             "marker": {"color": colour}, "hovertemplate": "%{y}<br>" + label + " %{x:.1f}%<extra></extra>"}
            for metric, label, colour in OUTCOME_SHARES]
    return {"data": data, "layout": _layout(
        f"办理结果构成（申请最多的{len(r)}个机关）", 120 + 22 * max(len(r), 1), barmode="stack",
        yaxis={"autorange": "reversed", "automargin": True}, xaxis={"ticksuffix": "%", "range": [0, 100]},
        legend={"orientation": "h", "y": -0.08 if len(r) > 10 else -0.3})}


def denial_reasons(denials: pd.DataFrame) -> dict:
    d = denials.sort_values("requests", ascending=True)
    values = [int(v) for v in d["requests"]]
    xaxis = {"rangemode": "tozero"}
    return {"data": [{"type": "bar", "orientation": "h", "y": list(d["label"]), "x": values,
                      "text": [str(v) for v in values], "textposition": "auto",
                      "marker": {"color": "#c62828"}, "hovertemplate": "%{y}: %{x} 件<extra></extra>"}],
            "layout": _layout("不予公开理由（件）", 340, yaxis={"automargin": True}, xaxis=xaxis,
                              **_when_all_zero(values, xaxis, 1))}


def appeal_results(appeals: pd.DataFrame) -> dict:
    data = [{"type": "bar", "name": label, "x": [PROCEEDINGS[p] for p in appeals.index],
             "y": [int(v) for v in appeals[outcome]], "marker": {"color": colour},
             "hovertemplate": "%{x} " + label + "：%{y} 件<extra></extra>"} for outcome, label, colour in OUTCOMES]
    return {"data": data, "layout": _layout("行政复议、行政诉讼结果（件）", 340, barmode="stack",
                                            legend={"orientation": "h", "y": -0.2})}


def year_over_year(years: pd.DataFrame) -> dict:
    x = [str(int(y)) for y in years["year"]]
    data = [
        {"type": "bar", "name": "申请总数", "x": x, "y": [int(v) for v in years["requests"]],
         "marker": {"color": "#90caf9"}, "hovertemplate": "%{x}年 申请 %{y} 件<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": "予以公开比例", "x": x, "yaxis": "y2",
         "y": [None if is_null(v) else round(float(v) * 100, 2) for v in years["share_granted"]],
         "line": {"color": "#2e7d32"}, "hovertemplate": "%{x}年 予以公开 %{y:.1f}%<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": "报告数", "x": x,
         "y": [int(v) for v in years["reports"]], "line": {"color": "#6d4c41", "dash": "dot"},
         "hovertemplate": "%{x}年 %{y} 份报告<extra></extra>"},
    ]
    return {"data": data, "layout": _layout(
        "历年变化", 340, xaxis={"type": "category"}, yaxis={"rangemode": "tozero"},
        yaxis2={"overlaying": "y", "side": "right", "ticksuffix": "%", "range": [0, 100], "showgrid": False},
        legend={"orientation": "h", "y": -0.2})}
