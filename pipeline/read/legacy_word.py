"""Word-processor files other than DOCX (.doc, .wps, .rtf, OpenDocument .odt): converted to
DOCX by LibreOffice, then read by the DOCX reader.

No Python library reads Word 97 binaries with table structure intact;
LibreOffice does, and its DOCX export keeps merged cells as gridSpan/vMerge.
Every conversion runs in its own temporary directory with its own LibreOffice
profile (two soffice processes sharing a profile block or crash each other),
under a time limit, and leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path, PurePath

from ..document import Document
from ..errors import ConverterMissing, ReadError
from . import docx

TIMEOUT_SECONDS = 120
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# file type → (the suffix the copy is given, LibreOffice's import filter). The filter is forced because
# LibreOffice otherwise "converts" any unreadable file as plain text and reports success. WPS
# (Kingsoft) files are Word binaries; named .wps, LibreOffice would try the MS Works filter.
_IMPORT = {"doc": (".doc", "MS Word 97"), "wps": (".doc", "MS Word 97"), "rtf": (".rtf", "Rich Text Format"),
           "odt": (".odt", "writer8")}


def read(data: bytes, source: str, file_type: str | None = None) -> Document:
    """Read a .doc/.wps/.rtf/.odt file. ``file_type`` defaults to what the bytes say
    (RTF or OLE2), with ``.wps`` in ``source`` telling a WPS file from a .doc."""
    file_type = file_type or _file_type(data, source)
    document = docx.read(convert_to_docx(data, source, file_type), source)
    document.file_type = file_type
    return document


def _file_type(data: bytes, source: str) -> str:
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(_OLE2_MAGIC) and PurePath(source).suffix.lower() == ".wps":
        return "wps"
    return "doc"


def convert_to_docx(data: bytes, source: str, file_type: str, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The file converted to DOCX by headless LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConverterMissing(source, "LibreOffice (soffice) is needed to read .doc/.wps/.rtf/.odt files; "
                                       "install libreoffice-writer")
    suffix, import_filter = _IMPORT[file_type]
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-") as tmp:
        work = Path(tmp)
        original = work / f"input{suffix}"
        original.write_bytes(data)
        outdir = work / "out"
        command = [soffice, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   f"--infilter={import_filter}", "--convert-to", "docx", "--outdir", str(outdir), str(original)]
        stderr = _run(command, source, file_type, timeout)
        converted = outdir / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            reason = _last_line(stderr) or "no output file"
            raise ReadError(source, f"LibreOffice could not convert this {file_type} file: {reason}")
        return converted.read_bytes()


def _run(command: list[str], source: str, file_type: str, timeout: float) -> str:
    """Run soffice in its own process group, so a timeout kills the whole tree
    (the launcher forks soffice.bin); return its stderr."""
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as proc:
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ReadError(source, f"LibreOffice did not convert this {file_type} file "
                                    f"within {timeout:g} s") from None
    return stderr.decode("utf-8", "replace")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
