"""Where the bytes of a report's images come from, by the name the reader listed them under.

An HTML page lists ``<img>`` URLs: next to a local file they are files beside
it; for a crawled page the crawler archived them as parts of the report (the
batch passes its own lookup). A DOCX lists the package names of its pictures.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

ImageSource = Callable[[str], bytes | None]
_MAX_IMAGE = 20 * 1024 * 1024


def docx_images(data: bytes) -> ImageSource:
    def get(name: str) -> bytes | None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                info = zf.getinfo(name)
                return zf.read(info) if info.file_size <= _MAX_IMAGE else None
        except (KeyError, zipfile.BadZipFile):
            return None
    return get


def files_beside(path: str) -> ImageSource:
    """Images of a saved HTML page, read from its folder (and below): a relative
    ``src`` from there, an absolute one (the page's ``<base>`` or URL made it
    absolute) by its file name, as browsers save a page with its images."""
    folder = Path(path).resolve().parent

    def get(url: str) -> bytes | None:
        parts = urlsplit(url)
        relative = unquote(parts.path) if parts.scheme in ("", "file") and not parts.netloc else None
        for name in filter(None, (relative, Path(unquote(parts.path)).name)):
            target = (folder / name.lstrip("/") if name != relative else folder / name).resolve()
            if folder in target.parents and target.is_file() and target.stat().st_size <= _MAX_IMAGE:
                return target.read_bytes()
        return None
    return get


def default_source(file_type: str, data: bytes, source: str) -> ImageSource | None:
    if file_type == "docx":
        return docx_images(data)
    if file_type == "html" and not source.startswith(("http://", "https://")) and Path(source).is_file():
        return files_beside(source)
    return None
