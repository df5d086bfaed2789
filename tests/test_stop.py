"""A stop (systemd's SIGTERM, Ctrl+C) ends the kiosk cleanly: the day's counts reach the
totals file, health.json says it stopped and why, and the process still dies of the
signal, as a supervisor and systemd expect."""

from __future__ import annotations

import json
import signal
import sqlite3

import pytest

from tests.conftest import MINI, kiosk_env, start_kiosk, wait_for


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_writes_counts_and_health_then_ends_by_that_signal(tmp_path, sig):
    log = tmp_path / "kiosk.log"
    health = tmp_path / "health.json"  # beside the log file
    env = kiosk_env(XDG_DATA_HOME=str(tmp_path / "data"))
    kiosk = start_kiosk("--content", str(MINI), "--windowed", "--log-file", str(log), env=env)
    try:
        wait_for(
            lambda: health.exists() and json.loads(health.read_text()).get("state") == "running",
            what="health.json to say running",
        )
        kiosk.send_signal(sig)
        kiosk.communicate(timeout=60)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.communicate()
    assert kiosk.returncode == -sig
    assert f"stopping: {sig.name}" in log.read_text()
    data = json.loads(health.read_text())
    assert (data["state"], data["stop_reason"]) == ("stopped", sig.name)
    [db] = (tmp_path / "data").rglob("stats.sqlite")
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT * FROM sqlite_master WHERE type = 'table'").fetchall()
        assert rows, "the totals file has its tables"
        table = rows[0][1]
        counted = connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    assert counted > 0, "the first page's view reached the totals file at the stop"
