"""``xxgk crawl --frontier redis://…``: several crawlers, one queue, one duplicate filter, one politeness.

A real ``redis-server`` on loopback (random port, temporary directory), real
HTTP servers on two loopback hosts serving generated agencies' 年报 columns
(the crawl benchmark's sites), and the real CLI in subprocesses. What the
servers log is the truth: which URL was requested how often, and when.
"""

from __future__ import annotations

import bisect
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from bench_crawl import build_sites, per_host

from pipeline.batch.lock import Busy, RunLock
from scrapers.archive import RawArchive
from scrapers.demo import DemoServer, Hooks
from scrapers.frontier import Frontier, FrontierError
from scrapers.frontier.politeness import HostSlots
from scrapers.frontier.scheduler import _POP

DELAY = 0.25  # DOWNLOAD_DELAY of the crawlers: the least time between two requests to one host
POLITE = ["--set", f"DOWNLOAD_DELAY={DELAY}", "--set", "DOWNLOAD_DELAY_JITTER=0", "--set",
          "AUTOTHROTTLE_ENABLED=false", "--set", "RETRY_BACKOFF_BASE=0.05"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    import redis

    port = free_port()
    workdir = tmp_path / "redis"
    workdir.mkdir()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


class Agencies:
    """Generated agencies' 年报 columns on two loopback hosts: 2 listing pages, a report page and a PDF a year."""

    def __init__(self, tmp: Path, agencies: int, years: int, latency: float = 0.0, serve: bool = True):
        self.sites, sources = build_sites(agencies, years, hosts=2)
        self.servers = [DemoServer(site, host=f"127.0.0.{i + 1}", hooks=Hooks(latency=latency))
                        for i, site in enumerate(self.sites)]  # listening: connections wait until served
        self.serving = False
        if serve:
            self.serve()
        self.sources = tmp / "sources.yaml"
        self.sources.write_text("sources:\n" + "".join(
            f"  - agency: {name}\n    start_urls: [{self.servers[h].url(path)}]\n" for h, name, path in sources),
            "utf-8")
        self.documents = {(i, path) for i, site in enumerate(self.sites) for path in site.files
                          if path.endswith(".pdf") or "/t20" in path}
        self.hits: list = []

    def take_hits(self) -> list:
        for server in self.servers:
            self.hits += [(server.host, h) for h in server.take_hits()]
        return self.hits

    def serve(self) -> None:
        for server in self.servers:
            server.start()
        self.serving = True

    def stop(self) -> None:
        if not self.serving:
            self.serve()  # (shutting down a server waits for its loop)
        for server in self.servers:
            server.stop()


@pytest.fixture
def agencies(tmp_path, request):
    site = Agencies(tmp_path, *request.param)
    yield site
    site.stop()


def crawler(sources: Path, data: Path, frontier: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "crawl", "--sources", str(sources), "--data",
                             str(data), "--frontier", frontier, "--allow-private-networks", "--log-format", "json",
                             *POLITE, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def crawling(proc: subprocess.Popen) -> str:
    """Wait until the crawler's Scrapy process runs (its first stats line); the log read so far."""
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if '"scrapy.extensions.logstats"' in line:
            return "".join(lines)
    raise AssertionError("the crawler ended before crawling:\n" + "".join(lines)[-3000:])


def taken(stderr: str) -> int:
    """How many requests a crawler took from the frontier (its closing log line)."""
    for line in stderr.splitlines():
        if '"frontier_done"' in line:
            return json.loads(line)["taken"]
    raise AssertionError(f"no frontier_done line in:\n{stderr[-3000:]}")


def requested(hits) -> Counter:
    """(host index, path) → how many times it was answered 200, robots.txt aside."""
    return Counter((int(host.rsplit(".", 1)[1]) - 1, h.target) for host, h in hits
                   if h.target != "/robots.txt" and h.status == 200)


def archived_documents(data: Path) -> dict[str, bytes]:
    """URL → archived bytes of every report page and attachment the state knows."""
    archive = RawArchive.reader(data / "raw")
    with sqlite3.connect(data / "state.sqlite") as db:
        rows = db.execute("SELECT url, sha256 FROM urls WHERE role IN ('report', 'part')").fetchall()
    return {url: archive.get(sha) for url, sha in rows}


def assert_polite(hits, delay: float) -> None:
    """Per host, requests from all crawlers together came as one crawler's would: one per ``delay`` on
    average (5% slack for the first and last arrival), at most 1/delay + 1 in any second, at most 2 in
    flight. Slots are granted ``delay`` apart on redis' clock, but between a grant and the arrival a crawler
    busy writing the archive or a loaded machine may add tens to hundreds of ms (one crawler's requests
    show the same), so single gaps are not compared with the delay; without the shared slots, two crawlers
    would send twice as many requests a second.
    """
    starts: dict[str, list[float]] = {}
    for host, h in hits:
        starts.setdefault(host, []).append(h.started)
    assert len(starts) == 2
    for host, times in starts.items():
        times.sort()
        assert (times[-1] - times[0]) / (len(times) - 1) >= delay * 0.95, host
        busiest = max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))
        assert busiest <= 1 / delay + 1, (host, busiest)
    assert per_host([h for _, h in hits])["max_in_flight_per_host"] <= 2


