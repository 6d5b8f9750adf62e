"""A local demo government site on loopback, built from the sample generator.

``sitegen`` lays out Hanweb-style and TRS-style sites (listings, pagination,
report pages, PDF/DOCX attachments, robots.txt) from generated reports with
known numbers; ``server`` serves them over HTTP with hooks for what real sites
do to crawlers (latency, errors that recover, removals, redirects, challenges).
Used by ``make run``, the tests and the crawl benchmark.
"""

from .server import DemoServer, Hooks
from .site import Resource, Site
from .sitegen import DemoSites, build_demo

__all__ = ["DemoServer", "DemoSites", "Hooks", "Resource", "Site", "build_demo"]
