"""A threaded HTTP server on loopback serving a :class:`Site`, with hooks for
what real government servers do: latency, 5xx that recover, pages removed
(404/410), redirects, anti-bot challenges; validators and 304s throughout.
Every request is logged (time, path, status, whether it was conditional).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qsl, urlsplit

from .site import HANWEB_PROXY, Resource, Site

CHALLENGES = {
    # WZWS: 200 with the wzws_cid cookie and a script that computes the answer.
    "wzws": (200, [("Set-Cookie", "wzws_cid=4f1b2c9d8e7a; path=/; HttpOnly")],
             ('<html><head><meta charset="utf-8"></head><body><script type="text/javascript">'
             'var wzwschallenge="Y2hhbGxlbmdl";var wzwschallengex="abc";function HXXTTKKLLPPP5(){}'
             'window.location.reload();</script></body></html>')),
    # 瑞数: HTTP 412, a script-only page and a cookie ending in 80S.
    "ruishu": (412, [("Set-Cookie", "FSSBBIl1UgzbN7N80S=Qv3p9; Path=/; expires=Fri, 01 Jan 2100 00:00:00 GMT")],
               ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
               '<meta id="9DhefwqGPrzGxEp9hPaoag" content="x"><script type="text/javascript">'
               '$_ts=window["$_ts"];if(!$_ts)$_ts={};$_ts.nsd=12345;$_ts.cd="qpxr";</script>'
               '<script type="text/javascript" r="m" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js"></script>'
               '</head><body></body></html>')),
    # 加速乐: HTTP 521 and a script setting __jsl_clearance.
    "jsl": (521, [("Set-Cookie", "__jsluid_h=6b1c0f; max-age=31536000; path=/; HttpOnly")],
            ("<script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+"
            "('n')+('c')+('e')+('=')+(-~[]+'');location.href=location.pathname+location.search</script>")),
    "login": (200, [], ('<html><head><meta charset="utf-8"><title>统一身份认证</title></head><body>'
                       '<form method="post" action="/login"><p>请先登录</p><input name="user">'
                       '<input type="password" name="pwd"><button>登录</button></form></body></html>')),
}


@dataclass
class Hooks:
    """Behaviour a test or benchmark switches on; keys are request paths (query ignored)."""

    latency: float = 0.0
    fail: dict[str, int] = field(default_factory=dict)          # path → number of 500s before recovering
    status: dict[str, int] = field(default_factory=dict)        # path → fixed status (404, 410 …)
    redirect: dict[str, str] = field(default_factory=dict)      # path (or path?query) → Location
    challenge: dict[str, str] = field(default_factory=dict)     # path → a key of CHALLENGES ('*' = every path)


@dataclass(slots=True)
class Hit:
    time: float
    host: str
    method: str
    target: str
    status: int
    conditional: bool
    started: float = 0.0  # when the request arrived (``time`` is when it was answered)


class DemoServer:
    """``with DemoServer(site) as server: server.url('/index.html')``."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0, hooks: Hooks | None = None):
        self.site = site
        self.hooks = hooks or Hooks()
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer((host, port), _handler(self))
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> DemoServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name=f"demo-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def take_hits(self) -> list[Hit]:
        with self._lock:
            hits, self.hits = self.hits, []
        return hits

    def respond(self, method: str, target: str, headers) -> tuple[int, list[tuple[str, str]], bytes]:
        hooks = self.hooks
        path = urlsplit(target).path
        if hooks.latency:
            time.sleep(hooks.latency)
        with self._lock:
            left = hooks.fail.get(path, 0)
            if left:
                hooks.fail[path] = left - 1
        if left:
            return 500, [], b"<html><body>500 Internal Server Error</body></html>"
        kind = hooks.challenge.get(path) or hooks.challenge.get("*")
        if kind and path != "/robots.txt":
            status, extra, body = CHALLENGES[kind]
            return status, [("Content-Type", "text/html; charset=utf-8"), *extra], body.encode("utf-8")
        query = urlsplit(target).query
        location = hooks.redirect.get(f"{path}?{query}" if query else path) or hooks.redirect.get(path)
        if location:
            return 302, [("Location", location)], b""
        if path in hooks.status:
            code = hooks.status[path]
            return code, [("Content-Type", "text/html; charset=utf-8")], f"<h1>{code}</h1>".encode()
        if path == HANWEB_PROXY:
            body = self.site.dataproxy(dict(parse_qsl(urlsplit(target).query)))
            res = Resource(body, "text/xml; charset=utf-8") if body is not None else None
        else:
            res = self.site.lookup(target)
        if res is None:
            return 404, [("Content-Type", "text/html; charset=utf-8")], b"<h1>404 Not Found</h1>"
        validators = [("ETag", res.etag), ("Last-Modified", res.last_modified)]
        if _not_modified(res, headers):
            return 304, validators, b""
        return 200, [("Content-Type", res.content_type), *validators, *res.headers], res.body


def _not_modified(res: Resource, headers) -> bool:
    tag = headers.get("If-None-Match")
    if tag is not None:
        return res.etag in [t.strip() for t in tag.split(",")]
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return parsedate_to_datetime(since).timestamp() >= int(res.modified)
        except (TypeError, ValueError):
            return False
    return False


def _handler(server: DemoServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "DemoGov/1.0"

        def do_GET(self) -> None:
            self._serve(body=True)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            target = self.path + (("&" if "?" in self.path else "?") + form if form else "")
            self._serve(body=True, target=target)

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def _serve(self, body: bool, target: str | None = None) -> None:
            target = target or self.path
            started = time.time()
            status, headers, data = server.respond(self.command, target, self.headers)
            conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
            server.record(Hit(time.time(), self.headers.get("Host", ""), self.command, target, status, conditional,
                              started))
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body and status != 304:
                self.wfile.write(data)

        def log_message(self, *args) -> None:  # quiet: hits are recorded instead
            pass

    return Handler
