"""Content from a URL (#17): signatures (also against the standard minisign tool), bundle
checks, the sync, and the window following a real HTTP server on 127.0.0.1 that the tests
start, through every way a download can go wrong. Each failure keeps the last good content
on screen, says why in the log and in health.json, and loses nothing."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import logging
import os
import shutil
import stat
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import MINI, kiosk_env, run_kiosk, start_kiosk, wait_for

from kiosk.remote import sign
from kiosk.remote.bundle import BundleError, BundleStore, unpack
from kiosk.remote.fetch import Backoff, FetchError, fetch
from kiosk.remote.sync import Sync

# --- a web server the tests own -----------------------------------------------------------


class Site:
    """What the server answers: `files` by path (with an ETag, and 304 for a matching
    If-None-Match), unless `mode` says to fail: "404", "500", "slow" (waits for `release`,
    set at teardown), "truncate" (promises the whole file, sends half and hangs up)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.mode = "ok"
        self.release = threading.Event()
        self.requests: list[tuple[str, str | None]] = []  # path, If-None-Match


def _handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("If-None-Match")))
            body = site.files.get(self.path)
            if site.mode in ("404", "500") or body is None:
                code = 500 if site.mode == "500" else 404
                self.send_error(code)
                return
            if site.mode == "slow":
                site.release.wait(30)
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            if site.mode == "truncate" and self.path.endswith(".zip"):
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site():
    site = Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}/park.zip"
    yield site
    site.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def key() -> sign.SecretKey:
    return sign.generate()


# --- bundles --------------------------------------------------------------------------------


