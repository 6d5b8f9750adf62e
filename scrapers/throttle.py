"""AutoThrottle that counts 304 Not Modified as a normal answer.

Scrapy's AutoThrottle never lowers a host's delay on a non-200 response
(error pages are small and would fool the latency estimate). A 304 to a
conditional request is the normal answer of an unchanged page, and costs the
server less than a 200: without this, an incremental run would crawl at the
start delay forever.
"""

from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle


class ConditionalAwareAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot, latency: float, response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)
