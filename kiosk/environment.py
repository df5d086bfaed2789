"""The machine the kiosk starts on: a home folder (or a fallback when there is none) and a
display. No Qt: checked before the QApplication exists.

A kiosk in a container often runs with HOME unset and as an arbitrary uid without a passwd
entry: Qt's QStandardPaths then answers `//.local/share/...` and `Path.home()` raises
RuntimeError. The kiosk then keeps its logs, health.json and caches in a folder of its own
in the system's temp folder and says so.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def home_folder() -> Path | None:
    """The user's home: $HOME, else the passwd entry's; None when neither gives an absolute
    path (HOME unset and no passwd entry for the uid)."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return None
    return home if home.is_absolute() else None


def fallback_folder() -> Path:
    """The kiosk's own folder in the system's temp folder, one per user: park-kiosk-<uid>."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    name = f"park-kiosk-{uid}" if uid is not None else "park-kiosk"
    return Path(tempfile.gettempdir()) / name


def no_home_reason() -> str | None:
    """Why Qt's application-data folder cannot be used (HOME unset: Qt's home is then "/"),
    or None when it can."""
    if sys.platform == "win32" or os.environ.get("HOME", "").strip():
        return None
    if sys.platform != "darwin" and os.environ.get("XDG_DATA_HOME", "").strip():
        return None  # Qt's AppDataLocation on Linux is under XDG_DATA_HOME then
    return "HOME is not set"


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """One clear line when the kiosk would start Qt's xcb platform without a display (Qt then
    aborts with SIGABRT and a misleading message about xcb-cursor), else None.

    Only on Linux, and only for QT_QPA_PLATFORM unset or xcb: `render`, `soak`, `bench` and
    the tests choose offscreen, and another platform finds its own way.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").strip()
    if platform and platform.split(":")[0].strip() != "xcb":
        return None
    if env.get("DISPLAY", "").strip() or env.get("WAYLAND_DISPLAY", "").strip():
        return None
    return (
        "no display: DISPLAY is not set; start it inside the desktop session"
        " or set QT_QPA_PLATFORM=offscreen to test"
    )
