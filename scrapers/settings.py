"""Scrapy settings for the xxgk crawler: polite by default.

Override any of them per run with ``xxgk crawl/run --set NAME=VALUE``.
"""

import os

BOT_NAME = "xxgk"
SPIDER_MODULES = ["scrapers.spiders"]

# An honest User-Agent naming the project and where to reach its operator.
CONTACT_URL = os.environ.get("XXGK_CONTACT_URL", "https://github.com/xxgk-project/xxgk#crawler")
USER_AGENT = os.environ.get("XXGK_USER_AGENT", f"xxgk/0.1 (annual-report research crawler; +{CONTACT_URL})")

ROBOTSTXT_OBEY = True

# Politeness: at most 2 requests in flight per host, and AutoThrottle keeps the
# delay near each server's latency (never below DOWNLOAD_DELAY).
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25
DOWNLOAD_DELAY_JITTER = 0.5  # ±50%
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
EXTENSIONS = {"scrapy.extensions.throttle.AutoThrottle": None,
              "scrapers.throttle.ConditionalAwareAutoThrottle": 0}

# Incremental runs: listing pages are re-requested (conditionally) every run;
# a report page or attachment behind an unchanged listing only when it was last
# checked more than about this many days ago (spread ±25% per URL), so removals
# and silent edits are still found without re-requesting everything weekly.
XXGK_RECHECK_DAYS = 30.0

# Retries with back-off on timeouts, 5xx and 429; never on other 4xx.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0   # seconds before the first retry, doubled for each next one
RETRY_BACKOFF_MAX = 60.0
DOWNLOAD_TIMEOUT = 60

# Per-file size cap (the extractor's limit as well).
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 20 * 1024 * 1024

REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False  # challenges are reported, never solved
TELNETCONSOLE_ENABLED = False
# Only http(s) can be fetched at all; network safety refuses the rest by name first.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}

XXGK_ALLOW_PRIVATE_NETWORKS = False

DOWNLOADER_MIDDLEWARES = {
    "scrapers.middlewares.NetworkSafetyMiddleware": 40,
    "scrapers.middlewares.ConditionalRequestMiddleware": 45,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.BackoffRetryMiddleware": 550,
    "scrapers.middlewares.BlockDetectionMiddleware": 560,
    "scrapers.middlewares.RedirectRecordMiddleware": 610,  # before RedirectMiddleware (600) on responses
}
ITEM_PIPELINES = {"scrapers.pipelines.ArchivePipeline": 300}

LOG_LEVEL = "INFO"
LOG_INSTALL_ROOT_HANDLER = False  # scrapers.logsetup installs ours (human or JSON)
LOGSTATS_INTERVAL = 60.0
