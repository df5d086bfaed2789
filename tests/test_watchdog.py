"""The shipped watchdog: `kiosk supervise`, the heartbeat to systemd, the unit file.

A hung GUI thread is made with SIGSTOP on the kiosk's process: nothing of it runs, so no
heartbeat leaves it, which is what a paint that never ends looks like from outside.
"""

from __future__ import annotations

import configparser
import contextlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI, ROOT, kiosk_env, run_kiosk, start_kiosk, wait_for

from kiosk.notify import Heartbeat, read_heartbeat, sd_notify
from kiosk.service import unit_text
from kiosk.supervise import Supervisor

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

HEARTBEAT = 2  # seconds; the waits below are generous multiples of it
STARTED = re.compile(r"started kiosk pid (\d+)")


def log_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def children(log: Path) -> list[int]:
    """The kiosk pids the supervisor logged as started, in order."""
    return [int(pid) for pid in STARTED.findall(log_text(log))]


def is_up(log: Path, pid: int) -> bool:
    return f"kiosk pid {pid} is up" in log_text(log)


def state(pid: int) -> str | None:
    """The process's state letter (R, S, T for stopped, Z), None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def gone(pid: int) -> bool:
    return state(pid) in (None, "Z")


def end(proc: subprocess.Popen[str], *pids: int) -> str:
    """Stop what a test started, whatever happened to it; returns the supervisor's stderr."""
    for pid in pids:
        if not gone(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.kill()
    return proc.communicate(timeout=30)[1]


def test_supervise_restarts_a_hung_kiosk(make_deck, tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    proc = start_kiosk(
        "supervise", "--heartbeat", str(HEARTBEAT), "--",
        "--windowed", "--content", str(make_deck()), "--log-file", str(log),
    )  # fmt: skip
    pids: list[int] = []
    try:
        first = wait_for(lambda: children(log)[:1], 60, "the first kiosk")[0]  # type: ignore[index]
        pids.append(first)
        wait_for(lambda: is_up(log, first), 60, "the first kiosk's heartbeat")
        os.kill(first, signal.SIGSTOP)  # the GUI thread hangs
        second = wait_for(lambda: children(log)[1:2], 20 * HEARTBEAT, "a new kiosk")[0]  # type: ignore[index]
        pids.append(second)
        assert second != first
        assert f"kiosk pid {first} heartbeat missed" in log_text(log)
        wait_for(lambda: gone(first), 30, "the hung kiosk killed")
        wait_for(lambda: is_up(log, second), 60, "the new kiosk's heartbeat")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        assert all(gone(pid) for pid in pids), [(pid, state(pid)) for pid in pids]
        assert f"stopping kiosk pid {second}" in log_text(log)
    finally:
        stderr = end(proc, *pids)
    assert "Traceback" not in stderr
    assert "heartbeat missed" in stderr  # also on stderr, not only in the log


def test_supervise_ends_when_the_kiosk_quits_with_exit_code_0(make_deck, tmp_path: Path) -> None:
    """An exit code 0 is a deliberate quit (the operator's Ctrl+Shift+Q): no restart. The
    kiosk quits by itself here after its first frame, with exit code 0, as Ctrl+Shift+Q does."""
    log = tmp_path / "kiosk.log"
    args = ("--windowed", "--content", str(make_deck()), "--log-file", str(log))
    result = run_kiosk(
        "supervise", "--heartbeat", str(HEARTBEAT), "--", *args,
        env=kiosk_env(KIOSK_FIRST_FRAME_EXIT="1"), timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(children(log)) == 1
    assert "quit with exit code 0" in log_text(log)
    assert "supervision ends" in log_text(log)
    assert "restarting" not in log_text(log)


def test_supervise_backs_off_a_kiosk_that_fails(tmp_path: Path, caplog) -> None:
    """A child that exits with an error is restarted, 1 s, then 2 s, then 4 s later..."""
    caplog.set_level(logging.INFO, logger="kiosk.supervise")
    supervisor = Supervisor(
        [sys.executable, "-c", "raise SystemExit(3)"], heartbeat_s=2, folder=tmp_path
    )
    supervise_until(supervisor, lambda: "restarting in 2 s" in caplog.text, "the second restart")
    lines = [r.getMessage() for r in caplog.records if "restarting" in r.getMessage()]
    assert "exited with code 3; restarting in 1 s" in lines[0]
    assert "exited with code 3; restarting in 2 s" in lines[1]
    assert len(STARTED.findall(caplog.text)) >= 2


# A stand-in for the kiosk: beats (as kiosk.ui.heartbeat does) with this health on a
# 0.1 s interval timer, as the kiosk beats on a QTimer, then exits with this code after
# this many beats (never with -1).
FAKE_KIOSK = """
import signal, sys
from kiosk.notify import Heartbeat
healthy, code, beats = sys.argv[1] == "ok", int(sys.argv[2]), int(sys.argv[3])
heartbeat = Heartbeat()
status = "slide 1/1 fake (en)" if healthy else "window not healthy (not visible)"
n = 0
signal.signal(signal.SIGALRM, lambda *_: None)
signal.setitimer(signal.ITIMER_REAL, 0.1, 0.1)
while beats < 0 or n < beats:
    heartbeat.beat(healthy, status)
    n += 1
    signal.pause()  # the timer's next tick
sys.exit(code)
"""


def supervise_until(supervisor: Supervisor, condition: Callable[[], object], what: str) -> None:
    """Runs the supervisor in a thread until `condition` holds, then stops it."""
    thread = threading.Thread(target=supervisor.run, daemon=True)
    thread.start()
    try:
        wait_for(condition, 60, what)
    finally:
        supervisor.stop_requested.set()
        thread.join(30)
    assert not thread.is_alive()


def test_supervise_restarts_a_kiosk_whose_window_is_not_shown(tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.supervise")
    fake = [sys.executable, "-c", FAKE_KIOSK, "unhealthy", "0", "-1"]
    supervisor = Supervisor(fake, heartbeat_s=1, start_timeout_s=1, folder=tmp_path)
    supervise_until(supervisor, lambda: "restarting in" in caplog.text, "a restart")
    assert "window not shown (window not healthy (not visible)); killed" in caplog.text


def test_supervise_resets_the_back_off_after_a_healthy_run(
    tmp_path: Path, caplog, monkeypatch
) -> None:
    """1 s, 2 s ... but a kiosk that was healthy for HEALTHY_RESET_S starts again at 1 s."""
    monkeypatch.setattr("kiosk.supervise.HEALTHY_RESET_S", 0.5)
    caplog.set_level(logging.INFO, logger="kiosk.supervise")
    fake = [sys.executable, "-c", FAKE_KIOSK, "ok", "5", "10"]  # healthy ~1 s, then exit 5
    supervisor = Supervisor(fake, heartbeat_s=5, folder=tmp_path)
    supervise_until(supervisor, lambda: caplog.text.count("restarting in") >= 2, "two restarts")
    lines = [r.getMessage() for r in caplog.records if "restarting" in r.getMessage()]
    assert all("exited with code 5; restarting in 1 s" in line for line in lines[:2]), lines


def test_supervise_rejects_options_the_kiosk_would_not_take(tmp_path: Path) -> None:
    result = run_kiosk("supervise", "--", "--no-such-option", timeout=60)
    assert result.returncode == 2
    assert "--no-such-option" in result.stderr
    result = run_kiosk("supervise", "--heartbeat", "0", "--", "--windowed", timeout=60)
    assert result.returncode == 2
    assert "--heartbeat" in result.stderr


@pytest.fixture
def notify_socket():
    """A datagram socket standing in for systemd's, under an abstract name ('@...')."""
    name = f"@park-kiosk-test-{os.getpid()}-{threading.get_ident()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name[1:])
    yield name, sock
    sock.close()


def receive(sock: socket.socket, timeout: float) -> str | None:
    sock.settimeout(timeout)
    try:
        return sock.recv(4096).decode()
    except (TimeoutError, BlockingIOError):  # BlockingIOError: nothing there, timeout 0
        return None


def test_sd_notify_ready_then_watchdog_from_the_gui_thread(
    make_deck, tmp_path: Path, notify_socket
) -> None:
    name, sock = notify_socket
    env = kiosk_env(NOTIFY_SOCKET=name, WATCHDOG_USEC="1500000")  # a beat every 0.5 s
    args = ("--windowed", "--content", str(make_deck()), "--log-file", str(tmp_path / "k.log"))
    proc = start_kiosk(*args, env=env)
    got: list[str] = []

    def beats() -> int:
        if (message := receive(sock, 0.2)) is not None:
            got.extend(message.splitlines())
        return got.count("WATCHDOG=1")

    try:
        wait_for(lambda: beats() >= 3, 60, "three WATCHDOG=1")
        assert got.count("READY=1") == 1
        assert got.index("READY=1") < got.index("WATCHDOG=1")
        assert any(line.startswith("STATUS=slide ") for line in got), got
        os.kill(proc.pid, signal.SIGSTOP)
        wait_for(lambda: state(proc.pid) == "T", 10, "the kiosk stopped")
        while receive(sock, 0) is not None:  # what it sent before it stopped
            pass
        assert receive(sock, 3 * 0.5) is None  # three beats' time: none comes
    finally:
        end(proc, proc.pid)


def test_sd_notify_to_a_socket_path(tmp_path: Path) -> None:
    folder = Path(os.environ.get("TMPDIR", "/tmp"))  # a short path: AF_UNIX allows ~107 bytes
    path = folder / f"park-kiosk-notify-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        try:
            assert sd_notify("READY=1", {"NOTIFY_SOCKET": str(path)})
            assert receive(sock, 5) == "READY=1"
        finally:
            path.unlink()
    assert not sd_notify("READY=1", {})  # no systemd: nothing to do, no error
    assert not sd_notify("READY=1", {"NOTIFY_SOCKET": str(path)})  # gone: False, no error


def test_heartbeat_file_says_whether_the_window_is_healthy(tmp_path: Path) -> None:
    file = tmp_path / "heartbeat"
    heartbeat = Heartbeat({"KIOSK_HEARTBEAT_FILE": str(file), "KIOSK_HEARTBEAT_SEC": "3"})
    assert heartbeat.interval_s == 1.0
    heartbeat.beat(True, "slide 1/5 hello (en)")
    beat = read_heartbeat(file)
    assert beat is not None and beat[1:] == (True, "slide 1/5 hello (en)")
    heartbeat.beat(False, "window not healthy (not exposed)")
    beat = read_heartbeat(file)
    assert beat is not None and beat[1:] == (False, "window not healthy (not exposed)")
    assert Heartbeat({"WATCHDOG_USEC": "30000000", "NOTIFY_SOCKET": "@x"}).interval_s == 10.0


def test_a_hidden_window_withholds_the_heartbeat(make_window, qtbot, tmp_path: Path) -> None:
    from kiosk.ui.heartbeat import HeartbeatTimer

    window = make_window()
    file = tmp_path / "heartbeat"
    timer = HeartbeatTimer(window, {"KIOSK_HEARTBEAT_FILE": str(file), "KIOSK_HEARTBEAT_SEC": "1"})
    assert timer.start()

    def says() -> bool | None:
        beat = read_heartbeat(file)
        return None if beat is None else beat[1]

    qtbot.waitUntil(lambda: says() is True, timeout=10_000)
    window.hide()
    qtbot.waitUntil(lambda: says() is False, timeout=10_000)
    window.show()
    qtbot.waitUntil(lambda: says() is True, timeout=10_000)
    timer.stop()


STANDARD = ["/opt/park-kiosk/current/kiosk", "--content", "/srv/park-kiosk/content/park.json"]


def test_the_unit_file_in_the_repo_is_the_one_install_service_writes() -> None:
    shipped = (ROOT / "deploy" / "park-kiosk.service").read_text(encoding="utf-8")
    assert shipped == unit_text(STANDARD)
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(shipped)
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "main"
    assert service["Restart"] == "always"
    assert int(service["WatchdogSec"]) > 0
    assert int(service["RestartSec"]) > 0
    assert service["ExecStart"] == " ".join(STANDARD)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    result = run_kiosk("install-service", "--print", "--", "--content", str(MINI), timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"--content {MINI}" in result.stdout
    unit = tmp_path / "park-kiosk.service"  # its ExecStart is this Python: it exists
    unit.write_text(result.stdout, encoding="utf-8")
    verify = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert verify.returncode == 0, verify.stderr
    assert verify.stderr.strip() == "", verify.stderr