@pytest.mark.parametrize("agencies", [(4, 4, 0.0, False)], indirect=True)
def test_two_crawlers_fetch_every_report_once_politely(agencies, redis_url, tmp_path):
    data = tmp_path / "data"  # one data directory for both: a shared archive and state
    # A crawler takes up to CONCURRENT_REQUESTS requests at a time: 2 leaves the other crawler work here.
    procs = [crawler(agencies.sources, data, redis_url, "--set", "CONCURRENT_REQUESTS=2") for _ in range(2)]
    started = [crawling(p) for p in procs]  # both crawlers up (their robots.txt requests wait) …
    agencies.serve()  # … before the sites answer: both crawl at once from the start
    outs = [(out, first + err) for first, p in zip(started, procs, strict=True) for out, err in [p.communicate(
        timeout=240)]]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outs]
    hits = agencies.take_hits()

    counts = requested(hits)
    assert {k for k in counts if k in agencies.documents} == agencies.documents  # 32: 16 pages + 16 PDFs
    assert len(agencies.documents) == 32
    assert max(counts.values()) == 1, [k for k, n in counts.items() if n > 1]  # listings too: none twice
    assert len(counts) == 32 + 4 * 2  # and the 8 listing pages
    work = [taken(err) for _, err in outs]
    assert sum(work) == 40 and min(work) >= 10, work  # both crawled, nothing was taken twice

    assert_polite(hits, DELAY)

    stored = archived_documents(data)
    assert len(stored) == 32
    for i, path in agencies.documents:
        assert stored[agencies.servers[i].url(path)] == agencies.sites[i].files[path].body

    manifests = [json.loads(p.read_text("utf-8")) for p in (data / "runs").glob("*.json")]
    assert len(manifests) == 2 and len({m["run_id"] for m in manifests}) == 1  # one run, two crawlers
    assert len({m["frontier"]["worker"] for m in manifests}) == 2


