"""``python -m scrapers.demo [--data DIR]``: serve the demo government sites on
loopback and run ``xxgk run`` against them (what ``make run`` does).

``--serve`` only serves (until Ctrl-C) and prints the sources file, for trying
``xxgk crawl``/``xxgk run`` by hand.
"""

from __future__ import annotations

import argparse
import errno
import subprocess
import sys
import time
from pathlib import Path

from .server import DemoServer
from .sitegen import build_demo

# Our own server on loopback: the polite defaults (0.25 s+ between requests per
# host, AutoThrottle starting at 1 s) are relaxed so the demo runs in seconds.
DEMO_SETTINGS = ["DOWNLOAD_DELAY=0.02", "AUTOTHROTTLE_START_DELAY=0.05", "RETRY_BACKOFF_BASE=0.2"]


HANWEB_PORT, TRS_PORT = 18701, 18702


def _server(site, port: int) -> DemoServer:
    try:
        return DemoServer(site, port=port)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(f"port {port} is busy; serving on a free port instead", file=sys.stderr)
        return DemoServer(site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.demo", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--serve", action="store_true", help="only serve the sites until interrupted")
    parser.add_argument("--log-format", default="human")
    args = parser.parse_args(argv)

    demo = build_demo(seed=args.seed)
    # Fixed ports, so that the state and archive of an earlier ``make run`` keep matching URLs.
    with _server(demo.sites["hanweb"], HANWEB_PORT) as hanweb, _server(demo.sites["trs"], TRS_PORT) as trs:
        sources = args.data / "demo" / "sources.yaml"
        sources.parent.mkdir(parents=True, exist_ok=True)
        sources.write_text(demo.sources_yaml({"hanweb": hanweb.base, "trs": trs.base}), "utf-8")
        print(f"demo sites: Hanweb-style (UTF-8) at {hanweb.base}/col/col100/index.html, "
              f"TRS-style (GBK) at {trs.base}/jyj/zfxxgk/ — {len(demo.truth)} reports of "
              f"{len(demo.sources)} agencies; sources file {sources}", flush=True)
        if args.serve:
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
        xxgk = Path(sys.executable).with_name("xxgk")
        cmd = [str(xxgk) if xxgk.exists() else sys.executable, *([] if xxgk.exists() else ["-m", "pipeline.cli"]),
               "run", "--sources", str(sources), "--data", str(args.data), "--allow-private-networks",
               "--log-format", args.log_format, *[x for s in DEMO_SETTINGS for x in ("--set", s)]]
        print("$ " + " ".join(cmd), flush=True)
        return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
