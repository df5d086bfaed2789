"""HTTP(S) downloads for the bundle: conditional requests, a timeout, a size cap while
streaming, truncation caught, and a back-off for failures. Only the standard library."""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from kiosk import __version__

TIMEOUT_S = 30.0  # for the connection and for each read, not for the whole download
MAX_BUNDLE_BYTES = 200_000_000  # a deck's zip with its images; far below what a kiosk has
CHUNK = 64 * 1024


class FetchError(Exception):
    """A download that failed; the message says why, in one line for the log and health."""


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304: not modified since the validators given
    body: bytes
    etag: str | None
    last_modified: str | None


def is_url(text: object) -> bool:
    return isinstance(text, str) and text.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limit: int = MAX_BUNDLE_BYTES,
    timeout: float = TIMEOUT_S,
) -> Fetched:
    """GET `url`; with `etag` / `last_modified`, a conditional request that may answer 304.
    Raises FetchError for anything but a complete 200 or a 304."""
    headers = {"User-Agent": f"park-kiosk/{__version__}", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return _read(response, limit)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, b"", exc.headers.get("ETag") or etag, last_modified)
        raise FetchError(f"HTTP {exc.code} {exc.reason} from {url}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise FetchError(f"timed out after {timeout:g} s: {url}") from None
        raise FetchError(f"cannot reach {url}: {reason}") from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s while downloading {url}") from None
    except http.client.IncompleteRead as exc:
        raise FetchError(f"truncated download: {len(exc.partial)} bytes of {url}") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FetchError(f"download of {url} failed: {type(exc).__name__}: {exc}") from None


def _read(response: http.client.HTTPResponse, limit: int) -> Fetched:
    url = response.geturl()
    length = response.headers.get("Content-Length")
    expected = int(length) if length and length.isdigit() else None
    if expected is not None and expected > limit:
        raise FetchError(f"{url} is {expected} bytes, over the limit of {limit}")
    chunks: list[bytes] = []
    got = 0
    while chunk := response.read(CHUNK):
        got += len(chunk)
        if got > limit:
            raise FetchError(f"{url} is over the limit of {limit} bytes")
        chunks.append(chunk)
    if expected is not None and got != expected:
        raise FetchError(f"truncated download: {got} bytes of {expected} from {url}")
    headers = response.headers
    return Fetched(
        response.status, b"".join(chunks), headers.get("ETag"), headers.get("Last-Modified")
    )


class Backoff:
    """The wait before the next try: the poll interval while all is well; after failures,
    the interval doubled for each one in a row, up to `cap`; back to the interval after a
    success."""

    def __init__(self, interval: float, cap: float = 3600.0) -> None:
        self.interval, self.cap = interval, max(cap, interval)
        self.failures = 0

    def succeeded(self) -> float:
        self.failures = 0
        return self.interval

    def failed(self) -> float:
        self.failures += 1
        return min(self.interval * 2 ** min(self.failures - 1, 30), self.cap)
