"""Running a crawl: Scrapy in a child process, one per crawl.

Twisted's reactor starts once per process, so each crawl runs in a fresh
``python -m scrapers.crawl JOB.json``; everything it finds goes to the raw
archive and the state DB, which the caller reads back by run id. The child
dies with its parent (a killed run leaves no orphan crawler writing on).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .jobfiles import job_file
from .sources import Source


@dataclass(slots=True)
class CrawlJob:
    sources: list[Source]
    data_dir: str
    run_id: str
    years: tuple[int, int] | None = None
    allow_private: bool = False
    settings: dict = field(default_factory=dict)  # Scrapy setting overrides
    log_format: str = "human"
    frontier: str | None = None  # redis://… shared by several crawlers (scrapers/frontier)
    worker: str | None = None    # this crawler's id on the frontier

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> CrawlJob:
        obj = json.loads(text)
        obj["sources"] = [Source(**{**s, "start_urls": tuple(s["start_urls"]), "years": tuple(s["years"])})
                          for s in obj["sources"]]
        obj["years"] = tuple(obj["years"]) if obj["years"] else None
        return cls(**obj)


def parse_setting(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` (VALUE read as JSON when it parses, else as text)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise ValueError(f"--set expects NAME=VALUE, not {text!r}")
    try:
        return name.strip(), json.loads(value)
    except ValueError:
        return name.strip(), value


def crawl_settings(job: CrawlJob):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("scrapers.settings", priority="project")
    settings.set("XXGK_ALLOW_PRIVATE_NETWORKS", job.allow_private, priority="cmdline")
    for name, value in job.settings.items():
        settings.set(name, value, priority="cmdline")
    if job.frontier:
        from .frontier import scrapy_settings

        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        for name, value in scrapy_settings(job.frontier, job.worker, handlers).items():
            settings.set(name, value, priority="cmdline")
    return settings


def crawl_here(job: CrawlJob) -> None:
    """Run the crawl in this process (starts the reactor: once per process)."""
    from scrapy.crawler import CrawlerProcess

    from .logsetup import setup_logging
    from .spiders.reports import ReportsSpider

    process = CrawlerProcess(crawl_settings(job))
    setup_logging(job.log_format)  # after Scrapy's own logging set-up, which resets levels
    process.crawl(ReportsSpider, sources=job.sources, data_dir=job.data_dir, run_id=job.run_id, years=job.years)
    process.start()


def run_crawl(job: CrawlJob) -> int:
    """Run the crawl in a child process; its exit code (0 when the crawl ran to its end)."""
    with job_file(Path(job.data_dir), job.to_json()) as path:
        proc = subprocess.Popen([sys.executable, "-m", "scrapers.crawl", str(path)], env={**os.environ,
                                "XXGK_PARENT_PID": str(os.getpid())})
        try:
            return proc.wait()
        except BaseException:
            proc.kill()
            proc.wait()
            raise


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when the parent dies (kill -9 of a run stops its crawl too)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    parent = os.environ.get("XXGK_PARENT_PID")
    if parent and os.getppid() != int(parent):
        os._exit(137)


def main(argv: list[str]) -> int:
    _die_with_parent()
    crawl_here(CrawlJob.from_json(Path(argv[0]).read_text("utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
