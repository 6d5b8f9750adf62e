"""Per-host politeness across crawlers: one slot per host in redis, taken right before sending.

Each crawler still spaces its own requests per host (Scrapy's download slot,
AutoThrottle); this adds, at the moment a request is handed to the HTTP
client, a slot shared by every crawler of the frontier: a request to a host
waits until the host's next start time (the previous start plus the delay its
crawler's slot wants, jitter included) and until fewer than
``CONCURRENT_REQUESTS_PER_DOMAIN`` requests to it are in flight anywhere. So
two crawlers together hit a host no faster than one would. Time is redis'
clock (one clock for every machine). A slot held by a crawler that died is
freed when its heartbeat expires (at the latest after ``DOWNLOAD_TIMEOUT``).
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from . import Frontier

# KEYS: the host's next start, its in-flight set. ARGV: gap ms, max in flight, token (worker|id), hold ms,
# key prefix. 0 when the slot is taken, else how many ms to wait before asking again. Slots held past
# their time, or by a crawler whose heartbeat expired, are freed first.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gap, most, token, hold = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
redis.call('zremrangebyscore', KEYS[2], '-inf', now)
for _, held in ipairs(redis.call('zrange', KEYS[2], 0, -1)) do
  local w = string.match(held, '^(.*)|')
  if w and redis.call('exists', ARGV[5] .. ':alive:' .. w) == 0 then redis.call('zrem', KEYS[2], held) end
end
if redis.call('zcard', KEYS[2]) >= most then return 25 end
local nxt = tonumber(redis.call('get', KEYS[1]) or '0')
if now < nxt then return nxt - now end
redis.call('set', KEYS[1], now + gap, 'PX', gap + 60000)
redis.call('zadd', KEYS[2], now + hold, token)
redis.call('pexpire', KEYS[2], hold)
return 0
"""


class HostSlots:
    def __init__(self, frontier: Frontier, per_host: int, hold_seconds: float):
        self.redis = frontier.redis
        self.frontier = frontier
        self.per_host = max(1, per_host)
        self.hold_ms = int(hold_seconds * 1000)

    def _keys(self, host: str) -> tuple[str, str]:
        return self.frontier.key("host", host, "next"), self.frontier.key("host", host, "flight")

    async def acquire(self, host: str, gap_seconds: float) -> str:
        """Wait for the host's shared slot; the token to release it with."""
        token = f"{self.frontier.worker}|{uuid.uuid4().hex}"
        keys = self._keys(host)
        while True:
            wait = int(self.redis.eval(_ACQUIRE, 2, *keys, int(gap_seconds * 1000), self.per_host, token,
                                       self.hold_ms, self.frontier.prefix))
            if wait <= 0:
                return token
            await maybe_deferred_to_future(deferLater(reactor, min(wait, 1000) / 1000, lambda: None))

    def release(self, host: str, token: str) -> None:
        self.redis.zrem(self._keys(host)[1], token)


class PoliteHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler behind the shared per-host slot."""

    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self._slots = HostSlots(Frontier.from_settings(settings), settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
                                settings.getfloat("DOWNLOAD_TIMEOUT") + 30)
        self._default_gap = settings.getfloat("DOWNLOAD_DELAY")

    async def download_request(self, request):
        host = request.meta.get("download_slot") or urlsplit(request.url).hostname or ""
        slot = self._crawler.engine.downloader.slots.get(host)
        gap = slot.download_delay() if slot is not None else self._default_gap
        token = await self._slots.acquire(host, gap)
        try:
            return await super().download_request(request)
        finally:
            self._slots.release(host, token)
