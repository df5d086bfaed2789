"""The kiosk's heartbeat, for a watchdog outside it. No Qt.

Two channels, fed by one timer on the GUI thread (kiosk.ui.heartbeat), so a hung GUI thread
stops both:

- systemd (`Type=notify`, `WatchdogSec=`): `READY=1` after the first frame, `WATCHDOG=1`
  every WatchdogSec/3 and `STATUS=` with the page shown, as datagrams to $NOTIFY_SOCKET
  (sd_notify in a few lines; no libsystemd).
- `kiosk supervise`: the supervisor sets $KIOSK_HEARTBEAT_FILE and $KIOSK_HEARTBEAT_SEC; the
  child rewrites that file with one line, "<pid> ok <status>" or "<pid> unhealthy <why>",
  and the supervisor watches it change.

A window that is not healthy (unmapped, destroyed, not covering its screen) sends no
WATCHDOG=1 and writes "unhealthy": to both watchdogs that is a missed heartbeat.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Mapping
from pathlib import Path

HEARTBEAT_FILE_ENV = "KIOSK_HEARTBEAT_FILE"
HEARTBEAT_SEC_ENV = "KIOSK_HEARTBEAT_SEC"
MAX_INTERVAL_S = 10.0  # a beat at least this often, so a supervisor sees a fresh file


def sd_notify(state: str, env: Mapping[str, str] | None = None) -> bool:
    """Send `state` (e.g. "READY=1") to systemd's $NOTIFY_SOCKET; False when there is none
    or it cannot be reached. Names starting with '@' are abstract socket names."""
    address = (os.environ if env is None else env).get("NOTIFY_SOCKET", "")
    family = getattr(socket, "AF_UNIX", None)  # not on every Windows Python
    if not address or family is None or address[0] not in "/@":
        return False
    if address[0] == "@":
        address = "\0" + address[1:]
    try:
        with socket.socket(family, socket.SOCK_DGRAM | getattr(socket, "SOCK_CLOEXEC", 0)) as s:
            s.connect(address)
            s.sendall(state.encode("utf-8", "replace"))
    except OSError:
        return False
    return True


def watchdog_seconds(env: Mapping[str, str] | None = None) -> float | None:
    """systemd's WatchdogSec for this process ($WATCHDOG_USEC, if $WATCHDOG_PID is ours)."""
    env = os.environ if env is None else env
    pid = env.get("WATCHDOG_PID")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec / 1_000_000 if usec > 0 else None


def heartbeat_file_seconds(env: Mapping[str, str] | None = None) -> float | None:
    """The supervisor's heartbeat timeout ($KIOSK_HEARTBEAT_SEC) when it gave a file."""
    env = os.environ if env is None else env
    if not env.get(HEARTBEAT_FILE_ENV):
        return None
    try:
        seconds = float(env.get(HEARTBEAT_SEC_ENV, "30"))
    except ValueError:
        seconds = 30.0
    return seconds if seconds > 0 else 30.0


class Heartbeat:
    """What the GUI thread's timer calls: `beat(healthy, status)` each interval."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = dict(os.environ if env is None else env)
        self.env = env
        self.systemd = bool(env.get("NOTIFY_SOCKET"))
        file = env.get(HEARTBEAT_FILE_ENV)
        self.file = Path(file) if file else None
        timeouts = [t for t in (watchdog_seconds(env), heartbeat_file_seconds(env)) if t]
        # Three beats per timeout: one late beat is not yet a missed heartbeat.
        self.interval_s = min([MAX_INTERVAL_S, *(t / 3 for t in timeouts)])
        self.ready = False
        self.status: str | None = None

    @property
    def wanted(self) -> bool:
        """Whether anyone listens: systemd's socket or a supervisor's file."""
        return self.systemd or self.file is not None

    def beat(self, healthy: bool, status: str) -> None:
        """One heartbeat: READY=1 the first time the window is healthy, then WATCHDOG=1;
        STATUS= when it changed. An unhealthy window sends no WATCHDOG=1."""
        if self.systemd:
            lines = []
            if healthy and not self.ready:
                lines.append("READY=1")
            if healthy:
                lines.append("WATCHDOG=1")
            if status != self.status:
                lines.append(f"STATUS={status}")
            if lines:
                sd_notify("\n".join(lines), self.env)
        if healthy:
            self.ready = True
        self.status = status
        if self.file is not None:
            self.write_file(f"{os.getpid()} {'ok' if healthy else 'unhealthy'} {status}\n")

    def write_file(self, line: str) -> None:
        """Replace the heartbeat file at once (no fsync: a slow disk must not stall the GUI
        thread); errors are ignored, the supervisor then sees a missed heartbeat."""
        assert self.file is not None
        temp = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            temp.write_text(line, encoding="utf-8")
            os.replace(temp, self.file)

    def stopping(self) -> None:
        """Tell systemd the kiosk is stopping on purpose (an operator's quit)."""
        if self.systemd:
            sd_notify("STOPPING=1", self.env)


def read_heartbeat(path: Path) -> tuple[int, bool, str] | None:
    """The heartbeat file's (mtime_ns, healthy, status); None when absent or unreadable."""
    try:
        mtime = path.stat().st_mtime_ns
        text = path.read_text(encoding="utf-8", errors="replace")[:1000]
    except OSError:
        return None
    parts = text.strip().split(" ", 2)
    if len(parts) < 2:
        return None
    return mtime, parts[1] == "ok", parts[2] if len(parts) > 2 else ""
