"""The frozen program (PyInstaller, kiosk.spec), run the way a park runs it. Marked slow:
run by .ci/run (pytest -m ""), not by plain pytest.

It ships the bundled deck, so these tests read that deck (by its loaded content: counts,
ids and asset names come from it, whatever it holds); the MINI fixture deck stands for a
park's own content given on the command line.

Builds the bundle into a temporary folder with `pyinstaller kiosk.spec` (about a minute
or two on two cores), or takes the one KIOSK_BUNDLE names: the folder holding the kiosk
executable, e.g. dist/kiosk, built from this checkout (its renders are compared with the
source's). The frozen program then runs in a bare environment: PATH with only the system
folders, no PYTHON* variables, no virtual environment, HOME in a temporary folder. On
Linux the test also reads /proc/<pid>/maps of the running kiosk: no file of this test's
Python (the virtual environment or the interpreter it was made from) may be loaded, so the
bundle is seen to carry its own Python and libraries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.content import asset_paths, load_content
from tests.conftest import CONTENT, MINI, ROOT, wait_for

sys.path.insert(0, str(ROOT / "tools"))
import bundle_stats

pytestmark = pytest.mark.slow

EXE_NAME = "kiosk.exe" if sys.platform == "win32" else "kiosk"
LANGUAGES = [lang["code"] for lang in json.loads(CONTENT.read_text("utf-8"))["languages"]]
SLIDES = [slide["id"] for slide in json.loads(CONTENT.read_text("utf-8"))["slides"]]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("KIOSK_BUNDLE")
    if given:
        folder = Path(given).resolve()
        assert (folder / EXE_NAME).is_file(), f"KIOSK_BUNDLE={given}: no {EXE_NAME} there"
        return folder
    work = tmp_path_factory.mktemp("pyinstaller")
    compiled = sorted((ROOT / "translations").glob("**/*.mo"))
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "kiosk.spec"), "--noconfirm",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=ROOT, capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    assert proc.returncode == 0, f"pyinstaller failed:\n{proc.stderr[-4000:]}"
    assert sorted((ROOT / "translations").glob("**/*.mo")) == compiled, (
        "the build wrote into translations/ (catalogs are compiled under build/)"
    )
    return work / "dist" / "kiosk"


@pytest.fixture(scope="module")
def bare_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    if sys.platform == "win32":
        keep = ("SYSTEMROOT", "WINDIR", "TEMP", "TMP")
        env = {k: os.environ[k] for k in keep if k in os.environ}
        env["PATH"] = os.path.join(os.environ.get("SYSTEMROOT", r"C:\Windows"), "System32")
        env["USERPROFILE"] = env["APPDATA"] = env["LOCALAPPDATA"] = str(home)
    else:
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
        env["XDG_RUNTIME_DIR"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(exe: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=600,
        stdin=subprocess.DEVNULL, cwd=env.get("HOME") or env.get("USERPROFILE"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def exe(bundle: Path) -> Path:
    return bundle / EXE_NAME


def test_version(exe: Path, bare_env: dict[str, str]) -> None:
    proc = run(exe, bare_env, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"kiosk {__version__}"


def test_bundle_holds_the_data_and_leaves_out_the_rest(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "assets" / "content" / "park.json").is_file()
    assert sorted(p.name for p in (internal / "assets" / "fonts").glob("*.otf")) == sorted(
        p.name for p in (ROOT / "assets" / "fonts").glob("*.otf")
    )
    # what `kiosk validate` checks visible text against (kiosk.content.text)
    assert (internal / "assets" / "fonts" / "coverage.json").is_file()
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/kiosk.po"):
        rel = po.relative_to(ROOT).with_suffix(".mo")
        assert (internal / rel).is_file(), f"{rel} is not in the bundle"
    assert not list(internal.glob("translations/**/*.po")), "catalogs ship compiled only"
    locales = {p.stem for p in (internal / "babel" / "locale-data").glob("*.dat")}
    assert set(LANGUAGES) <= locales and "root" in locales
    assert len(locales) < 20, f"babel locale data for languages not offered: {sorted(locales)}"
    assert not (internal / "PySide6" / "Qt" / "translations").exists()


def test_validate_bundled_and_given_content(
    exe: Path, bare_env: dict[str, str], tmp_path: Path
) -> None:
    proc = run(exe, bare_env, "validate")
    assert proc.returncode == 0, proc.stderr
    assert f"OK ({len(SLIDES)} slides" in proc.stdout
    folder = shutil.copytree(CONTENT.parent, tmp_path / "content")
    assert run(exe, bare_env, "validate", str(folder / CONTENT.name)).returncode == 0
    asset = next(rel for _where, rel in asset_paths(load_content(CONTENT)))
    (folder / asset).unlink()  # an asset the content names
    broken = run(exe, bare_env, "validate", str(folder / CONTENT.name))
    assert broken.returncode == 1
    assert Path(asset).name in broken.stderr


def blank(path: Path) -> bool:
    """True if a sample of the image's pixels holds fewer than four colours."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not an image"
    w, h = image.width(), image.height()
    colours = {image.pixel(x * w // 48, y * h // 27) for x in range(48) for y in range(27)}
    return len(colours) < 4


def test_renders_every_slide_in_every_language_like_the_source(
    exe: Path, bare_env: dict[str, str], tmp_path: Path
) -> None:
    from PySide6.QtGui import QImage

    frozen, source = tmp_path / "frozen", tmp_path / "source"
    args = ("render", "--lang", "all", "--view", "all", "--size", "1280x720", "--out")
    proc = run(exe, bare_env, *args, str(frozen))
    assert proc.returncode == 0, proc.stderr
    subprocess.run(
        [sys.executable, "-m", "kiosk", *args, str(source)], cwd=ROOT, check=True,
        capture_output=True, timeout=600, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    for lang in LANGUAGES:
        for i, slide in enumerate(SLIDES):
            assert (frozen / lang / f"{i + 1:02d}-{slide}.png").is_file(), (lang, slide)
    images = sorted(p.relative_to(frozen) for p in frozen.rglob("*.png"))
    assert images == sorted(p.relative_to(source) for p in source.rglob("*.png"))
    assert [str(p) for p in images if blank(frozen / p)] == []
    differ = [str(p) for p in images if QImage(str(frozen / p)) != QImage(str(source / p))]
    # (A KIOSK_BUNDLE built from other sources than this checkout's differs here too.)
    assert differ == [], "the frozen program draws these differently from the source"


def python_installation() -> tuple[list[Path], set[Path]]:
    """(folders, files) of the Python running this test: its library folders, the virtual
    environment, the interpreter and libpython, but not the system folders they may sit in."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    folders = {Path(sysconfig.get_path(name)).resolve() for name in names}
    if sys.prefix != sys.base_prefix:
        folders.add(Path(sys.prefix).resolve())
    files = {Path(sys.executable).resolve()}
    libdir, soname = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME")
    if libdir and soname:
        files.add((Path(libdir) / soname).resolve())
    return sorted(folders), files


def python_files_loaded(pid: int) -> list[str]:
    """Files mapped into process `pid` that belong to the Python running this test."""
    folders, files = python_installation()
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    mapped = {Path(line.split(None, 5)[5]) for line in maps if len(line.split(None, 5)) == 6}
    return sorted(
        str(f)
        for f in mapped
        if f.is_absolute()
        and f.exists()
        and (f.resolve() in files or any(f.resolve().is_relative_to(d) for d in folders))
    )


def test_runs_its_own_python_and_takes_content_from_the_command_line(
    exe: Path, bare_env: dict[str, str], tmp_path: Path
) -> None:
    folder = shutil.copytree(MINI.parent, tmp_path / "content")  # another deck than its own
    data = json.loads((folder / MINI.name).read_text("utf-8"))
    data["slides"] = data["slides"][1:]  # the park drops its first slide, without a rebuild
    (folder / MINI.name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    loaded: list[str] = []

    def inspect(pid: int) -> None:
        if sys.platform.startswith("linux"):
            loaded.extend(python_files_loaded(pid))

    start = bundle_stats.first_slide(
        [str(exe), "--content", str(folder / MINI.name)], env=bare_env, inspect=inspect
    )
    assert f"slide 1/{len(data['slides'])} {data['slides'][0]['id']}" in start.line
    assert loaded == [], "the frozen kiosk loaded files of the Python installation"


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("Xvfb") is None, reason="needs Xvfb"
)
def test_starts_on_x11(exe: Path, bare_env: dict[str, str]) -> None:
    """The xcb platform plugin and what it links to are in the bundle (offscreen is not X)."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        pass_fds=(write,), stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            display = f":{pipe.readline().strip()}"
        env = {**bare_env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        start = bundle_stats.first_slide([str(exe)], env=env)
        assert f"slide 1/{len(SLIDES)} {SLIDES[0]}" in start.line
    finally:
        xvfb.terminate()
        xvfb.wait(10)


def test_serves_metrics_and_prints_daily_totals(
    exe: Path, bare_env: dict[str, str], tmp_path: Path
) -> None:
    """prometheus_client (and the ssl it imports) and sqlite3 are in the bundle."""
    import urllib.request

    log = tmp_path / "kiosk.log"
    args = ["--content", str(MINI), "--metrics", "127.0.0.1:0", "--log-file", str(log)]
    kiosk = subprocess.Popen(
        [str(exe), *args], env=bare_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        line = wait_for(
            lambda: (
                log.exists()
                and next((x for x in log.read_text().splitlines() if "metrics: " in x), None)
            ),
            what="the metrics endpoint's log line",
        )
        assert "Prometheus endpoint on http://127.0.0.1:" in str(line), line
        url = str(line).rsplit(" ", 1)[1]
        with urllib.request.urlopen(url, timeout=10) as response:
            text = response.read().decode("utf-8")
    finally:
        kiosk.terminate()
        kiosk.wait(30)
    assert "\nkiosk_touches_total 0.0\n" in text
    assert "\nprocess_resident_memory_bytes " in text
    stats = run(exe, bare_env, "stats", "--csv")
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.splitlines()[0] == "date,metric,page,language,count"
