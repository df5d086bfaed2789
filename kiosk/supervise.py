"""`kiosk supervise`: a watchdog for systems without systemd (Windows, a bare X session).

Runs the kiosk as a child process and restarts it when it exits with an error, when its
heartbeat stops (a hung GUI thread) or when its window is not healthy (unmapped, destroyed,
not covering its screen), with exponential back-off: 1 s, doubling to 60 s, back to 1 s
after a child that ran healthy for a minute. Each start and restart is logged with its
reason, to the kiosk's log file and stderr. An exit code 0 is the operator's deliberate
quit (Ctrl+Shift+Q) and ends supervision; SIGTERM/SIGINT stop the child and the supervisor.

The heartbeat: the supervisor gives the child $KIOSK_HEARTBEAT_FILE and $KIOSK_HEARTBEAT_SEC;
the child's GUI thread rewrites the file (kiosk.notify, kiosk.ui.heartbeat) and the
supervisor watches it change. No Qt here: a supervisor must not hang with its child.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from kiosk.environment import fallback_folder, no_home_reason
from kiosk.notify import HEARTBEAT_FILE_ENV, HEARTBEAT_SEC_ENV, read_heartbeat
from kiosk.settings import SettingsError, load_settings

log = logging.getLogger("kiosk.supervise")

FIRST_DELAY_S = 1.0
MAX_DELAY_S = 60.0
HEALTHY_RESET_S = 60.0  # a child healthy this long resets the back-off
STOP_GRACE_S = 5.0  # after SIGTERM, before SIGKILL
POLL_S = 0.1
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# What the supervisor keeps out of the child's environment: systemd's watchdog is for a
# unit's main process, not a child.
NOT_INHERITED = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")


def kiosk_command(kiosk_args: list[str]) -> list[str]:
    """The command that runs the kiosk with these options: this program itself when frozen
    (the bundle's kiosk / kiosk.exe), else this Python with -m kiosk."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *kiosk_args]
    return [sys.executable, "-m", "kiosk", *kiosk_args]


def default_log_file() -> Path | None:
    """kiosk.log in the folder Qt's AppDataLocation gives the kiosk (see docs/deploy.md),
    found without Qt."""
    app = Path("park-kiosk", "park-kiosk")
    if sys.platform == "win32":
        base = os.environ.get("APPDATA")
        return Path(base, app, "kiosk.log") if base else None
    if no_home_reason():  # the kiosk's own folder then, as kiosk.ui.app does
        return fallback_folder() / "kiosk.log"
    home = os.environ.get("HOME")
    if sys.platform == "darwin":
        return Path(home, "Library", "Application Support", app, "kiosk.log") if home else None
    data = os.environ.get("XDG_DATA_HOME") or (str(Path(home, ".local", "share")) if home else "")
    return Path(data, app, "kiosk.log") if data else None


class AppendHandler(logging.Handler):
    """Appends each record to the kiosk's log file and closes it again: the child's
    rotating handler owns the file, and may rename it at any time."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as stream:
                stream.write(self.format(record) + "\n")
        except Exception:  # noqa: BLE001 — logging must never stop the supervisor
            self.handleError(record)


def setup_supervisor_logging(log_file: Path | None) -> None:
    for handler in list(log.handlers):
        log.removeHandler(handler)
    formatter = logging.Formatter(FORMAT)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        handlers.append(AppendHandler(log_file))
    for handler in handlers:
        handler.setFormatter(formatter)
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exited with code {code}"


@dataclass
class Ended:
    """How one child ended: why, and how long it had been healthy."""

    reason: str
    healthy_s: float = 0.0
    deliberate: bool = False  # exit code 0 or the supervisor stopping: no restart


class Supervisor:
    def __init__(
        self,
        command: list[str],
        heartbeat_s: float = 30.0,
        start_timeout_s: float = 120.0,
        folder: Path | None = None,
    ) -> None:
        self.command = command
        self.heartbeat_s, self.start_timeout_s = heartbeat_s, start_timeout_s
        self.folder = folder
        self.stop_requested = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None

    # --- the loop --------------------------------------------------------------------------
    def run(self) -> int:
        self._install_signals()
        own_folder = self.folder is None
        folder = self.folder or Path(tempfile.mkdtemp(prefix="park-kiosk-supervise-"))
        delay = FIRST_DELAY_S
        try:
            while not self.stop_requested.is_set():
                ended = self.run_child(folder / "heartbeat")
                if ended.deliberate:
                    log.info("%s: supervision ends", ended.reason)
                    return 0
                if ended.healthy_s >= HEALTHY_RESET_S:
                    delay = FIRST_DELAY_S
                log.error("kiosk %s; restarting in %g s", ended.reason, delay)
                if self.stop_requested.wait(delay):
                    break
                delay = min(delay * 2, MAX_DELAY_S)
            log.info("stopped: supervision ends")
            return 0
        finally:
            if own_folder:
                shutil.rmtree(folder, ignore_errors=True)

    def run_child(self, heartbeat_file: Path) -> Ended:
        with contextlib.suppress(OSError):
            heartbeat_file.unlink()
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env[HEARTBEAT_FILE_ENV] = str(heartbeat_file)
        env[HEARTBEAT_SEC_ENV] = f"{self.heartbeat_s:g}"
        child = self.child = subprocess.Popen(self.command, env=env)
        pid = child.pid
        log.info("started kiosk pid %d: %s", pid, subprocess.list2cmdline(self.command))
        started = time.monotonic()
        first_ok: float | None = None
        last_ok: float | None = None
        seen: int | None = None  # the heartbeat file's mtime last read
        latest_ok, latest_status = False, ""
        while True:
            code = child.poll()
            now = time.monotonic()
            healthy_s = now - first_ok if first_ok is not None else 0.0
            if code is not None:
                if code == 0:
                    quit_ = f"kiosk pid {pid} quit with exit code 0 (the operator's Ctrl+Shift+Q)"
                    return Ended(quit_, deliberate=True)
                return Ended(f"pid {pid} {describe_exit(code)}", healthy_s)
            if self.stop_requested.is_set():
                log.info("stopping kiosk pid %d", pid)
                self.stop_child(child)
                return Ended(f"stopped kiosk pid {pid}", healthy_s, deliberate=True)
            beat = read_heartbeat(heartbeat_file)
            if beat is not None and beat[0] != seen:
                seen, latest_ok, latest_status = beat
                if latest_ok:
                    if first_ok is None:
                        first_ok = now
                        log.info("kiosk pid %d is up: %s", pid, latest_status)
                    last_ok = now
            reason = None
            if last_ok is None:
                if now - started > self.start_timeout_s:
                    reason = (
                        f"window not shown ({latest_status})"
                        if beat is not None and not latest_ok
                        else f"no first frame within {self.start_timeout_s:g} s"
                    )
            elif now - last_ok > self.heartbeat_s:
                reason = (
                    f"window not shown ({latest_status})"
                    if not latest_ok
                    else f"heartbeat missed (none for {now - last_ok:.1f} s)"
                )
            if reason is not None:
                self.kill_child(child)
                return Ended(f"pid {pid} {reason}; killed", healthy_s)
            self.stop_requested.wait(POLL_S)

    # --- ending a child --------------------------------------------------------------------
    @staticmethod
    def kill_child(child: subprocess.Popen[bytes]) -> None:
        """A hung kiosk has nothing to save: kill it at once (also when it is stopped)."""
        with contextlib.suppress(OSError):
            child.kill()
        child.wait()

    @staticmethod
    def stop_child(child: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(OSError):
            child.terminate()
            if hasattr(signal, "SIGCONT"):  # a stopped child gets the SIGTERM only then
                os.kill(child.pid, signal.SIGCONT)
        try:
            child.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            log.warning("kiosk pid %d did not stop within %g s; killed", child.pid, STOP_GRACE_S)
            Supervisor.kill_child(child)

    def _install_signals(self) -> None:
        def stop(signum: int, _frame: FrameType | None) -> None:
            self.stop_requested.set()

        names = ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK")
        for sig in (getattr(signal, name) for name in names if hasattr(signal, name)):
            with contextlib.suppress(ValueError, OSError):  # not the main thread: no handlers
                signal.signal(sig, stop)


def supervise_command(
    kiosk_args: list[str], options: dict[str, object], heartbeat_s: float, start_timeout_s: float
) -> int:
    """`kiosk supervise`: kiosk_args are the kiosk's options, already checked by kiosk.cli
    (parsed into `options`); their --log-file (or --settings' log_file) gets the restarts."""
    for name, value in (("--heartbeat", heartbeat_s), ("--start-timeout", start_timeout_s)):
        if not 0.5 <= value <= 86400:  # also NaN
            print(f"kiosk supervise: {name} {value:g}: expected 0.5 to 86400", file=sys.stderr)
            return 2
    try:
        log_file = load_settings(options).log_file or default_log_file()
    except SettingsError as exc:  # the child reports it, and may heal when the file is fixed
        print(f"kiosk supervise: {exc}", file=sys.stderr)
        flag = options.get("log_file")
        log_file = Path(flag) if isinstance(flag, str | Path) else default_log_file()
    setup_supervisor_logging(log_file)
    supervisor = Supervisor(kiosk_command(kiosk_args), heartbeat_s, start_timeout_s)
    return supervisor.run()
