"""scrapy-redis' scheduler, queue and duplicate filter, with leases and per-source listings.

- :class:`LeasedPriorityQueue` pops a request and records it as leased by this
  crawler in one atomic step (a Lua script): between the two, no other crawler
  can see the frontier empty, and a crawler killed right after the pop leaves
  the request in redis.
- The lease is released when the spider has handled the answer
  (:func:`releases_lease` on its callbacks), or when the request comes back to
  the scheduler as a retry or a redirect (it carries the lease it replaces).
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

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from . import Frontier

log = logging.getLogger("xxgk.frontier")

LEASE = "xxgk_lease"  # request.meta key: the lease token of a request taken from the frontier
SHARED_ROLES = ("listing", "pager")

_POP = """
local r = redis.call('zpopmin', KEYS[1])
if #r == 0 then return false end
redis.call('hset', KEYS[2], ARGV[1], r[1])
redis.call('hset', KEYS[3], ARGV[1], r[2])
return r[1]
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
        added = request.dont_filter or not self.df.request_seen(request)
        if added:
            self.queue.push(request)
        else:
            self.df.log(request, self.spider)
        if replaced:
            self.frontier.release(replaced)
        return added

    def next_request(self):
        request = self.queue.pop()
        self.taken += request is not None
        return request


def releases_lease(callback):
    """Release the lease of the request a spider callback (or errback) handles once it has run:
    by then every request it yielded is in the frontier."""

    @functools.wraps(callback)
    def handle(spider, result):
        request = getattr(result, "request", None)
        try:
            yield from callback(spider, result)
        finally:
            token = request.meta.get(LEASE) if request is not None else None
            frontier = getattr(spider, "frontier", None)
            if token and frontier is not None:
                frontier.release(token)

    return handle
