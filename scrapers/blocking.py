"""Recognising pages that are not content: anti-bot challenges, login walls, captchas.

Such a page must never be archived as a report; its source is recorded as
``blocked`` with the reason. Detection looks at the status, the cookies the
server tries to set and the page itself (small pages that are only a script).
"""

from __future__ import annotations

import re

# (reason, Set-Cookie name pattern) of the anti-bot products Chinese government sites use.
_COOKIES = [
    ("WZWS JavaScript challenge", re.compile(rb"^wzws_(?:cid|sessionid|sid)", re.IGNORECASE)),
    ("加速乐 (jsl) JavaScript challenge", re.compile(rb"^__jsl_clearance|^__jsluid", re.IGNORECASE)),
    ("瑞数 (Ruishu) JavaScript challenge", re.compile(rb"^[A-Za-z0-9_]{6,}80[ST]=", re.IGNORECASE)),
]
_BODY_MARKERS = [
    ("WZWS JavaScript challenge", re.compile(rb"wzwschallenge|wzwsquestion|wzwsmethod|/WZWSRE", re.IGNORECASE)),
    ("加速乐 (jsl) JavaScript challenge", re.compile(rb"__jsl_clearance|document\.cookie=\('_'\+'_j", re.IGNORECASE)),
    ("瑞数 (Ruishu) JavaScript challenge", re.compile(rb"\$_ts\s*=|\$_ts\.|_\$[a-z]{2}\(", re.IGNORECASE)),
    ("captcha page", re.compile(rb"captcha|verifycode|\xe9\xaa\x8c\xe8\xaf\x81\xe7\xa0\x81|"  # 验证码 (utf-8)
                                rb"\xd1\xe9\xd6\xa4\xc2\xeb|slider-verify|\xe6\xbb\x91\xe5\x9d\x97\xe9\xaa\x8c\xe8\xaf\x81",
                                re.IGNORECASE)),
]
_LOGIN = re.compile(rb"<input[^>]+type=[\"']?password|\xe8\xaf\xb7\xe5\x85\x88\xe7\x99\xbb\xe5\xbd\x95|"  # 请先登录
                    rb"\xc7\xeb\xcf\xc8\xb5\xc7\xc2\xbc", re.IGNORECASE)  # 请先登录 (gbk)
_SCRIPT = re.compile(rb"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(rb"<[^>]+>")
_VISIBLE_TEXT_MIN = 40  # bytes of text outside scripts a real page shows at least
_SMALL_PAGE = 64 * 1024
_THIN_PAGE = 600  # visible bytes under which a captcha/login form is the page itself


def _visible_text(body: bytes) -> int:
    """Bytes of text a reader would see: scripts, tags and blanks removed."""
    text = _TAGS.sub(b"", _SCRIPT.sub(b"", body))
    return len(re.sub(rb"\s+|&nbsp;", b"", text))


def _script_only(body: bytes) -> bool:
    return b"<script" in body[:_SMALL_PAGE].lower() and _visible_text(body) < _VISIBLE_TEXT_MIN


def block_reason(status: int, headers: dict[bytes, list[bytes]], body: bytes) -> str | None:
    """Why a response is a block page rather than content, or None.

    ``headers`` maps lower-case header names to their values. Captcha and
    login markers only count on pages with little else on them, so that a
    report page with a comment form is not taken for a wall.
    """
    for cookie in headers.get(b"set-cookie", []):
        for reason, pattern in _COOKIES:
            if pattern.match(cookie.strip()):
                return f"{reason} (cookie {cookie.split(b'=', 1)[0].decode('latin-1')})"
    looks_html = body[:512].lstrip().removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")
    if status == 521:
        return "加速乐 (jsl) JavaScript challenge (HTTP 521)"
    if status in (202, 412) and looks_html and _script_only(body):
        return f"瑞数 (Ruishu) JavaScript challenge (HTTP {status}, script-only page)"
    if not looks_html or len(body) > _SMALL_PAGE or status in (404, 410):
        return None
    thin = _visible_text(body) < _THIN_PAGE
    for reason, pattern in _BODY_MARKERS:
        if pattern.search(body) and (thin or "captcha" not in reason):
            return reason
    if thin and _LOGIN.search(body):
        return "login wall"
    if _script_only(body):
        return "script-only page (JavaScript challenge)"
    return None
