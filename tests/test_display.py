"""Display power saving through xset: the commands run, and where DPMS is missing it is said
once. A fake xset (a script that records its arguments) stands in for the real one."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from kiosk.ui.display import PowerSave


def fake_xset(folder: Path, query: str) -> Path:
    """An `xset` on PATH that appends its arguments to calls.txt and prints `query` for q."""
    script = folder / "xset"
    calls = folder / "calls.txt"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> {calls}\n[ "$1" = q ] && printf "%s\\n" "{query}"\nexit 0\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return calls


def test_sleep_and_wake_through_dpms(tmp_path, monkeypatch):
    calls = fake_xset(tmp_path, "DPMS (Energy Star):\n  DPMS is Disabled")
    monkeypatch.setenv("PATH", str(tmp_path))
    power = PowerSave(platform="xcb")
    power.set_asleep(True)
    power.set_asleep(False)
    # off, then on again with DPMS turned off as the kiosk session has it (no day blanking)
    assert calls.read_text().splitlines() == ["q", "dpms force off", "dpms force on", "-dpms"]


@pytest.mark.parametrize(
    ("platform", "query", "why"),
    [
        ("xcb", "DPMS (Energy Star):\n  Server does not have the DPMS Extension", "no DPMS"),
        ("wayland", "DPMS is Enabled", "not X11"),
    ],
)
def test_no_dpms_is_said_once(tmp_path, monkeypatch, caplog, platform, query, why):
    calls = fake_xset(tmp_path, query)
    monkeypatch.setenv("PATH", str(tmp_path))
    caplog.set_level(logging.INFO, logger="kiosk.ui.display")
    power = PowerSave(platform=platform)
    for asleep in (True, False, True):
        power.set_asleep(asleep)
    assert caplog.text.count("power saving (DPMS) not available") == 1
    assert why in caplog.text
    ran = calls.read_text().splitlines() if calls.exists() else []
    assert not [c for c in ran if c != "q"]  # never asked to force anything
