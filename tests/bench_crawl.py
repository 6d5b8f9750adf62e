"""Crawl benchmark: many agencies on loopback hosts with simulated latency.

Each agency has a TRS-style 年报 column (two listing pages via createPageHTML)
and one report page plus a PDF attachment per year. Agencies are spread over
several loopback hosts (127.0.0.N), as departments share their county's site.
Measured with the crawler's polite defaults (2 requests in flight per host,
DOWNLOAD_DELAY 0.25 s, AutoThrottle): wall time of ``xxgk crawl``, requests
per host per second and in flight per host (counted by the servers), then a
no-change rerun (conditional requests only, robots.txt aside).

    python tests/bench_crawl.py [--agencies 1000] [--years 5] [--hosts 50] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from scrapers.demo import DemoServer, Hooks, Site

ROOT = Path(__file__).resolve().parent.parent


def build_sites(agencies: int, years: int, hosts: int) -> tuple[list[Site], list[tuple[int, str, str]]]:
    sites = [Site(f"h{h}", encoding="gbk") for h in range(hosts)]
    sources = []
    for a in range(agencies):
        h = a % hosts
        site, name, root = sites[h], f"测试县第{a}局", f"/d{a}/zfxxgk/zfxxgknb/"
        entries = []
        for y in range(2025 - years, 2025):
            page, pdf = f"{root}{y + 1}01/t{y + 1}0120_{a}.html", f"{root}{y + 1}01/P0{y + 1}0120{a}.pdf"
            title = f"{name}{y}年政府信息公开工作年度报告"
            site.add(page, f"<html><head><meta charset=gb2312><title>{title}</title></head><body><h1>{title}</h1>"
                           f'<div id="zoom"><p>详见附件。</p><a href="./{pdf.rsplit("/", 1)[1]}">{title}.pdf</a>'
                           "</div></body></html>")
            site.add(pdf, b"%PDF-1.4\n" + f"{a}/{y}".encode() * 200 + b"\n%%EOF\n", "application/pdf")
            entries.append(f'<li><a href="./{page.removeprefix(root)}" title="{title}">{title[:16]}…</a></li>')
        per_page = -(-len(entries) // 2)
        for i in range(2):
            chunk = "".join(entries[i * per_page:(i + 1) * per_page])
            site.add(root + ("index.html" if i == 0 else "index_1.html"),
                     f"<html><head><meta charset=gb2312></head><body><ul>{chunk}</ul>"
                     f'<script>createPageHTML(2, {i}, "index", "html");</script></body></html>')
        sources.append((h, name, root + "index.html"))
    for site in sites:
        site.add("/robots.txt", "User-agent: *\nDisallow: /search/\n", "text/plain")
    return sites, sources


def per_host(hits) -> dict:
    """Busiest second and most requests in flight, over all hosts."""
    by_host: dict[str, list] = {}
    for hit in hits:
        by_host.setdefault(hit.host.split(":")[0], []).append(hit)
    max_rps = max_flight = 0
    for host_hits in by_host.values():
        max_rps = max(max_rps, max(Counter(int(h.time) for h in host_hits).values()))
        events = sorted([(h.started, 1) for h in host_hits] + [(h.time, -1) for h in host_hits],
                        key=lambda e: (e[0], e[1]))
        flight = 0
        for _, delta in events:
            flight += delta
            max_flight = max(max_flight, flight)
    return {"hosts": len(by_host), "max_requests_per_host_second": max_rps, "max_in_flight_per_host": max_flight}


def crawl(sources: Path, data: Path) -> tuple[float, int, str]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "crawl", "--sources", str(sources), "--data",
                           str(data), "--allow-private-networks"], capture_output=True, text=True, check=False)
    return time.perf_counter() - t, proc.returncode, proc.stdout.splitlines()[0] if proc.stdout else proc.stderr[-500:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    sites, sources = build_sites(args.agencies, args.years, args.hosts)
    servers = [DemoServer(site, host=f"127.0.0.{i + 1}", hooks=Hooks(latency=args.latency)).start()
               for i, site in enumerate(sites)]
    try:
        with tempfile.TemporaryDirectory(prefix="xxgk-bench-crawl-") as tmp:
            src = Path(tmp) / "sources.yaml"
            src.write_text("sources:\n" + "".join(
                f"  - agency: {name}\n    start_urls: [{servers[h].url(path)}]\n" for h, name, path in sources), "utf-8")
            data = Path(tmp) / "data"
            first, code1, line1 = crawl(src, data)
            hits1 = [h for s in servers for h in s.take_hits()]
            second, code2, line2 = crawl(src, data)
            hits2 = [h for s in servers for h in s.take_hits()]
    finally:
        for s in servers:
            s.stop()
    documents = args.agencies * args.years
    result = {
        "agencies": args.agencies, "years": args.years, "hosts": args.hosts, "latency_s": args.latency,
        "first_run": {"seconds": round(first, 1), "exit_code": code1, "summary": line1, "requests": len(hits1),
                      "report_pages_and_pdfs_200": sum(h.status == 200 and "/t" in h.target or h.target.endswith(".pdf")
                                                       for h in hits1),
                      "expected_documents": 2 * documents, **per_host(hits1)},
        "rerun": {"seconds": round(second, 1), "exit_code": code2, "summary": line2, "requests": len(hits2),
                  "unconditional_non_robots": sum(not h.conditional and h.target != "/robots.txt" for h in hits2),
                  "statuses": dict(Counter(h.status for h in hits2)), **per_host(hits2)},
        "rerun_over_first": round(second / first, 3),
        "targets": {"first_run_under_s": 600, "max_in_flight_per_host": 2, "rerun_over_first_under": 0.2},
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    out = ROOT / "data" / "bench_crawl.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    ok = first < 600 and result["first_run"]["max_in_flight_per_host"] <= 2 and result["rerun_over_first"] < 0.2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
