"""The report as one self-contained HTML file: inline CSS, inline plotly.js, inline data, no network."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import pandas as pd

from pipeline.metrics import METRICS
from pipeline.metrics.format import NULL, format_value, is_null

from . import charts
from .data import ReportData

RANKED = ("requests_received", "share_granted", "share_denied", "share_unavailable",
          "reviews_per_100_requests", "lawsuits_per_100_requests", "share_reviews_corrected",
          "share_lawsuits_corrected")
TABLE_METRICS = ("requests_received", "share_granted", "share_partially_granted", "share_denied",
                 "leading_denial_reason", "share_unavailable", "share_not_processed", "share_legal_persons",
                 "reviews_per_100_requests", "lawsuits_per_100_requests", "share_reviews_corrected",
                 "share_lawsuits_corrected", "normative_documents_issued", "penalty_decisions", "fees_10k_yuan")
MAX_ROWS = 500  # rows per findings list; the datasets have them all

CSS = """
:root{--fg:#1b1f23;--muted:#5f6b76;--line:#e3e7eb;--accent:#1e6fb8;--bad:#c62828}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 color:var(--fg);line-height:1.55;background:#f6f8fa;font-size:15px}
main{max-width:1100px;margin:0 auto;padding:12px}
header{background:#0d3b66;color:#fff;padding:18px 12px}
header h1{margin:0 auto;max-width:1100px;font-size:1.45rem}
header p{margin:4px auto 0;max-width:1100px;opacity:.85;font-size:.9rem}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px;margin:14px 0}
h2{font-size:1.15rem;margin:.2rem 0 .6rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px;background:#fbfcfd}
.card b{display:block;font-size:1.5rem;color:var(--accent)}
.card span{color:var(--muted);font-size:.85rem}
.chart{width:100%;min-width:0;min-height:200px;overflow:hidden}
.grid2{display:grid;grid-template-columns:minmax(0,1fr);gap:10px}
@media(min-width:800px){.grid2{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
th{background:#f0f3f6;position:sticky;top:0;cursor:pointer;white-space:nowrap}
td:first-child{min-width:9em}
tr.bad td:first-child::before{content:"⚠ ";color:var(--bad)}
.muted{color:var(--muted);font-size:.85rem}
blockquote{margin:4px 0;padding:4px 8px;border-left:3px solid var(--line);color:#37414b;font-size:.85rem}
details summary{cursor:pointer;font-weight:600}
a{color:var(--accent)}
"""

SCRIPT = """
(function(){
  var figs = JSON.parse(document.getElementById('figures').textContent);
  Object.keys(figs).forEach(function(id){
    var el = document.getElementById(id);
    if (el) Plotly.newPlot(el, figs[id].data, figs[id].layout, {responsive:true, displayModeBar:false});
  });
  document.querySelectorAll('table.sortable th').forEach(function(th, i){
    th.addEventListener('click', function(){
      var tbody = th.closest('table').tBodies[0], rows = Array.prototype.slice.call(tbody.rows);
      var desc = th.dataset.dir !== 'desc'; th.dataset.dir = desc ? 'desc' : 'asc';
      rows.sort(function(a, b){
        var x = a.cells[i].dataset.v, y = b.cells[i].dataset.v;
        var nx = parseFloat(x), ny = parseFloat(y);
        if (!isNaN(nx) || !isNaN(ny)) { nx = isNaN(nx) ? -Infinity : nx; ny = isNaN(ny) ? -Infinity : ny;
          return desc ? ny - nx : nx - ny; }
        return desc ? String(y).localeCompare(x, 'zh') : String(x).localeCompare(y, 'zh');
      });
      rows.forEach(function(r){ tbody.appendChild(r); });
    });
  });
  document.body.dataset.ready = '1';
})();
"""


def _href(url) -> str | None:
    """A source link the page may follow: http(s), a relative path, or a local file's path (as a
    ``file:`` URI we make). Anything else — ``javascript:``, ``data:``, any other scheme, given
    ``file:`` URIs, protocol-relative ``//host`` — is not a link."""
    if is_null(url) or not url:
        return None
    url = str(url)
    if url != url.strip() or not url.isprintable():
        return None
    if url.lower().startswith(("http://", "https://")):
        return url
    if url.startswith(("//", "\\")) or "\\" in url or ":" in url.split("/", 1)[0]:
        return None
    return Path(url).as_uri() if url.startswith("/") else url


def _link(url, text: str = "原文") -> str:
    """A link to the source, or its text when it may not be followed."""
    href = _href(url)
    if href:
        return f'<a href="{escape(href)}" rel="noopener">{escape(text)}</a>'
    return NULL if is_null(url) or not url else f'<span class="muted">{escape(str(url))}</span>'


def _num(v, digits: int = 0) -> str:
    if is_null(v):
        return NULL
    return f"{float(v):,.{digits}f}" if digits else f"{int(v):,}"


def _place(r) -> str:
    for col in ("county", "prefecture", "province"):
        v = getattr(r, col, None)
        if isinstance(v, str) and v:
            return v
    return ""


def _table(headers: list[tuple[str, bool]], rows: list[str], cls: str = "") -> str:
    head = "".join(f'<th class="{"n" if num else ""}">{escape(h)}</th>' for h, num in headers)
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _cards(d: ReportData) -> str:
    c = d.current
    f = d.findings
    this_year = {name: int((frame["year"] == d.year).sum()) if len(frame) else 0 for name, frame in f.items()}
    cards = [
        ("reports", "份年报", len(c)),
        ("requests", "件政府信息公开申请", int(c["requests_received"].sum())),
        ("reviews", "件行政复议", int(c["reviews"].sum())),
        ("lawsuits", "件行政诉讼", int(c["lawsuits"].sum())),
        ("failing", "份报告数据不平衡", int((c["identities_ok"] == False).sum())),
        ("late", "份报告逾期公开", this_year["findings_late"]),
        ("missing", "个机关缺少本年报告", this_year["findings_missing"]),
        ("copied", "处文字雷同", this_year["findings_copied_text"]),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card" data-testid="card-{key}"><b data-value="{value}">{value:,}</b><span>{escape(label)}'
        f'</span></div>' for key, label, value in cards) + "</div>"


def _agency_table(d: ReportData) -> str:
    metrics = [m for m in METRICS if m.name in TABLE_METRICS]
    headers = [("机关", False), ("地区", False)] + [(m.label, m.unit != "text") for m in metrics] + [("来源", False)]
    rows = []
    order = d.current.sort_values(["requests_received", "agency"], ascending=[False, True], na_position="last")
    for r in order.itertuples(index=False):
        bad = not is_null(r.identities_ok) and not bool(r.identities_ok)
        cells = [f'<td data-v="{escape(r.agency)}">{escape(r.agency)}</td>', f"<td>{escape(_place(r))}</td>"]
        for m in metrics:
            v = getattr(r, m.name)
            raw = "" if is_null(v) else (str(v) if m.unit == "text" else repr(float(v)))
            cells.append(f'<td class="{"" if m.unit == "text" else "n"}" data-metric="{m.name}" '
                         f'data-v="{escape(raw)}">{escape(format_value(m.name, v))}</td>')
        cells.append(f"<td>{_link(r.source_url)}</td>")
        title = f' title="{int(r.checks_failed)} 项勾稽关系不成立"' if bad else ""
        rows.append(f'<tr class="{"bad" if bad else ""}" data-agency-id="{escape(r.agency_id)}"{title}>'
                    + "".join(cells) + "</tr>")
    return _table(headers, rows, "sortable")


def _findings(d: ReportData) -> str:
    f = {k: v[v["year"] == d.year] for k, v in d.findings.items()}
    parts = []

    def block(title: str, frame: pd.DataFrame, headers, row, note: str) -> None:
        body = [row(r) for r in frame.head(MAX_ROWS).itertuples(index=False)]
        more = f'<p class="muted">另有 {len(frame) - MAX_ROWS} 条，见数据集。</p>' if len(frame) > MAX_ROWS else ""
        content = _table(headers, body) + more if body else '<p class="muted">无。</p>'
        parts.append(f'<section id="{escape(title)}"><h2>{escape(title)}（{len(frame)}）</h2>'
                     f'<p class="muted">{escape(note)}</p>{content}</section>')

    ident = f["findings_identities"].sort_values("gap", key=lambda s: s.abs(), ascending=False)
    block("数据不平衡（勾稽关系不成立）", ident,
          [("机关", False), ("表", False), ("关系", False), ("项目", False), ("印刷数", True), ("应为", True),
           ("差额", True), ("页", False), ("来源", False)],
          lambda r: (f"<tr><td>{escape(str(r.agency))}</td><td>{escape(str(r.table))}</td><td>{escape(r.check)}</td>"
                     f"<td>{escape(r.subject)}</td><td class=n>{_num(r.actual)}</td><td class=n>{_num(r.expected)}</td>"
                     f"<td class=n>{_num(r.gap)}</td><td>{escape(', '.join(str(p) for p in r.pages))}</td>"
                     f"<td>{_link(r.source_url)}</td></tr>"),
          "报告自身的数字加不平：例如 本年新收 + 上年结转 ≠ 办理总计 + 结转下年度。数字按原文，不作更正。")
    block("逾期公开", f["findings_late"].sort_values("days_late", ascending=False),
          [("机关", False), ("发布日期", False), ("截止日期", False), ("逾期天数", True), ("来源", False)],
          lambda r: (f"<tr><td>{escape(str(r.agency))}</td><td>{r.published_date}</td><td>{r.deadline}</td>"
                     f"<td class=n>{_num(r.days_late)}</td><td>{_link(r.source_url)}</td></tr>"),
          "部门应于次年1月31日前、各级人民政府应于3月31日前公布年报（《条例》第四十九、五十条）；仅计发布日期已知的报告。")
    block("缺少年报", f["findings_missing"],
          [("机关", False), ("缺少年份", True), ("情况", False), ("上一份", False)],
          lambda r: (f"<tr><td>{escape(str(r.agency))}</td><td class=n>{r.year}</td>"
                     f"<td>{'两份报告之间' if r.gap == 'between reports' else '最后一份之后'}</td>"
                     f"<td>{_link(r.source_url, str(r.last_year))}</td></tr>"),
          "该机关在其他年份有年报，本年的没有收录在数据中（可能未公开，也可能未被采集）。")
    block("文字雷同", f["findings_copied_text"].sort_values("score", ascending=False),
          [("机关", False), ("部分", False), ("相似度", True), ("雷同对象", False), ("共同段落（示例）", False)],
          lambda r: (f"<tr><td>{_link(r.source_url, str(r.agency))}</td><td>第{'一' if r.section == 1 else '五'}部分</td>"
                     f"<td class=n>{r.score * 100:.0f}%</td><td>{_link(r.other_source_url, f'{r.other_agency} {r.other_year}年')}"
                     f"<br><span class=muted>{'跨年' if r.relation == 'across_years' else '跨机关'}</span></td>"
                     f"<td>{''.join(f'<blockquote>{escape(p)}</blockquote>' for p in r.shared_passages)}</td></tr>"),
          "第一部分（总体情况）和第五部分（问题及改进）按词语5元组的Jaccard相似度比较（屏蔽机关名称和数字），"
          "阈值70%；通用套话已排除。")
    block("表格与往年完全相同", f["findings_identical_tables"],
          [("机关", False), ("表", False), ("相同年份", True), ("单元格", True), ("来源", False)],
          lambda r: (f"<tr><td>{escape(str(r.agency))}</td><td>{escape(r.table)}</td><td class=n>{r.other_year}</td>"
                     f"<td class=n>{r.n_cells}</td><td>{_link(r.source_url)}</td></tr>"),
          "整张表每个单元格都与本机关另一年度的报告相同（至少3个非零数）。")
    return "".join(parts)


def _keywords(d: ReportData) -> str:
    rows = [f"<tr><td>{escape(r.keyword)}</td><td class=n>{r.share * 100:.0f}%</td>"
            f"<td class=n>{r.previous_share * 100:.0f}%</td></tr>" for r in d.keywords.itertuples(index=False)]
    top = [f"<tr><td>{escape(r.keyword)}</td><td class=n>{int(r.reports)}</td><td class=n>{r.share * 100:.0f}%</td></tr>"
           for r in d.top_keywords.itertuples(index=False)]
    return ('<section><h2>关键词</h2><p class="muted">第一、五部分的用词（jieba分词，去除年报通用词），'
            '按使用该词的报告比例计。</p><div class="grid2"><div><h3>上升最快</h3>'
            + _table([("词", False), (f"{d.year}年", True), (f"{d.year - 1}年", True)], rows)
            + "</div><div><h3>最常用</h3>" + _table([("词", False), ("报告数", True), ("比例", True)], top)
            + "</div></div></section>")


def _dictionary() -> str:
    rows = [f"<tr><td><code>{m.name}</code></td><td>{escape(m.label)}</td><td>{escape(m.formula)}</td></tr>"
            for m in METRICS]
    return ("<section><details><summary>指标说明 (metric definitions)</summary>"
            '<p class="muted">除数为0或缺失时指标为空（—）。总计取报告印刷的数字；勾稽关系不成立的报告标 ⚠。</p>'
            + _table([("metric", False), ("指标", False), ("formula", False)], rows) + "</details></section>")


def render(d: ReportData, plotly_js: str) -> str:
    """The whole page as a string."""
    figures = {f"chart-{m}": charts.ranked_bar(d.current, m) for m in RANKED}
    figures["chart-outcomes"] = charts.outcome_mix(d.current)
    figures["chart-denials"] = charts.denial_reasons(d.denials)
    figures["chart-appeals"] = charts.appeal_results(d.appeals)
    figures["chart-years"] = charts.year_over_year(d.years)
    payload = json.dumps(figures, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    region = d.region or "全部地区"
    title = f"{region} {d.year}年政府信息公开工作年度报告分析"
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    chart = lambda key: f'<div class="chart" id="chart-{key}"></div>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{CSS}</style></head>
<body><header><h1 data-testid="title">{escape(title)}</h1>
<p>数据快照 {escape(d.snapshot)} · 生成于 {now} · {len(d.current)} 份报告 · xxgk</p></header>
<main>
<section><h2>概况</h2>{_cards(d)}</section>
<section><h2>排名</h2><p class="muted">红色斜线 = 该报告勾稽关系不成立（数字照原文计算）。点击图例或拖动可缩放。</p>
<div class="grid2">{"".join(chart(m) for m in RANKED)}</div></section>
<section><h2>办理结果</h2>{chart("outcomes")}<div class="grid2">{chart("denials")}{chart("appeals")}</div></section>
<section><h2>历年</h2>{chart("years")}</section>
<section><h2>各机关指标</h2><p class="muted">点击表头排序。</p>{_agency_table(d)}</section>
{_findings(d)}
{_keywords(d)}
{_dictionary()}
</main>
<script type="application/json" id="figures">{payload}</script>
<script>{plotly_js}</script>
<script>{SCRIPT}</script>
</body></html>
"""
