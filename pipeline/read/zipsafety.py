"""Refuse hostile ZIP containers (DOCX, ...) before any library inflates them.

A few kilobytes of deflate can expand to gigabytes, and python-docx reads every
part of a package into memory. ``check_zip`` looks at the central directory
(member count, declared sizes, compression ratios) and then inflates every
member itself, in bounded chunks and discarding the output, so a header that
lies about its sizes is caught too: at most ``max_total`` bytes are ever
produced, and never held.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from ..errors import ReadError

MB = 1024 * 1024
MAX_TOTAL = 200 * MB
MAX_RATIO = 200
MAX_MEMBERS = 10_000
# Only members larger than this are held to ``max_ratio``: a bomb needs volume,
# and small, repetitive XML parts legitimately compress very well.
RATIO_FLOOR = 1 * MB

_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_DIRECTORY_SIGNATURE = b"PK\x01\x02"
_CHUNK = 64 * 1024


def check_zip(data: bytes, source: str, *, max_total: int = MAX_TOTAL, max_ratio: float = MAX_RATIO,
              max_members: int = MAX_MEMBERS) -> None:
    """Raise ReadError naming the problem if ``data`` is not a ZIP that is safe to unpack."""
    # Counted before zipfile parses the directory, which costs an object per
    # entry. Every directory entry starts with this signature, so the count is
    # an upper bound of what zipfile would build.
    entries = data.count(_DIRECTORY_SIGNATURE)
    if entries > max_members:
        raise ReadError(source, f"ZIP has {entries:,} members, over the limit of {max_members:,}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(source, f"not a valid ZIP archive ({exc})") from exc

    declared = sum(info.file_size for info in infos)
    if declared > max_total:
        raise ReadError(source, f"ZIP declares {declared:,} uncompressed bytes, over the limit of "
                                f"{max_total:,} (zip bomb?)")
    for info in infos:
        _check_ratio(source, info.filename, info.file_size, info.compress_size, max_ratio)

    # Each member may produce at most its declared size, so the real total stays
    # within the declared total checked above.
    for info in infos:
        _inflate_and_check(data, info, source)


def _check_ratio(source: str, name: str, size: int, compressed: int, max_ratio: float) -> None:
    if size > RATIO_FLOOR and size > max_ratio * max(compressed, 1):
        raise ReadError(source, f"ZIP member {name} expands {size / max(compressed, 1):,.0f}-fold "
                                f"({compressed:,} -> {size:,} bytes), over the limit of {max_ratio:g} "
                                f"(zip bomb?)")


def _inflate_and_check(data: bytes, info: zipfile.ZipInfo, source: str) -> None:
    """Inflate one member in bounded chunks, discarding the output; fail as soon
    as it passes the size its header declared."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise ReadError(source, f"ZIP member {name} is encrypted")
    payload = _payload(data, info, source)
    if info.compress_type == zipfile.ZIP_STORED:
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ReadError(source, f"ZIP member {name} uses unsupported compression method {info.compress_type}")

    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for start in range(0, len(payload), _CHUNK):
            pending = payload[start:start + _CHUNK]
            while pending:
                produced += len(inflater.decompress(pending, _CHUNK))
                if produced > info.file_size:
                    raise ReadError(source, f"ZIP member {name} inflates past its declared size of "
                                            f"{info.file_size:,} bytes (forged header, zip bomb?)")
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error as exc:
        raise ReadError(source, f"ZIP member {name} is corrupt ({exc})") from exc


def _payload(data: bytes, info: zipfile.ZipInfo, source: str) -> memoryview:
    """The member's compressed bytes, located through its local file header."""
    offset = info.header_offset
    header = data[offset:offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise ReadError(source, f"ZIP member {info.filename} has no valid local header")
    fields = _LOCAL_HEADER.unpack(header)
    name_len, extra_len = fields[-2], fields[-1]
    start = offset + _LOCAL_HEADER.size + name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        raise ReadError(source, f"ZIP member {info.filename} is truncated")
    return memoryview(data)[start:end]
