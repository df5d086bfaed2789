"""Smoke tests of the bundled deck (assets/content/park.json, which operators edit): it
validates, and every page, slides and charts, shows in every language at the sizes a kiosk
runs at without being blank and without text overflowing.

They hold for any valid deck: pages are walked as `kiosk render` walks them, and nothing
here names a page, a count or a wording. `pytest -m bundled` runs only these; the
environment variable KIOSK_TEST_CONTENT points them at another deck (see the last test).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kiosk.content import load_content
from kiosk.ui.fit import chart_fit_problems, slide_fit_problems
from tests.conftest import (
    CONTENT,
    ROOT,
    kiosk_env,
    run_kiosk,
    write,
)

SIZES = [(1920, 1080), (1080, 1920), (3840, 2160)]


@pytest.mark.bundled
def test_the_bundled_deck_validates():
    result = run_kiosk("validate", str(CONTENT))
    assert result.returncode == 0, result.stderr
    deck = load_content(CONTENT)
    assert f"{CONTENT}: OK ({len(deck.slides)} slides" in result.stdout
    print(result.stdout)  # shown with -rP: which deck was checked
    assert deck.slides, "a deck with no slides"


@pytest.mark.bundled
def test_the_bundled_deck_is_within_the_editorial_limits():
    # `--strict` fails on a text over its role's limit (kiosk.content.limits)
    result = run_kiosk("validate", "--strict", str(CONTENT))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def colours(image: QImage) -> int:
    """Distinct colours of the image scaled down to 192 pixels across, smoothly: a page
    with anything on it has many (edges blend), a blank one a handful."""
    small = image.scaledToWidth(192, Qt.TransformationMode.SmoothTransformation)
    w, h = small.width(), small.height()
    return len({small.pixel(x, y) for x in range(w) for y in range(h)})


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: "x".join(map(str, size)))
def shown(request, qapp) -> dict[str, dict[tuple[str, str], object]]:
    """Every page of the deck in every language at one size, shown once in the offscreen
    window `kiosk render` uses, the way it walks them: for each (language, page) what is
    wrong with its fit, the window's size, and the page's colours."""
    from kiosk.ui.app import application
    from kiosk.ui.render import chart_pages, offscreen_window, slide_pages

    application()
    size = request.param
    content = load_content(CONTENT)
    found: dict[str, dict[tuple[str, str], object]] = {"fit": {}, "size": {}, "colours": {}}
    found["asked"] = {("", ""): size}
    with offscreen_window(content, CONTENT, size) as window:
        for lang in content.language_codes:
            window.set_language(lang)
            for pages, problems, page in (
                (slide_pages, slide_fit_problems, lambda: window.stage.stack.currentWidget()),
                (chart_pages, chart_fit_problems, lambda: window.charts.view),
            ):
                for stem in pages(window):
                    QApplication.processEvents()
                    key = (lang, stem)
                    found["fit"][key] = problems(window)
                    found["size"][key] = (window.width(), window.height())
                    found["colours"][key] = colours(page().grab().toImage())
    assert len(found["fit"]) == len(content.language_codes) * (
        len(content.slides) + len(content.charts)
    )
    return found


@pytest.mark.bundled
def test_every_page_shows_in_every_language_and_is_not_blank(shown):
    blank = {key: n for key, n in shown["colours"].items() if n < 20}  # an empty page: 1
    assert blank == {}, f"pages that look blank (colours sampled): {blank}"


@pytest.mark.bundled
def test_no_text_overflows_on_any_page(shown):
    problems = {key: found for key, found in shown["fit"].items() if found}
    assert problems == {}


@pytest.mark.bundled
def test_the_window_keeps_its_size_on_every_page(shown):
    asked = shown["asked"]["", ""]
    assert {key: size for key, size in shown["size"].items() if size != asked} == {}


# --- any valid deck: the same tests on the bundled deck with its pages reordered ----------


def swap(items: list, kind: str) -> None:
    """Swaps the first and the last item (two pages); fails if there are not two."""
    assert len(items) >= 2, f"the bundled deck has fewer than two {kind}"
    items[0], items[-1] = items[-1], items[0]


@pytest.mark.slow
def test_the_bundled_deck_tests_hold_with_its_pages_reordered(tmp_path: Path):
    folder = shutil.copytree(CONTENT.parent, tmp_path / "content")
    path = folder / CONTENT.name
    data = json.loads(path.read_text(encoding="utf-8"))
    swap(data["slides"], "slides")
    swap(data.get("charts", []), "charts")
    write(path, data)
    checked = run_kiosk("validate", str(path))
    assert checked.returncode == 0, checked.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "bundled", "-q", "-rP", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=kiosk_env(KIOSK_TEST_CONTENT=str(path)),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"{path}: OK" in result.stdout  # the tests ran on the reordered copy
