"""scrapy-redis' scheduler, queue and duplicate filter, with leases and per-source listings.

- :class:`LeasedPriorityQueue` pops a request and records it as leased by this
  crawler in one atomic step (a Lua script): between the two, no other crawler
  can see the frontier empty, and a crawler killed right after the pop leaves
  the request in redis.
- The lease is released when Scrapy is done with the answer: the callback has
  run, the requests it yielded are in the frontier and its items went through
  the pipelines (:class:`LeaseOutputs`); or when the request comes back to the
  scheduler as a retry or a redirect (it carries the lease it replaces).
- :class:`FrontierDupeFilter` tells requests apart as scrapy-redis does, and a
  listing page also by source: one crawler reads a listing's links for the
  source that requested it, so another source reaching the same listing in
  another crawler must request it for itself (within one crawler it is shared).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from . import Frontier

log = logging.getLogger("xxgk.frontier")

LEASE = "xxgk_lease"  # request.meta key: the lease token of a request taken from the frontier
PARENT = "xxgk_parent_lease"  # … and of the request whose callback yielded this one
SHARED_ROLES = ("listing", "pager")

_POP = """
local r = redis.call('zpopmin', KEYS[1])
if #r == 0 then return false end
redis.call('hset', KEYS[2], ARGV[1], r[1])
redis.call('hset', KEYS[3], ARGV[1], r[2])
return r[1]
"""


# Seen and queued in one step (a crawler killed between the two would leave a request seen, never queued).
_PUSH = """
if ARGV[1] ~= '' and redis.call('sadd', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('zadd', KEYS[2], ARGV[2], ARGV[3])
return 1
"""


class LeasedPriorityQueue(PriorityQueue):
    frontier: Frontier

    def pop(self, timeout=0):
        token = uuid.uuid4().hex
        data = self.server.eval(_POP, 3, self.key, self.frontier.leases_key, self.frontier.scores_key, token)
        if not data:
            return None
        request = self._decode_request(data)
        request.meta[LEASE] = token
        return request


class FrontierDupeFilter(RFPDupeFilter):
    def request_fingerprint(self, request) -> str:
        fingerprint = super().request_fingerprint(request)
        where = request.meta.get("xxgk")
        if where is not None and where.role in SHARED_ROLES:
            return hashlib.sha1(f"{fingerprint} {where.source}".encode()).hexdigest()
        return fingerprint


class FrontierScheduler(Scheduler):
    frontier: Frontier

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.frontier = Frontier.from_settings(crawler.settings)
        return scheduler

    def open(self, spider):
        super().open(spider)
        self.queue.frontier = self.frontier
        self.taken = 0

    def close(self, reason):
        log.info("this crawler took %d request(s) from the frontier", self.taken,
                 extra={"event": "frontier_done", "taken": self.taken, "worker": self.frontier.worker})
        super().close(reason)

    def enqueue_request(self, request) -> bool:
        """scrapy-redis' enqueue (without its stats call, deprecated in our Scrapy), releasing the lease of
        the request this one replaces (a retry or redirect of a request this crawler took)."""
        replaced = request.meta.pop(LEASE, None)
        parent = request.meta.pop(PARENT, None)
        added = bool(self.server.eval(_PUSH, 2, self.df.key, self.queue.key,
                                      "" if request.dont_filter else self.df.request_fingerprint(request),
                                      -request.priority, self.queue._encode_request(request)))
        if not added:
            self.df.log(request, self.spider)
        if replaced:
            self.frontier.release(replaced)
        outputs = getattr(self.spider, "lease_outputs", None)
        if parent and outputs is not None:
            outputs.done(parent)
        return added

    def next_request(self):
        request = self.queue.pop()
        self.taken += request is not None
        return request


class LeaseOutputs:
    """Per lease, what its callback yielded and Scrapy has not finished with yet.

    Scrapy hands a callback's output to item pipelines and the scheduler through
    a queue, after the callback's generator is done: releasing the lease then
    would lose the requests and items still in that queue if the crawler died.
    So a lease is released when the callback has returned *and* every request
    it yielded reached the scheduler (``enqueue_request``) and every item went
    through the item pipelines (``item_scraped``/``item_dropped``/``item_error``).
    An output something drops on the way keeps its lease until the crawler is
    idle (``clear``): at worst, a request fetched twice after a crash.
    """

    def __init__(self, frontier: Frontier):
        self.frontier = frontier
        self.pending: dict[str, int] = {}
        self.returned: set[str] = set()

    def add(self, token: str) -> None:
        self.pending[token] = self.pending.get(token, 0) + 1

    def done(self, token: str | None) -> None:
        if token in self.pending:
            self.pending[token] -= 1
            self._maybe_release(token)

    def returned_from(self, token: str) -> None:
        self.returned.add(token)
        self._maybe_release(token)

    def done_item(self, item, response) -> None:
        """item_scraped / item_dropped / item_error: ``response`` is the Response (or Failure) it came from."""
        request = getattr(response, "request", None)
        self.done(request.meta.get(LEASE) if request is not None else None)

    def clear(self) -> None:
        self.pending.clear()
        self.returned.clear()

    def _maybe_release(self, token: str) -> None:
        if token in self.returned and self.pending.get(token, 0) <= 0:
            self.returned.discard(token)
            self.pending.pop(token, None)
            self.frontier.release(token)


def releases_lease(callback):
    """Let the lease of the request a spider callback (or errback) handles go once Scrapy is done with
    everything the callback yielded (:class:`LeaseOutputs`, the spider's ``lease_outputs``)."""

    @functools.wraps(callback)
    def handle(spider, result):
        outputs: LeaseOutputs | None = getattr(spider, "lease_outputs", None)
        request = getattr(result, "request", None)
        token = request.meta.get(LEASE) if request is not None else None
        if outputs is None or not token:
            yield from callback(spider, result)
            return
        try:
            for out in callback(spider, result):
                outputs.add(token)
                if isinstance(out, Request):
                    out.meta[PARENT] = token
                yield out
        finally:
            outputs.returned_from(token)

    return handle
