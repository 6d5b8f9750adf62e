"""TRS WCM sites: static ``index_N.html`` pages announced by ``createPageHTML``, pagers in
external scripts, "动静结合" lists (static pages, then a JSON API), article bodies in ``TRS_Editor``.

- ``createPageHTML(4, 0, "index", "html")`` → ``index_1.html`` … ``index_3.html``; the count may be
  a literal, a variable (``var countPage = 2``) or an expression (``Math.ceil(45/15)``), and an
  optional first argument names the pager's element.
- When the page calls no pager, a script it loads from its own directory (or named like a pager)
  is fetched and read with the page's variables (``context``), for pagers kept in external JS.
- ``listModel({quickMode: "动静结合", maxStaticIndex: N, pagebar: {prepage, recordCount}})``:
  ``index_1`` … ``index_N`` may exist (optional: a 404 is recorded, not an error); later pages come
  from a JSON API, requested only when the page states its URL (``url``/``listUrl``/``apiUrl``:
  ``?page=K&pagesize=prepage``), since ``list2.trsapi``'s own request is not in the page.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin, urlsplit

from ..discovery import clean_url, same_site
from ..records import PageLink
from .base import CmsAdapter, Page
from .jsvalues import assignments, int_value, split_args, string_value

_CALL = re.compile(r"createPageHTML\s*\(")
_LIST_MODEL = re.compile(r"listModel\s*\(\s*\{")
_SCRIPT_SRC = re.compile(r"<script[^>]+src\s*=\s*['\"]([^'\"]+\.js)(?:\?[^'\"]*)?['\"]", re.IGNORECASE)
_PAGER_NAME = re.compile(r"page|pager|fenye|createpage", re.IGNORECASE)
_SHARED_JS = re.compile(r"jquery|common|require|barrier|model\.|rem\.|lang|analytics|stat", re.IGNORECASE)
_OPTION = r"['\"]?{name}['\"]?\s*:\s*(['\"][^'\"]*['\"]|[\w.$]+)"
MAX_PAGES = 300


def _option(config: str, name: str) -> str | None:
    m = re.search(_OPTION.format(name=name), config)
    return m.group(1) if m else None


class TrsAdapter(CmsAdapter):
    name = "trs"
    fingerprints = (
        ("createPageHTML pager", _CALL),
        ("TRS listModel (list2.trsapi)", re.compile(r"list2\.trsapi|listModel\s*\(")),
        ("TRS_Editor article body", re.compile(r"TRS_Editor|TRS_UEDITOR")),
        ("TRS generator meta", re.compile(r"<meta[^>]+content=['\"]TRS", re.IGNORECASE)),
        ("TRS ChnlId meta", re.compile(r"<meta\s+name=['\"]ChnlId['\"]", re.IGNORECASE)),
        ("TRS document URL (/tYYYYMMDD_N.html)", re.compile(r"/t\d{8}_\d+\.s?html?$")),
    )

    def pages(self, page: Page, *, listed_new: bool, depth: int) -> list[PageLink]:
        listing = page.context_value("listing") or page.url
        env = {**dict(page.context), **assignments(page.text)}
        own = create_page_html(page.text, listing, env, depth) + static_and_api(page.text, listing, env, depth)
        if page.context:  # a pager script: only what it announces
            return own
        if not own:
            own = self._pager_scripts(page, env, depth)
        links = super().pages(page, listed_new=listed_new and not own, depth=depth)
        return own + [p for p in links if p.url not in {o.url for o in own}]

    def _pager_scripts(self, page: Page, env: dict[str, str], depth: int) -> list[PageLink]:
        """Scripts of the page's own directory or named like a pager: they may call createPageHTML."""
        here = urlsplit(page.url).path.rsplit("/", 1)[0]
        context = (("listing", page.url), *((k, v) for k, v in env.items() if int_value(v, env) is not None))
        out = []
        for src in _SCRIPT_SRC.findall(page.text):
            url = clean_url(urljoin(page.url, src))
            path = urlsplit(url).path
            local = path.rsplit("/", 1)[0] == here
            if same_site(url, page.url) and (local or _PAGER_NAME.search(path.rsplit("/", 1)[-1])) \
                    and not _SHARED_JS.search(path.rsplit("/", 1)[-1]):
                out.append(PageLink(url, "pager", depth=depth, context=context,
                                    reason="script that may hold the listing's pager"))
        return out


def create_page_html(text: str, base: str, env: dict[str, str], depth: int) -> list[PageLink]:
    """``index_1`` … ``index_{n-1}`` of every ``createPageHTML(n, current, prefix, ext)`` call."""
    for m in _CALL.finditer(text):
        args = split_args(text[m.end():])
        if args and string_value(args[0]) is not None and len(args) >= 5:
            args = args[1:]  # createPageHTML('page_div', n, cur, 'index', 'html', …)
        if len(args) < 4:
            continue
        count = int_value(args[0], env)
        prefix, ext = string_value(args[2], env), string_value(args[3], env)
        if count is None or not prefix or not ext or not re.fullmatch(r"[\w.-]+", prefix + ext):
            continue
        return [PageLink(urljoin(base, f"{prefix}_{i}.{ext}"), "listing", depth=depth)
                for i in range(1, min(count, MAX_PAGES))]
    return []


def static_and_api(text: str, base: str, env: dict[str, str], depth: int) -> list[PageLink]:
    """The pages a "动静结合" ``listModel({...})`` announces: static ones (optional), then JSON pages
    when the config states the API's URL."""
    m = _LIST_MODEL.search(text)
    if not m:
        return []
    config = text[m.end():m.end() + 4000]
    static = int_value(_option(config, "maxStaticIndex") or "", env)
    stem, ext = _index_stem(base)
    out = []
    if static and "动静结合" in config:
        out += [PageLink(urljoin(base, f"{stem}_{i}.{ext}"), "listing", depth=depth, optional=True,
                         reason=f"static page announced by listModel maxStaticIndex={static}")
                for i in range(1, min(static, MAX_PAGES) + 1)]
    api = next((string_value(v) for v in (_option(config, k) for k in ("url", "listUrl", "apiUrl", "dataUrl"))
                if v and string_value(v)), None)
    per_page = int_value(_option(config, "prepage") or "", env)
    records = int_value(_option(config, "recordCount") or "", env)
    if api and per_page and records:
        pages = -(-records // per_page)
        first = (static or 0) + 1
        for k in range(first, min(pages, MAX_PAGES)):
            sep = "&" if "?" in api else "?"
            out.append(PageLink(urljoin(base, f"{api}{sep}{urlencode({'page': k, 'pagesize': per_page})}"),
                                "listing", depth=depth, reason="JSON page of a 动静结合 list"))
    return out


def _index_stem(url: str) -> tuple[str, str]:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    m = re.fullmatch(r"(\w+?)(?:_\d+)?\.(s?html?)", name)
    return (m[1], m[2]) if m else ("index", "html")
