"""Logging for crawls and runs: human lines by default, JSON lines on request.

JSON records carry the message plus any ``extra`` fields a caller attached
(``event``, ``url``, ``source``, counts …), one object per line on stderr.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "spider"}
FORMATS = ("human", "json")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        obj = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
               "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                obj[key] = value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
        if record.exc_info:
            obj["exception"] = self.formatException(record.exc_info)
        return json.dumps(obj, ensure_ascii=False)


def setup_logging(fmt: str = "human", level: int = logging.INFO) -> None:
    """Route every logger (ours and Scrapy's) to stderr in ``fmt``; Scrapy's chatter kept to warnings."""
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(JsonFormatter() if fmt == "json" else
                         logging.Formatter("%(asctime)s %(levelname)-7s %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("scrapy", "twisted", "protego", "filelock", "asyncio"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("scrapy.extensions.logstats").setLevel(logging.INFO)