@pytest.mark.parametrize("agencies", [(2, 4, 0.3)], indirect=True)
def test_a_crawler_killed_mid_crawl_loses_nothing(agencies, redis_url, tmp_path):
    import redis

    data = tmp_path / "data"
    lease = ["--set", "XXGK_FRONTIER_LEASE_SECONDS=2"]
    first = crawler(agencies.sources, data, redis_url, *lease)
    deadline = time.monotonic() + 60
    while sum(h.target != "/robots.txt" for _, h in agencies.take_hits()) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # the CLI and its Scrapy child, mid-crawl
    first.communicate()
    before = requested(agencies.take_hits())
    assert 8 <= sum(before.values()) < 20

    client = redis.Redis.from_url(redis_url)
    (dead,) = client.smembers("xxgk:frontier:workers")
    leased = {json_url(raw) for raw in client.hvals(b"xxgk:frontier:leases:" + dead)}
    assert leased  # it died holding requests (a latency of 0.3 s keeps some in flight)

    second = crawler(agencies.sources, data, redis_url, *lease)
    _, err = second.communicate(timeout=240)
    assert second.returncode == 0, err[-3000:]
    counts = requested(agencies.take_hits())
    assert {k for k in counts if k in agencies.documents} == agencies.documents
    twice = {agencies.servers[i].url(path) for (i, path), n in counts.items() if n > 1}
    assert twice <= leased  # only what the dead crawler had taken is fetched again
    stored = archived_documents(data)
    assert {agencies.servers[i].url(path) for i, path in agencies.documents} <= set(stored)


def json_url(raw: bytes) -> str:
    """The URL of a request as the frontier keeps it (scrapy-redis' pickled dict)."""
    import pickle

    return pickle.loads(raw)["url"]


def test_a_frontier_runs_one_crawl_at_a_time_and_starts_afresh_when_all_left(redis_url):
    first, second, other = (Frontier(redis_url, w, lease_seconds=30) for w in ("a", "b", "c"))
    assert first.join("run-1", "sources-1") == "run-1"
    assert second.join("run-2", "sources-1") == "run-1"  # joins the running generation and its run id
    with pytest.raises(FrontierError, match="running another crawl"):
        other.join("run-3", "sources-2")  # other sources while it runs: refused
    first.redis.sadd(first.dupefilter_key, "seen")
    first.leave()
    second.leave()
    assert other.join("run-3", "sources-2") == "run-3"  # everybody left: a new generation, a fresh filter
    assert not other.redis.exists(other.dupefilter_key)


def test_leases_of_a_crawler_that_stopped_beating_go_back_to_the_queue(redis_url):
    dead, alive = Frontier(redis_url, "dead", lease_seconds=0.3), Frontier(redis_url, "alive", lease_seconds=30)
    dead.join("run-1", "s")
    alive.join("run-1", "s")
    dead.redis.zadd(dead.queue_key, {b"request-1": -20, b"request-2": 0})
    dead.redis.eval(_POP, 3, dead.queue_key, dead.leases_key, dead.scores_key, "t1")
    assert alive.others_pending() == 2  # one queued, one taken by a live crawler
    time.sleep(0.4)  # no heartbeat: the lease expires
    assert alive.others_pending() == 1
    assert alive.must_wait()  # reclaims it: two queued again, the priorities kept
    assert alive.redis.zrange(alive.queue_key, 0, -1, withscores=True) == [(b"request-1", -20.0),
                                                                         (b"request-2", 0.0)]
    assert not alive.redis.exists(dead.leases_key)


def test_an_exclusive_run_waits_for_the_crawlers_sharing_a_data_dir(tmp_path):
    with RunLock(tmp_path, shared=True), RunLock(tmp_path, shared=True), pytest.raises(Busy):
        RunLock(tmp_path).__enter__()
    with RunLock(tmp_path), pytest.raises(Busy):
        RunLock(tmp_path, shared=True).__enter__()


def test_the_archive_keeps_temporary_files_of_live_writers(tmp_path):
    tmp = tmp_path / "raw" / "tmp"
    tmp.mkdir(parents=True)
    live = tmp / f"{os.getpid()}@{socket.gethostname()}@abc"
    gone = tmp / f"{dead_pid()}@{socket.gethostname()}@abc"
    for f in (live, gone):
        f.write_bytes(b"half")
    RawArchive(tmp_path / "raw")
    assert live.exists() and not gone.exists()


def dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def granted(acquire) -> bool:
    """Whether a host slot is granted at once (the coroutine returns) rather than waited for."""
    try:
        acquire.send(None)
    except StopIteration:
        return True
    acquire.close()
    return False


def test_host_slots_space_requests_and_free_a_dead_crawlers_slots(redis_url):
    dead, alive = Frontier(redis_url, "dead", lease_seconds=0.3), Frontier(redis_url, "alive", lease_seconds=30)
    dead.join("run-1", "s")
    alive.join("run-1", "s")
    theirs, ours = HostSlots(dead, per_host=2, hold_seconds=90), HostSlots(alive, per_host=2, hold_seconds=90)
    assert granted(ours.acquire("a.gov.cn", 0.5))
    assert not granted(ours.acquire("a.gov.cn", 0.5))  # the next start is half a second away
    assert granted(ours.acquire("b.gov.cn", 0))  # another host: its own slot
    assert granted(theirs.acquire("c.gov.cn", 0)) and granted(theirs.acquire("c.gov.cn", 0))
    assert not granted(ours.acquire("c.gov.cn", 0))  # two in flight to c, held by the other crawler
    time.sleep(0.4)  # … which dies: its heartbeat expires, and so do its slots (not after DOWNLOAD_TIMEOUT)
    assert granted(ours.acquire("c.gov.cn", 0))


@pytest.mark.parametrize("agencies", [(1, 4)], indirect=True)
def test_a_listing_another_crawler_took_is_requested_for_each_source_here(agencies, redis_url, tmp_path):
    """Two sources reach one listing; another crawler already requested it for the first (its fingerprint is
    in the frontier): this crawler requests it for the second, whose reports would be lost otherwise."""
    import redis
    from scrapy import Request

    from scrapers.discovery import clean_url
    from scrapers.frontier import crawl_digest
    from scrapers.frontier.scheduler import FrontierDupeFilter
    from scrapers.items import Where
    from scrapers.sources import load_sources

    listing = agencies.servers[0].url("/d0/zfxxgk/zfxxgknb/index.html")
    agencies.sources.write_text(f"sources:\n  - agency: 测试县第0局\n    start_urls: [{listing}]\n"
                                f"  - agency: 测试县人民政府\n    scope: portal\n    start_urls: [{listing}]\n", "utf-8")
    client = redis.Redis.from_url(redis_url)  # the other crawler: alive (holding nothing), the first source's listing taken
    client.hset("xxgk:frontier:generation", mapping={"run_id": "run-elsewhere",
                                                     "digest": crawl_digest(load_sources(agencies.sources), None)})
    client.sadd("xxgk:frontier:workers", "other")
    client.set("xxgk:frontier:alive:other", "1", px=60000)
    taken = Request(clean_url(listing), meta={"xxgk": Where("测试县第0局", listing, "listing")})
    client.sadd("xxgk:frontier:dupefilter", FrontierDupeFilter(client, "").request_fingerprint(taken))

    proc = crawler(agencies.sources, tmp_path / "data", redis_url)
    _, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err[-3000:]
    counts = requested(agencies.take_hits())
    assert counts[(0, "/d0/zfxxgk/zfxxgknb/index.html")] == 1  # for the portal source, here
    assert {k for k in counts if k in agencies.documents} == agencies.documents  # its 4 pages and 4 PDFs
    with sqlite3.connect(tmp_path / "data" / "state.sqlite") as db:
        filed = db.execute("SELECT DISTINCT source, last_run FROM urls WHERE role IN ('report','part')").fetchall()
    assert filed == [("测试县人民政府", "run-elsewhere")]
    (manifest,) = [json.loads(p.read_text("utf-8")) for p in (tmp_path / "data" / "runs").glob("*.json")]
    assert {s["source"]: (s["status"], s["reports"]) for s in manifest["sources"]} == {
        "测试县第0局": ("elsewhere", 0), "测试县人民政府": ("ok", 4)}  # the first: the other crawler's, not failed
