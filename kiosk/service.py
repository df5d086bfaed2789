"""`kiosk install-service`: the systemd user unit with the watchdog. No Qt.

The unit's text lives here, in code, so that it ships inside the bundle (which is what is
copied to a kiosk PC, not this repository) and gets the right ExecStart: the program that
writes it. deploy/park-kiosk.service is the same unit for the paths of docs/deploy.md,
kept equal to this by tests/test_watchdog.py.

A user unit, because the kiosk needs the graphical session (DISPLAY, XAUTHORITY), which the
session's autostart entry imports before it starts the unit (docs/deploy.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

UNIT_NAME = "park-kiosk.service"
WATCHDOG_SEC = 30
RESTART_SEC = 3
START_TIMEOUT_SEC = 120

UNIT = """\
[Unit]
Description=Park Kiosk
# Never stop trying to restart.
StartLimitIntervalSec=0

[Service]
# The kiosk says READY=1 after its first frame, then WATCHDOG=1 every WatchdogSec/3 from
# its GUI thread while its window is shown and covers the screen. A hung GUI thread or a
# lost window misses the heartbeat: systemd kills the kiosk and Restart= starts it again.
Type=notify
NotifyAccess=main
WatchdogSec={watchdog}
TimeoutStartSec={start_timeout}
ExecStart={exec_start}
Restart=always
RestartSec={restart}
"""


def quote(arg: str) -> str:
    """One argument of ExecStart= as systemd reads it: specifiers (%) and variables ($)
    doubled, quoted when it holds spaces or quotes."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and not any(c.isspace() or c in "\"'\\;" for c in arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def kiosk_program() -> list[str]:
    """The program that runs the kiosk: the bundle's executable, else this Python -m kiosk."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk"]


def unit_text(command: list[str]) -> str:
    return UNIT.format(
        watchdog=WATCHDOG_SEC,
        start_timeout=START_TIMEOUT_SEC,
        restart=RESTART_SEC,
        exec_start=" ".join(quote(a) for a in command),
    )


def unit_path(user: bool) -> Path:
    """~/.config/systemd/user/ for this user, /etc/systemd/user/ for every user."""
    if not user:
        return Path("/etc/systemd/user") / UNIT_NAME
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config, "systemd", "user", UNIT_NAME)


def install_service_command(kiosk_args: list[str], user: bool, print_only: bool) -> int:
    """`kiosk install-service`: kiosk_args are the kiosk's options, checked by kiosk.cli."""
    # Relative paths would be read from systemd's working folder, not this one.
    absolute = [
        str(Path(a).resolve()) if i and kiosk_args[i - 1] in PATH_OPTIONS else a
        for i, a in enumerate(kiosk_args)
    ]
    text = unit_text([*kiosk_program(), *absolute])
    if print_only:
        print(text, end="")
        return 0
    path = unit_path(user)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"kiosk install-service: cannot write {path} ({exc.strerror})", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    if user and shutil.which("systemctl"):
        subprocess.run(["systemctl", "--user", "daemon-reload"], check=False)
    print("start it: systemctl --user restart park-kiosk (the autostart entry of docs/deploy.md)")
    return 0


PATH_OPTIONS = {"--content", "--settings", "--log-file"}
