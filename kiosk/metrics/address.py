"""The metrics endpoint's address: `HOST:PORT`, `[IPv6]:PORT` or a bare `PORT` (localhost)."""

from __future__ import annotations

import re

DEFAULT_HOST = "127.0.0.1"  # only this machine, unless the operator names another address
# Compiled on first use (re caches them), not when the settings module is imported.
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"  # a host name's part between dots
_IPV6 = r"[0-9A-Fa-f:.]{2,45}"


class AddressError(ValueError):
    pass


def parse_address(text: str) -> tuple[str, int]:
    """(host, port) from `HOST:PORT`, `[::1]:PORT` or `PORT`; AddressError says what is wrong.
    Port 0 asks the system for a free port (tests)."""
    value = text.strip()
    expected = "expected HOST:PORT (e.g. 127.0.0.1:9100, 0.0.0.0:9100 for every interface) or PORT"
    if not value:
        raise AddressError(f"got an empty address; {expected}")
    if value.startswith("["):
        host, sep, port = value[1:].partition("]:")
        if not sep or not re.fullmatch(_IPV6, host):
            raise AddressError(f"got {text!r:.60}; {expected}, or [IPv6]:PORT")
    elif ":" in value:
        host, _, port = value.rpartition(":")
        if not host:
            raise AddressError(f"got {text!r:.60}: no host; {expected}")
        if len(host) > 253 or not all(re.fullmatch(_LABEL, part) for part in host.split(".")):
            raise AddressError(f"got {text!r:.60}: {host!r:.40} is not a host name or address")
    else:
        host, port = DEFAULT_HOST, value
    if not port.isascii() or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise AddressError(f"got {text!r:.60}: port {port!r:.20} is not a number from 0 to 65535")
    return host, int(port)


def format_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
