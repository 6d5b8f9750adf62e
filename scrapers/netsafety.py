"""Network safety (CONTRACT.md §4): which URLs the crawler may fetch.

Only http(s). A host must resolve to public addresses only: private, loopback,
shared (CGNAT), multicast, reserved and unspecified addresses are refused unless
the operator allows private networks (tests and the demo on loopback do).
Link-local addresses (169.254.0.0/16, fe80::/10 — where cloud metadata services
answer) are refused always: no government report lives there.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")


class UnsafeURL(ValueError):
    """A URL the crawler must not fetch; the message says why in one line."""


@lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"host {host!r} does not resolve ({exc})") from None
    return tuple(sorted({info[4][0] for info in infos}))


def address_problem(ip: str, *, allow_private: bool) -> str | None:
    """Why an address is refused, or None when it may be fetched."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if addr.is_link_local:
        return f"{addr} is a link-local address"
    if addr.is_multicast or addr.is_unspecified or addr.is_reserved:
        return f"{addr} is not a unicast address"
    if allow_private:
        return None
    if addr.is_loopback:
        return f"{addr} is a loopback address"
    if addr.is_private or (isinstance(addr, ipaddress.IPv4Address) and addr in _SHARED):
        return f"{addr} is a private address"
    return None


_SHARED = ipaddress.ip_network("100.64.0.0/10")


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise :class:`UnsafeURL` unless ``url`` is http(s) on a host with only allowed addresses."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise UnsafeURL(f"refused {parts.scheme or 'relative'!s}: URL (only http and https are crawled)")
    host = parts.hostname
    if not host:
        raise UnsafeURL("URL has no host")
    for ip in _resolve(host):
        problem = address_problem(ip, allow_private=allow_private)
        if problem:
            hint = "" if allow_private or "link-local" in problem else " (--allow-private-networks allows it)"
            raise UnsafeURL(f"host {host} resolves to {problem}{hint}")