def deck_files(change=None) -> dict[str, bytes]:
    """The MINI deck's files by their path in a bundle; `change` edits its JSON data."""
    folder = MINI.parent
    files = {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
    if change is not None:
        data = json.loads(files[MINI.name])
        change(data)
        files[MINI.name] = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return files


def version(tag: str):
    """A change that marks the deck: the park's name and short name (the one the header
    shows) end with `tag` in every language."""

    def change(data: dict) -> None:
        for key in ("name", "short_name"):
            data["park"][key] = {k: f"{v} {tag}" for k, v in data["park"][key].items()}

    return change


def zip_of(files: dict[str, bytes], extra: list[zipfile.ZipInfo | tuple] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in files.items():
            archive.writestr(name, blob)
        for info, blob in extra:
            archive.writestr(info, blob)
    return buffer.getvalue()


def publish(site: Site, data: bytes, key: sign.SecretKey) -> None:
    site.files["/park.zip.sig"] = sign.sign(data, key, "file:park.zip").encode()
    site.files["/park.zip"] = data


def link_member(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def bomb_member() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("art/bomb.svg")
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, b"\0" * 4_000_000  # packs to ~4 KB: 1000:1


# --- signatures -----------------------------------------------------------------------------


def test_signature_round_trip_and_what_it_refuses(key):
    data = b"a bundle" * 1000
    text = sign.sign(data, key, "file:park.zip")
    assert sign.verify(data, text, key.public()) == "file:park.zip"
    with pytest.raises(sign.SignatureError, match="does not match the file"):
        sign.verify(data + b"!", text, key.public())
    other = sign.generate()
    with pytest.raises(sign.SignatureError, match="not with the display's key"):
        sign.verify(data, text, other.public())
    lines = text.splitlines()
    forged = "\n".join([*lines[:2], "trusted comment: file:other.zip", lines[3]])
    with pytest.raises(sign.SignatureError, match="trusted comment"):
        sign.verify(data, forged, key.public())
    with pytest.raises(sign.SignatureError, match="expected 4 lines"):
        sign.verify(data, "untrusted comment: x\n", key.public())
    assert sign.parse_secret_key(key.text()) == key
    assert sign.parse_public_key(key.public().text()) == key.public()


MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(
    MINISIGN is None, reason="the minisign tool (Debian package minisign; tools/setup.sh --test)"
)


@needs_minisign
def test_minisign_verifies_ours_and_ours_verifies_minisign(tmp_path, key):
    bundle = tmp_path / "park.zip"
    bundle.write_bytes(zip_of(deck_files()))
    (tmp_path / "kiosk.key").write_text(key.text())
    (tmp_path / "kiosk.pub").write_text(key.public().text())
    # ours, checked by minisign -V
    (tmp_path / "park.zip.minisig").write_text(sign.sign(bundle.read_bytes(), key, "ours"))
    checked = subprocess.run(
        [MINISIGN, "-V", "-p", tmp_path / "kiosk.pub", "-m", bundle],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: ours" in checked.stdout
    # minisign's own key pair (-W: no password) and signature, checked by us
    made = subprocess.run(
        [MINISIGN, "-G", "-W", "-p", tmp_path / "m.pub", "-s", tmp_path / "m.key"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    (tmp_path / "park.zip.minisig").unlink()
    signed = subprocess.run(
        [MINISIGN, "-S", "-s", tmp_path / "m.key", "-m", bundle, "-t", "theirs"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    public = sign.parse_public_key((tmp_path / "m.pub").read_text())
    text = (tmp_path / "park.zip.minisig").read_text()
    assert sign.verify(bundle.read_bytes(), text, public) == "theirs"
    # minisign signs with a key from `kiosk keygen` (the same unencrypted layout)
    (tmp_path / "park.zip.minisig").unlink()
    signed = subprocess.run(
        [MINISIGN, "-S", "-s", tmp_path / "kiosk.key", "-m", bundle, "-t", "with ours"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    text = (tmp_path / "park.zip.minisig").read_text()
    assert sign.verify(bundle.read_bytes(), text, key.public()) == "with ours"
    # and the kiosk reads minisign's secret key
    mine = sign.parse_secret_key((tmp_path / "m.key").read_text())
    assert mine.public() == public


# --- bundles, Qt-free ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        ([("../evil.txt", b"x")], "'..'"),
        ([("/etc/evil", b"x")], "absolute"),
        ([link_member("art/link.svg", "/etc/passwd")], "symbolic link"),
        ([bomb_member()], "zip bomb"),
        ([("other.json", b"{}")], "exactly one .json"),
    ],
)
def test_unpack_refuses_bad_members_and_writes_nothing(tmp_path, extra, why):
    data = zip_of(
        deck_files(), [(zipfile.ZipInfo(n), b) if isinstance(n, str) else (n, b) for n, b in extra]
    )
    with pytest.raises(BundleError, match=why):
        unpack(data, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "evil.txt").exists()


def test_unpack_refuses_what_is_not_a_zip(tmp_path):
    with pytest.raises(BundleError, match="not a zip"):
        unpack(b"PK\x03\x04 not really", tmp_path / "out")


def test_store_switches_keeps_the_previous_and_deletes_older(tmp_path):
    store = BundleStore(tmp_path / "store")
    assert store.current() is None
    folders = []
    for tag in ("v1", "v2", "v3"):
        current = store.put(zip_of(deck_files(version(tag))), etag=tag)
        assert current.info["etag"] == tag
        assert store.current() == current
        folders.append(current.path.parent)
    assert not folders[0].exists()  # older than the previous: deleted
    assert folders[1].is_dir() and store.current().info["previous"] == folders[1].name
    with pytest.raises(BundleError, match="does not validate"):
        store.put(zip_of(deck_files(lambda d: d["park"]["name"].pop("ko"))))
    with pytest.raises(BundleError, match="cannot unpack"):  # a member both file and folder
        store.put(zip_of(deck_files() | {"x": b"1", "x/y": b"2"}))
    assert store.current().path.parent == folders[2]  # nothing lost
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == sorted(
        ["current.json", folders[1].name, folders[2].name]
    )


def test_fetch_backoff_doubles_up_to_its_cap_and_resets():
    backoff = Backoff(10, cap=60)
    assert [backoff.failed() for _ in range(5)] == [10, 20, 40, 60, 60]
    assert backoff.succeeded() == 10
    assert backoff.failed() == 10


def test_fetch_conditional_and_refusals(site):
    site.files["/park.zip"] = b"x" * 1000
    first = fetch(site.url)
    assert first.status == 200 and first.body == b"x" * 1000 and first.etag
    assert fetch(site.url, etag=first.etag).status == 304
    assert site.requests[-1] == ("/park.zip", first.etag)
    with pytest.raises(FetchError, match="over the limit"):
        fetch(site.url, limit=100)
    site.mode = "truncate"
    with pytest.raises(FetchError, match="truncated"):
        fetch(site.url)


def test_sync_keeps_the_current_bundle_across_restarts_offline(tmp_path, site, key):
    publish(site, zip_of(deck_files(version("v1"))), key)
    sync = Sync(site.url, key.public(), root=tmp_path / "store")
    assert sync.run_once().result == "ok"
    site.mode = "404"
    again = Sync(site.url, key.public(), root=tmp_path / "store")  # a restart, now offline
    assert again.current() is not None and again.current().path.is_file()
    assert again.run_once().result.startswith("error: HTTP 404")
    assert again.current() == sync.current()


# --- the window following the server ---------------------------------------------------------


@pytest.fixture
def kiosk(make_window, qtbot, tmp_path, site, key):
    """A window on the MINI deck, following `site` (a short timeout), with health.json."""
    from kiosk.ui.health import HealthWriter
    from kiosk.ui.reload import ContentReloader
    from kiosk.ui.remote import RemoteSync

    window = make_window()
    reloader = ContentReloader(window, MINI)
    sync = Sync(site.url, key.public(), root=tmp_path / "store", timeout=1.0)
    remote = RemoteSync(sync, reloader, poll_s=3600)  # rounds started by the tests only
    health = HealthWriter(window, tmp_path / "health.json", reloader, sync=remote)

    class Kiosk:
        pass

    k = Kiosk()
    k.window, k.remote, k.sync, k.health = window, remote, sync, health

    def round_() -> str:
        with qtbot.waitSignal(remote.synced, timeout=20_000) as got:
            assert remote.sync_now()
        return got.args[0]

    def health_json() -> dict:
        health.write()
        return json.loads((tmp_path / "health.json").read_text())

    k.round, k.health_json = round_, health_json
    return k


def shown_name(window) -> str:
    return window.park_name.text()


def test_first_download_304_and_a_new_version_while_running(kiosk, site, key, caplog):
    caplog.set_level(logging.INFO)
    publish(site, zip_of(deck_files(version("v1"))), key)
    window = kiosk.window
    assert not shown_name(window).endswith("v1")
    assert kiosk.round() == "ok"  # first download
    assert shown_name(window).endswith("v1")
    first = kiosk.sync.current()
    assert window.folder == first.path.parent
    sync = kiosk.health_json()["sync"]
    assert sync["result"] == "ok" and sync["folder"] == first.path.parent.name
    assert sync["url"] == site.url and sync["etag"] and sync["signed"] == "file:park.zip"

    assert kiosk.round() == "not modified"  # 304
    assert site.requests[-1][1] == first.info["etag"]
    assert kiosk.health_json()["sync"]["result"] == "not modified"

    window.setFocus()  # the visitor moved on: the slide stays through the swap
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window, Qt.Key.Key_Right)
    slide = window.current_slide_id()
    publish(site, zip_of(deck_files(version("v2"))), key)
    assert kiosk.round() == "ok"
    assert shown_name(window).endswith("v2")
    assert window.current_slide_id() == slide
    second = kiosk.sync.current()
    assert second.path.parent != first.path.parent and first.path.parent.is_dir()  # kept
    assert kiosk.health_json()["content_state"] == "good"
    installed = [r for r in caplog.records if "installed" in r.getMessage()]
    assert len(installed) == 2
    assert sum("not modified" in r.getMessage() for r in caplog.records) == 1


def _bad_signature(site: Site, key) -> None:
    data = zip_of(deck_files(version("v2")))
    site.files["/park.zip"] = data
    site.files["/park.zip.sig"] = sign.sign(data + b"tampered", key).encode()


def _wrong_key(site: Site, _key) -> None:
    publish(site, zip_of(deck_files(version("v2"))), sign.generate())


def _signed(files: dict[str, bytes], extra=()):
    def set_up(site: Site, key) -> None:
        publish(site, zip_of(files, extra), key)

    return set_up


def _mode(mode: str):
    def set_up(site: Site, key) -> None:
        publish(site, zip_of(deck_files(version("v2"))), key)
        site.mode = mode

    return set_up


FAILURES = {
    "404": (_mode("404"), "HTTP 404"),
    "500": (_mode("500"), "HTTP 500"),
    "timeout": (_mode("slow"), "timed out"),
    "truncated": (_mode("truncate"), "truncated download"),
    "bad signature": (_bad_signature, "bad signature"),
    "wrong key": (_wrong_key, "not with the display's key"),
    "invalid": (
        _signed(deck_files(lambda d: d["park"]["name"].pop("ko"))),
        "does not validate",
    ),
    "zip slip": (
        _signed(deck_files(version("v2")), [(zipfile.ZipInfo("../x.svg"), b"<svg/>")]),
        "'..'",
    ),
    "link": (_signed(deck_files(version("v2")), [link_member("icons/l.svg", "/dev/zero")]), "link"),
    "zip bomb": (_signed(deck_files(version("v2")), [bomb_member()]), "zip bomb"),
    "no content file": (_signed({}, ()), "exactly one .json"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failed_or_refused_download_keeps_the_last_good_content(kiosk, site, key, caplog, case):
    publish(site, zip_of(deck_files(version("v1"))), key)
    assert kiosk.round() == "ok"
    good = kiosk.sync.current()
    kept = sorted(p.relative_to(good.path.parent) for p in good.path.parent.rglob("*"))
    set_up, why = FAILURES[case]
    set_up(site, key)
    caplog.set_level(logging.INFO)
    result = kiosk.round()
    assert result.startswith("error: ") and why in result
    window = kiosk.window
    assert shown_name(window).endswith("v1")  # the last good content stays on screen
    assert window.folder == good.path.parent
    health = kiosk.health_json()
    assert health["sync"]["result"] == result  # says why in health.json
    assert health["sync"]["folder"] == good.path.parent.name
    assert health["state"] == "running"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any(why in r.getMessage() and "last good" in r.getMessage() for r in warnings)
    assert kiosk.sync.current() == good  # loses nothing: the pointer, the folder, its files
    assert sorted(p.relative_to(good.path.parent) for p in good.path.parent.rglob("*")) == kept
    store = kiosk.sync.store.root
    assert not any(p.name.endswith(".tmp") for p in store.iterdir())
    assert not (store.parent / "x.svg").exists()
    # the same failure again is not logged again; a fixed server brings the next version
    caplog.clear()
    if case != "timeout":
        assert kiosk.round() == result
        assert not [r for r in caplog.records if r.levelno == logging.WARNING]
    site.mode = "ok"
    site.release.set()
    publish(site, zip_of(deck_files(version("v3"))), key)
    assert kiosk.round() == "ok"
    assert shown_name(window).endswith("v3")


# --- the command line ------------------------------------------------------------------------


def test_keygen_pack_sign_and_minisign_verifies(tmp_path, make_deck):
    key = tmp_path / "park.key"
    made = run_kiosk("keygen", "--out", str(key))
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert run_kiosk("keygen", "--out", str(key)).returncode == 1  # never overwrites silently
    bundle = tmp_path / "park.zip"
    packed = run_kiosk("pack", str(MINI.parent), "--out", str(bundle))
    assert packed.returncode == 0, packed.stderr
    with zipfile.ZipFile(bundle) as archive:
        assert MINI.name in archive.namelist() and "art/logo-mark.svg" in archive.namelist()
    signed = run_kiosk("sign", str(bundle), "--key", str(key))
    assert signed.returncode == 0, signed.stderr
    public = sign.parse_public_key(Path(f"{key}.pub").read_text())
    text = Path(f"{bundle}.sig").read_text()
    assert sign.verify(bundle.read_bytes(), text, public) == "file:park.zip"
    if MINISIGN:
        checked = subprocess.run(
            [MINISIGN, "-V", "-p", f"{key}.pub", "-m", bundle, "-x", f"{bundle}.sig"],
            capture_output=True, text=True,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stderr
    broken = make_deck(lambda d: d["park"]["name"].pop("ko"))
    refused = run_kiosk("pack", str(broken.parent), "--out", str(tmp_path / "bad.zip"))
    assert refused.returncode == 1
    assert "$.park.name" in refused.stderr and "not packed" in refused.stderr
    assert not (tmp_path / "bad.zip").exists()
    # sign checks what it signs as a display would: a hand-made zip with problems is refused
    (tmp_path / "hand.zip").write_bytes(zip_of(deck_files(lambda d: d["park"]["name"].pop("ko"))))
    refused = run_kiosk("sign", str(tmp_path / "hand.zip"), "--key", str(key))
    assert refused.returncode == 1 and "$.park.name" in refused.stderr
    (tmp_path / "slip.zip").write_bytes(zip_of(deck_files(), [(zipfile.ZipInfo("../x"), b"x")]))
    refused = run_kiosk("sign", str(tmp_path / "slip.zip"), "--key", str(key))
    assert refused.returncode == 1 and "'..'" in refused.stderr
    assert sorted(p.name for p in tmp_path.glob("*.sig")) == ["park.zip.sig"]


def test_a_url_without_a_public_key_refuses_to_start(tmp_path):
    result = run_kiosk(
        "--content", "http://127.0.0.1:9/park.zip", "--log-file", str(tmp_path / "k.log")
    )
    assert result.returncode == 2
    assert "needs --public-key" in result.stderr


def test_settings_file_keys(tmp_path, key):
    from kiosk.settings import SettingsError, load_settings

    (tmp_path / "park.pub").write_text(key.public().text())
    path = tmp_path / "kiosk.json"
    url = "https://content.example/park.zip"
    path.write_text(json.dumps({"content": url, "public_key": "park.pub", "poll": 60}))
    settings = load_settings({"settings": str(path)})
    assert settings.content_url == url and settings.poll == 60
    assert settings.public_key == tmp_path / "park.pub"
    path.write_text(json.dumps({"content": url, "public_key": "park.pub", "poll": 1}))
    with pytest.raises(SettingsError, match="poll"):
        load_settings({"settings": str(path)})
    path.write_text(json.dumps({"content": url, "public_key": "kiosk.json"}))
    with pytest.raises(SettingsError, match="public-key"):
        load_settings({"settings": str(path)})


# --- two kiosks, one URL ---------------------------------------------------------------------

POLL = 5


@pytest.mark.slow
def test_two_kiosks_follow_one_url_and_restart_offline(tmp_path, site, key):
    """A fleet in small: two kiosk processes (offscreen) on one bundle URL; a bundle
    published while they run reaches both within two poll intervals. Then one restarts
    while the server fails: it plays the last good bundle from its cache."""
    (tmp_path / "park.pub").write_text(key.public().text())
    publish(site, zip_of(deck_files(version("v1"))), key)

    def start(n: int) -> tuple[Path, subprocess.Popen[str]]:
        home = tmp_path / f"display{n}"
        env = kiosk_env(XDG_CACHE_HOME=str(home / "cache"), XDG_DATA_HOME=str(home / "data"))
        args = ["--content", site.url, "--public-key", str(tmp_path / "park.pub")]
        args += ["--poll", str(POLL), "--log-file", str(home / "kiosk.log")]
        (home / "health.json").unlink(missing_ok=True)
        return home / "health.json", start_kiosk(*args, env=env)

    def health_of(path: Path) -> dict:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data.get("sync"), dict) else {}

    kiosks = [start(1), start(2)]
    try:
        for health, _process in kiosks:
            wait_for(lambda h=health: health_of(h).get("sync", {}).get("result") == "ok", 120)
        v1 = {health_of(h)["sync"]["folder"] for h, _ in kiosks}
        assert len(v1) == 1
        v2_files = deck_files(version("v2"))
        publish(site, zip_of(v2_files), key)
        deck_sha = hashlib.sha256(v2_files[MINI.name]).hexdigest()

        def both_show_v2() -> bool:
            return all(health_of(h).get("content_sha256") == deck_sha for h, _ in kiosks)

        wait_for(both_show_v2, 2 * POLL, "the new bundle on both displays")
        assert len({health_of(h)["sync"]["folder"] for h, _ in kiosks} | v1) == 2
        assert all(process.poll() is None for _health, process in kiosks)

        site.mode = "500"  # the server breaks; display 1 restarts (a power cut)
        kiosks[0][1].terminate()
        assert kiosks[0][1].wait(timeout=30) is not None
        kiosks[0] = start(1)

        def restarted_on_v2() -> bool:
            data = health_of(kiosks[0][0])
            return bool(data) and data["sync"]["result"].startswith("error: HTTP 500")

        wait_for(restarted_on_v2, 120, "the restarted display's first check")
        data = health_of(kiosks[0][0])
        assert data["content_sha256"] == deck_sha and data["state"] == "running"
        log = (tmp_path / "display1" / "kiosk.log").read_text()
        assert "showing the last good bundle" in log and "HTTP 500" in log
    finally:
        for _health, process in kiosks:
            process.terminate()
        for _health, process in kiosks:
            _out, err = process.communicate(timeout=30)
            assert "Traceback" not in err


def test_the_window_answers_while_a_download_hangs(kiosk, site, key, qtbot):
    """The network is never on the GUI thread: a visitor's key press is answered while the
    server holds the download (until the test releases it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    publish(site, zip_of(deck_files(version("v1"))), key)
    assert kiosk.round() == "ok"
    site.mode = "slow"
    kiosk.sync.timeout = 60  # the server, not the timeout, ends this round
    window = kiosk.window
    with qtbot.waitSignal(kiosk.remote.synced, timeout=20_000) as got:
        assert kiosk.remote.sync_now()
        qtbot.waitUntil(lambda: len(site.requests) == 3)  # the held request has arrived
        before = window.current_slide_id()
        window.setFocus()
        QTest.keyClick(window, Qt.Key.Key_Right)
        assert window.current_slide_id() != before
        assert kiosk.remote.busy and not kiosk.remote.sync_now()  # one round at a time
        site.release.set()
    assert got.args[0].startswith("error: ")
    assert shown_name(window).endswith("v1")
