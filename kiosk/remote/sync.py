"""One round of following a bundle URL: download (conditionally), verify the signature,
unpack, validate, switch. Whatever fails, the current bundle stays and `status` says why.
Blocking, no Qt: kiosk.ui.remote calls `run_once` from a worker thread."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.remote.bundle import BundleError, BundleStore, Current
from kiosk.remote.fetch import TIMEOUT_S, FetchError, fetch
from kiosk.remote.sign import MAX_SIGNATURE_BYTES, PublicKey, SignatureError, verify
from kiosk.resources import user_cache

log = logging.getLogger(__name__)


def store_root(url: str) -> Path:
    """The cache folder of one URL's bundles (another URL never shows this one's)."""
    return user_cache("bundles") / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class Outcome:
    result: str  # "ok" (a new bundle is current), "not modified", or "error: <why>"
    path: Path | None = None  # the new content file, with "ok"
    report: str | None = None  # the validator's report, for a bundle that does not validate


@dataclass
class SyncStatus:
    url: str
    result: str = "none"  # of the last attempt
    last_attempt: str | None = None
    last_success: str | None = None  # the last attempt that ended "ok" or "not modified"
    bundle: dict[str, Any] = field(default_factory=dict)  # the current bundle's pointer

    def as_json(self) -> dict[str, Any]:
        info = self.bundle
        return {
            "url": self.url,
            "result": self.result,
            "last_attempt": self.last_attempt,
            "last_success": self.last_success,
            "etag": info.get("etag"),
            "last_modified": info.get("last_modified"),
            "bundle_sha256": info.get("sha256"),
            "signed": info.get("signed"),  # the signature's trusted comment
            "folder": info.get("folder"),
            "installed": info.get("saved"),
        }


class Sync:
    def __init__(
        self, url: str, key: PublicKey, root: Path | None = None, timeout: float = TIMEOUT_S
    ) -> None:
        self.url, self.key, self.timeout = url, key, timeout
        self.store = BundleStore(root if root is not None else store_root(url))
        current = self.store.current()
        self.status = SyncStatus(url, bundle=dict(current.info) if current else {})
        self._logged: str | None = None

    def current(self) -> Current | None:
        return self.store.current()

    def run_once(self) -> Outcome:
        self.status.last_attempt = _now()
        try:
            outcome = self._attempt()
        except (FetchError, SignatureError, BundleError) as exc:
            report = exc.report if isinstance(exc, BundleError) else None
            outcome = Outcome(f"error: {exc}", report=report)
        except Exception as exc:  # whatever it is, the kiosk keeps showing
            log.exception("content sync failed unexpectedly")
            outcome = Outcome(f"error: {type(exc).__name__}: {exc}".splitlines()[0])
        self.status.result = outcome.result
        if not outcome.result.startswith("error"):
            self.status.last_success = self.status.last_attempt
        self._log(outcome)
        return outcome

    def _attempt(self) -> Outcome:
        current = self.store.current()
        info = current.info if current else {}
        got = fetch(
            self.url,
            etag=info.get("etag"),
            last_modified=info.get("last_modified"),
            timeout=self.timeout,
        )
        if got.status == 304:
            return Outcome("not modified")
        sha = hashlib.sha256(got.body).hexdigest()
        if current is not None and sha == info.get("sha256"):  # a server without validators
            self.store.remember(etag=got.etag, last_modified=got.last_modified)
            now = self.store.current()
            self.status.bundle = dict(now.info) if now else {}
            return Outcome("not modified")
        signature = fetch(self.url + ".sig", limit=MAX_SIGNATURE_BYTES, timeout=self.timeout)
        try:
            text = signature.body.decode("utf-8")
        except UnicodeDecodeError:
            raise SignatureError(f"{self.url}.sig is not a minisign signature file") from None
        try:
            signed = verify(got.body, text, self.key)
        except SignatureError as exc:
            raise SignatureError(f"bad signature ({self.url}.sig): {exc}") from None
        installed = self.store.put(
            got.body,
            url=self.url,
            etag=got.etag,
            last_modified=got.last_modified,
            signed=signed,
        )
        self.status.bundle = dict(installed.info)
        return Outcome("ok", installed.path)

    def _log(self, outcome: Outcome) -> None:
        """Each result once per change, not at every poll; every new bundle."""
        if outcome.result == "ok":
            info = self.status.bundle
            log.info(
                "content bundle from %s installed: %s (sha256 %s, %s slides, signed '%s')",
                self.url,
                info.get("folder"),
                info.get("sha256"),
                info.get("slides"),
                info.get("signed"),
            )
        elif outcome.result != self._logged:
            if outcome.result.startswith("error"):
                log.warning(
                    "content sync of %s: %s; still showing the last good content%s",
                    self.url,
                    outcome.result,
                    f"\n{outcome.report}" if outcome.report else "",
                )
            else:
                log.info("content sync of %s: %s", self.url, outcome.result)
        self._logged = outcome.result
