"""An in-memory website: paths → resources, plus Hanweb ``dataproxy.jsp`` columns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"


@dataclass(slots=True)
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    modified: float = 1_700_000_000.0  # Unix time, for Last-Modified
    headers: tuple[tuple[str, str], ...] = ()  # extra headers, e.g. Content-Disposition

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'

    @property
    def last_modified(self) -> str:
        return formatdate(self.modified, usegmt=True)


@dataclass
class Site:
    """Resources by path (with the query string when it selects a file, as Hanweb downloads do)."""

    name: str
    files: dict[str, Resource] = field(default_factory=dict)
    # Hanweb column id → records (HTML fragments) served by dataproxy.jsp.
    columns: dict[str, list[str]] = field(default_factory=dict)
    encoding: str = "utf-8"

    def add(self, path: str, body: bytes | str, content_type: str | None = None, modified: float | None = None,
            headers: tuple[tuple[str, str], ...] = ()) -> None:
        if isinstance(body, str):
            body = body.encode(self.encoding, errors="xmlcharrefreplace")
        ctype = content_type or f"text/html; charset={self.encoding}"
        self.files[path] = Resource(body, ctype, modified if modified is not None else 1_700_000_000.0, headers)

    def lookup(self, target: str) -> Resource | None:
        parts = urlsplit(target)
        path = unquote(parts.path)
        if parts.query and (res := self.files.get(f"{path}?{parts.query}")):
            return res
        if path.endswith("/"):
            path += "index.html"
        return self.files.get(path)

    def dataproxy(self, params: dict[str, str]) -> bytes | None:
        records = self.columns.get(params.get("columnid", ""))
        if records is None:
            return None
        try:
            start = max(int(params.get("startrecord", "1")), 1)
            end = int(params.get("endrecord", str(start + 44)))
        except ValueError:
            return None
        body = "".join(f"<record><![CDATA[{r}]]></record>\n" for r in records[start - 1:end])
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>{len(records)}</totalrecord>\n'
               f"<recordset>\n{body}</recordset>\n</datastore>\n")
        return xml.encode("utf-8")

    def write(self, root: Path) -> None:
        """The static files under ``root`` (for looking at the demo with a browser or wget)."""
        for path, res in self.files.items():
            target = root / self.name / path.lstrip("/").replace("?", "_")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(res.body)
