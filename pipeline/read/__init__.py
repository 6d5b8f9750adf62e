"""Readers: one per file type, each ``bytes → Document``.

``read_path``/``read_bytes`` sniff the real type from the bytes (a ``.pdf`` name
proves nothing), enforce the size limit, and dispatch. Readers know nothing
about the report format.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from pathlib import Path

from ..document import Document
from ..errors import FileTooLarge, ReadError, UnsupportedFileType
from .plugins import plugin_kind, plugin_reader
from .sniff import sniff

# Reports are at most a few MB; anything this large is not one, and reading it
# would cost memory for nothing. Overridable for unusual archives.
MAX_BYTES = 50 * 1024 * 1024

Reader = Callable[[bytes, str], Document]


# file type → (module, function, keyword arguments). Imported lazily: a batch of
# HTML pages should not pay for importing pdfplumber, nor a batch of PDFs for onnxruntime.
_READERS: dict[str, tuple[str, str, dict]] = {
    "html": (".html", "read", {}),
    "pdf": (".pdf", "read", {}),
    "docx": (".docx", "read", {}),
    "doc": (".legacy_word", "read", {"file_type": "doc"}),
    "wps": (".legacy_word", "read", {"file_type": "wps"}),
    "rtf": (".legacy_word", "read", {"file_type": "rtf"}),
    "odt": (".legacy_word", "read", {"file_type": "odt"}),
    "xlsx": (".spreadsheet", "read", {"file_type": "xlsx"}),
    "xls": (".spreadsheet", "read", {"file_type": "xls"}),
    "csv": (".spreadsheet", "read", {"file_type": "csv"}),
    "text": (".text", "read", {}),
    "image": (".ocr.reader", "read_image", {}),
}


def _reader(file_type: str) -> Reader:
    if plugged := plugin_reader(file_type):
        return plugged
    module, name, kwargs = _READERS[file_type]
    read = getattr(importlib.import_module(module, __name__), name)
    return functools.partial(read, **kwargs) if kwargs else read


def read_bytes(data: bytes, source: str, *, hint: str | None = None,
               max_bytes: int = MAX_BYTES) -> Document:
    """Read ``data`` (named ``source`` in errors and provenance) into a Document."""
    if len(data) > max_bytes:
        raise FileTooLarge(source, f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if not data or data.isspace():  # (data.strip() would copy the whole file)
        raise ReadError(source, "file is empty")
    file_type = plugin_kind(data) or sniff(data, hint=hint)
    if file_type is None:
        raise UnsupportedFileType(source, "not a recognised report file (HTML, PDF, DOC/DOCX/WPS/ODT, XLS/XLSX, text or image)")
    try:
        return _reader(file_type)(data, source)
    except ReadError:
        raise
    except Exception as exc:  # a reader library choking on malformed input
        raise ReadError(source, f"unreadable {file_type}: {type(exc).__name__}: {exc}".splitlines()[0]) from exc


def load_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, refused by its size before a byte is read."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise ReadError(str(path), "is a directory")
        if size > max_bytes:
            raise FileTooLarge(str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        return p.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"cannot open: {exc.strerror}") from exc


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    data = load_file(path, max_bytes=max_bytes)
    return read_bytes(data, str(path), hint=Path(path).suffix.lower().lstrip("."), max_bytes=max_bytes)
