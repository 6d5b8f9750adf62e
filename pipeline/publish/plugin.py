"""Our Datasette plugin (registered as the ``xxgk`` entry point of the ``datasette`` group).

- searches are segmented like the stored text: the ``_search`` parameters of every
  table page are rewritten to jieba words before Datasette sees them, and SQL gets
  ``jieba_match(q)`` / ``unsegment(text)`` for the canned queries;
- the column descriptions (from the data dictionary) are folded into a ``<details>``;
- links are rendered only where safe: ``source_url``-like columns become links when
  they are http(s) URLs, archive links only when they point at our own route;
- ``/-/archive/<sha256>.<type>`` serves a report as the crawler archived it, from the
  directory named by the plugin setting ``archive_dir`` (``DATA/raw``), with a
  sandboxing Content-Security-Policy so an archived page cannot run script here.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from . import fts
from .names import ARCHIVE_ROUTE, PLUGIN, REPORT_ID, REPORTS

URL_COLUMNS = ("source_url", "other_source_url")
ARCHIVE_COLUMN = "archived_file"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_TYPES = {"html": "text/html", "htm": "text/html", "pdf": "application/pdf", "txt": "text/plain",
          "md": "text/plain", "doc": "application/msword", "wps": "application/octet-stream",
          "rtf": "application/rtf", "odt": "application/vnd.oasis.opendocument.text",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def segmented_query_string(query_string: bytes) -> bytes:
    """The query string with every ``_search``/``_search_<column>`` value replaced by its jieba phrases."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
    if not any(k.startswith("_search") and k != "_searchmode" for k, _ in pairs):
        return query_string
    out = [(k, fts.match_expression(v) if k.startswith("_search") and k != "_searchmode" else v)
           for k, v in pairs if k != "_searchmode"]   # quoted phrases pass Datasette's escaped mode as they are
    return urlencode(out, encoding="utf-8").encode("latin-1")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def segmented(scope, receive, send):
            if scope.get("type") == "http" and scope.get("query_string"):
                scope = dict(scope, query_string=segmented_query_string(scope["query_string"]))
            await app(scope, receive, send)
        return segmented
    return wrap


# The data dictionary's column descriptions fill a screen above every table: fold them away.
_FOLD_COLUMNS = """document.querySelectorAll('dl.column-descriptions').forEach(dl => {
  const d = document.createElement('details'), s = document.createElement('summary');
  s.textContent = 'Columns: what each one means (' + dl.querySelectorAll('dt').length + ')';
  dl.replaceWith(d); d.append(s, dl);
});"""


@hookimpl
def extra_body_script(view_name):
    return _FOLD_COLUMNS if view_name == "table" else None


@hookimpl
def prepare_connection(conn):
    fts.register_functions(conn)


def safe_link(value, label: str | None = None) -> Markup | None:
    """An ``<a>`` for http(s) URLs and our archive route only; None for anything else (shown as text)."""
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return None
    scheme = urlsplit(value).scheme.lower()
    if scheme in ("http", "https") and urlsplit(value).netloc:
        rel = "noopener noreferrer nofollow"
    elif scheme == "" and value.startswith(ARCHIVE_ROUTE) and ".." not in value:
        rel = "noopener"
    else:
        return None
    return Markup('<a href="{}" rel="{}" target="_blank">{}</a>').format(value, rel, label or value)


@hookimpl
def render_cell(value, column, table, database, datasette):
    if column in URL_COLUMNS:
        return safe_link(value)
    if column == ARCHIVE_COLUMN:
        return safe_link(value, "archived file" if value else None)
    if column == REPORT_ID and table is None and isinstance(value, str):  # canned/arbitrary query results
        url = datasette.urls.row(database, REPORTS, tilde_encode(value))
        return Markup('<a href="{}">{}</a>').format(url, escape(value))
    return None


@hookimpl
def register_routes():
    return [(r"^" + re.escape(ARCHIVE_ROUTE) + r"(?P<name>[0-9a-f]{64}(\.[a-z0-9]{1,5})?)$", archived)]


async def archived(datasette, request):
    name = request.url_vars["name"]
    sha, _, ext = name.partition(".")
    root = (datasette.plugin_config(PLUGIN) or {}).get("archive_dir")
    if not root or not _SHA.match(sha):
        return Response.text("no archive is configured for this site", status=404)
    path = Path(root) / "objects" / sha[:2] / sha[2:4] / sha
    if not path.is_file():
        return Response.text("not in the archive", status=404)
    kind = _TYPES.get(ext) or mimetypes.guess_type(f"x.{ext}")[0] or "application/octet-stream"
    return Response(path.read_bytes(), content_type=kind, headers={
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff"})
