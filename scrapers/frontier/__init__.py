"""A crawl frontier shared by several crawl processes or machines, kept in redis.

``xxgk crawl --frontier redis://HOST:PORT/DB`` puts the request queue and the
duplicate filter in redis (scrapy-redis' scheduler, :mod:`.scheduler`), and
the per-host politeness slots too (:mod:`.politeness`). Every crawler reads
the same sources file; the first one to join starts a *generation* (a fresh
queue and duplicate filter, and the run id every crawler of it records its
fetches under), the others join it. A crawler that joins after every crawler
of a generation has finished starts the next one, so an incremental crawl
next week re-requests its listings.

Guarantees (tested in ``tests/test_crawl_frontier.py``):

- a request enters the queue once per generation (a listing once per source:
  its links are read for the source that requested it) and is taken by one
  crawler;
- a request a crawler has taken is *leased*: it stays in redis, under that
  crawler, until the crawler has handled its answer (archived and recorded
  what came, and queued the requests it led to). A crawler that dies (or is stopped) loses nothing: its
  leases go back to the queue — at once when its parent process survives it,
  or when its heartbeat expires (``XXGK_FRONTIER_LEASE_SECONDS``) otherwise —
  and are fetched again by another crawler. So a request in flight when its
  crawler died may be fetched twice (at least once); every other is fetched
  exactly once;
- a crawler stops only when the queue is empty and no live crawler holds a
  lease (it waits for the others' work, which may lead to more requests).

Requests travel through redis pickled (scrapy-redis' format): the redis
server must be one only the crawlers can reach.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from urllib.parse import urlsplit, urlunsplit

import redis

log = logging.getLogger("xxgk.frontier")

PREFIX = "xxgk:frontier"
DEFAULT_LEASE_SECONDS = 60.0


class FrontierError(RuntimeError):
    """The frontier cannot be used (unreachable, or running a different crawl)."""


def redacted(url: str) -> str:
    """The frontier URL without its password (for logs and manifests)."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def crawl_digest(sources, years) -> str:
    """What every crawler of one generation must agree on: the sources and the years."""
    wanted = [{k: v for k, v in asdict(s).items() if k != "line"} for s in sources]
    text = json.dumps([wanted, list(years) if years else None], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


# Forget finished crawlers (no heartbeat, no lease); a new generation when nobody is left and nothing is
# queued (a fresh queue, duplicate filter and run id); otherwise join, if it runs the same crawl.
_JOIN = """
local prefix, worker, run_id, digest, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local active = redis.call('zcard', KEYS[3]) > 0
for _, w in ipairs(redis.call('smembers', KEYS[2])) do
  if redis.call('exists', prefix .. ':alive:' .. w) == 1 or redis.call('hlen', prefix .. ':leases:' .. w) > 0 then
    active = true
  else
    redis.call('srem', KEYS[2], w)
  end
end
if not active then
  redis.call('del', KEYS[3], KEYS[4])
  redis.call('hset', KEYS[1], 'run_id', run_id, 'digest', digest)
elseif redis.call('hget', KEYS[1], 'digest') ~= digest then
  return {'mismatch', redis.call('hget', KEYS[1], 'run_id') or ''}
end
redis.call('sadd', KEYS[2], worker)
redis.call('set', prefix .. ':alive:' .. worker, '1', 'PX', ttl)
return {'ok', redis.call('hget', KEYS[1], 'run_id')}
"""

# Put the leases of crawlers whose heartbeat expired (or of ARGV[2], leaving) back in the queue.
_RECLAIM = """
local prefix, leaving = ARGV[1], ARGV[2]
local n = 0
for _, w in ipairs(redis.call('smembers', KEYS[1])) do
  if w == leaving or redis.call('exists', prefix .. ':alive:' .. w) == 0 then
    local leases, scores = prefix .. ':leases:' .. w, prefix .. ':scores:' .. w
    local entries = redis.call('hgetall', leases)
    for i = 1, #entries, 2 do
      redis.call('zadd', KEYS[2], redis.call('hget', scores, entries[i]) or 0, entries[i + 1])
      n = n + 1
    end
    redis.call('del', leases, scores, prefix .. ':alive:' .. w)
    redis.call('srem', KEYS[1], w)
  end
end
return n
"""

# Requests still to do by anyone but ARGV[2]: queued, or leased by a crawler whose heartbeat is live.
_PENDING = """
local prefix, me = ARGV[1], ARGV[2]
local n = redis.call('zcard', KEYS[2])
for _, w in ipairs(redis.call('smembers', KEYS[1])) do
  if w ~= me and redis.call('exists', prefix .. ':alive:' .. w) == 1 then
    n = n + redis.call('hlen', prefix .. ':leases:' .. w)
  end
end
return n
"""


class Frontier:
    """One crawler's handle on the shared frontier (its worker id, its leases)."""

    def __init__(self, url: str, worker: str, lease_seconds: float = DEFAULT_LEASE_SECONDS, prefix: str = PREFIX):
        self.url = url
        self.worker = worker
        self.lease_ms = int(lease_seconds * 1000)
        self.prefix = prefix
        try:
            self.redis = redis.Redis.from_url(url, socket_timeout=30, health_check_interval=30)
        except ValueError as exc:
            raise FrontierError(f"--frontier {redacted(url)}: {exc}") from None
        self.run_id: str | None = None
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings) -> Frontier:
        return cls(settings.get("XXGK_FRONTIER"), settings.get("XXGK_FRONTIER_WORKER"),
                   settings.getfloat("XXGK_FRONTIER_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))

    # ---- keys -------------------------------------------------------------------------------------

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    @property
    def queue_key(self) -> str:
        return self.key("requests")

    @property
    def dupefilter_key(self) -> str:
        return self.key("dupefilter")

    @property
    def leases_key(self) -> str:
        return self.key("leases", self.worker)

    @property
    def scores_key(self) -> str:
        return self.key("scores", self.worker)

    # ---- membership -------------------------------------------------------------------------------

    def join(self, run_id: str, digest: str) -> str:
        """Join the running generation (or start one with ``run_id``); the generation's run id."""
        try:
            status, value = self.redis.eval(_JOIN, 4, self.key("generation"), self.key("workers"), self.queue_key,
                                            self.dupefilter_key, self.prefix, self.worker, run_id, digest,
                                            self.lease_ms)
        except redis.RedisError as exc:
            raise FrontierError(f"frontier {redacted(self.url)}: {exc}") from None
        if status == b"mismatch":
            raise FrontierError(f"frontier {redacted(self.url)} is running another crawl (run {value.decode()}):"
                                " every crawler of one frontier must use the same sources and --years")
        self.run_id = value.decode()
        return self.run_id

    def beat(self) -> None:
        self.redis.set(self.key("alive", self.worker), "1", px=self.lease_ms)
        self.redis.sadd(self.key("workers"), self.worker)

    def start_heartbeat(self) -> None:
        """Keep this crawler alive in redis from a thread (a third of the lease time apart)."""
        def loop() -> None:
            while not self._stop.wait(self.lease_ms / 3000):
                try:
                    self.beat()
                except redis.RedisError as exc:  # redis away for a while: the leases may be reclaimed, never lost
                    log.warning("frontier heartbeat failed: %s", exc, extra={"event": "frontier_heartbeat"})

        self._beat = threading.Thread(target=loop, name="frontier-heartbeat", daemon=True)
        self._beat.start()

    def leave(self) -> int:
        """Stop the heartbeat and put this crawler's leases back in the queue; how many went back."""
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
            self._beat = None
        returned = int(self.redis.eval(_RECLAIM, 2, self.key("workers"), self.queue_key, self.prefix, self.worker))
        if returned:
            log.warning("%d request(s) this crawler had taken went back to the frontier", returned,
                        extra={"event": "frontier_returned", "count": returned})
        return returned

    # ---- leases (called by the scheduler in the crawling process) ---------------------------------

    def release(self, token: str) -> None:
        self.redis.hdel(self.leases_key, token)
        self.redis.hdel(self.scores_key, token)

    def drop_own_leases(self) -> int:
        """Forget this crawler's leases (when it is idle they were handled by a path that releases none)."""
        n = self.redis.hlen(self.leases_key)
        self.redis.delete(self.leases_key, self.scores_key)
        return int(n)

    def reclaim_dead(self) -> int:
        """Requeue the leases of crawlers whose heartbeat expired; how many."""
        n = int(self.redis.eval(_RECLAIM, 2, self.key("workers"), self.queue_key, self.prefix, ""))
        if n:
            log.warning("%d request(s) of a crawler that died went back to the frontier", n,
                        extra={"event": "frontier_reclaimed", "count": n})
        return n

    def must_wait(self) -> bool:
        """Called when this crawler is idle: True while the crawl is not over (requests queued, or taken by
        another live crawler and able to lead to more); requeues what dead crawlers held first."""
        orphans = self.drop_own_leases()
        if orphans:
            log.debug("%d lease(s) released at idle", orphans, extra={"event": "frontier_orphans"})
        self.reclaim_dead()
        return self.others_pending() > 0

    def others_pending(self) -> int:
        """Requests queued or held by another live crawler (this one waits for them before stopping)."""
        return int(self.redis.eval(_PENDING, 2, self.key("workers"), self.queue_key, self.prefix, self.worker))


def scrapy_settings(url: str, worker: str, handlers: dict) -> dict:
    """The Scrapy settings that put a crawl on the frontier (``handlers``: the DOWNLOAD_HANDLERS in force)."""
    here = __name__
    polite = f"{here}.politeness.PoliteHTTPDownloadHandler"
    return {"SCHEDULER": f"{here}.scheduler.FrontierScheduler",
            "SCHEDULER_QUEUE_CLASS": f"{here}.scheduler.LeasedPriorityQueue",
            "DUPEFILTER_CLASS": f"{here}.scheduler.FrontierDupeFilter",
            "SCHEDULER_QUEUE_KEY": f"{PREFIX}:requests", "SCHEDULER_DUPEFILTER_KEY": f"{PREFIX}:dupefilter",
            "SCHEDULER_PERSIST": True,  # the generation, not one crawler, decides when the queue is done
            "REDIS_URL": url, "XXGK_FRONTIER": url, "XXGK_FRONTIER_WORKER": worker,
            "DOWNLOAD_HANDLERS": {**handlers, "http": polite, "https": polite}}


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@contextmanager
def joined(url: str | None, run_id: str, sources, years, lease_seconds: float) -> Iterator[Frontier | None]:
    """This process as a crawler of the frontier at ``url`` (None: no frontier) for the duration."""
    if not url:
        yield None
        return
    frontier = Frontier(url, new_worker_id(), lease_seconds)
    frontier.join(run_id, crawl_digest(sources, years))
    frontier.start_heartbeat()
    try:
        yield frontier
    finally:
        try:
            frontier.leave()
        except redis.RedisError as exc:  # redis gone: the leases come back when the heartbeat expires
            log.warning("could not leave the frontier: %s", exc, extra={"event": "frontier_leave"})
