"""`kiosk render`: every slide of the bundled deck, in every language, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.content import load_content
from tests.conftest import CONTENT, ROOT

DECK = load_content(CONTENT)


def render(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "render", "--out", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def all_languages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render")
    result = render(out, "--lang", "all", "--size", "960x540")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def test_writes_every_slide_in_every_language(all_languages):
    for lang in DECK.language_codes:
        names = sorted(p.name for p in (all_languages / lang).glob("*.png"))
        assert names == [f"{i + 1:02d}-{s.id}.png" for i, s in enumerate(DECK.slides)]


def test_images_have_the_size_asked_for_and_are_not_blank(all_languages):
    for path in all_languages.glob("*/*.png"):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (960, 540), path
        sample = {image.pixel(x, y) for x in range(0, 960, 37) for y in range(0, 540, 23)}
        assert len(sample) > 20, f"{path} looks blank"


def test_languages_render_differently(all_languages):
    first = DECK.slides[0].id
    images = {
        lang: (all_languages / lang / f"01-{first}.png").read_bytes()
        for lang in DECK.language_codes
    }
    assert len(set(images.values())) == len(images)


def test_output_is_deterministic(all_languages, tmp_path):
    result = render(tmp_path, "--lang", "en", "--size", "960x540")
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "en").glob("*.png"):
        again, before = QImage(str(path)), QImage(str(all_languages / "en" / path.name))
        assert again == before, path.name


def test_default_language_only_by_default(tmp_path):
    result = render(tmp_path, "--size", "640x360")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [DECK.default_language]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "expected 'all' or codes from"),
        (["--size", "big"], "expected WIDTHxHEIGHT"),
    ],
)
def test_bad_arguments_are_explained(tmp_path, args, message):
    result = render(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bad_content_is_reported_not_rendered(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"slides": [', encoding="utf-8")
    result = render(tmp_path / "out", "--content", str(bad))
    assert result.returncode == 1
    assert "bad.json" in result.stderr and "Traceback" not in result.stderr


def test_charts_render_the_same_whichever_language_comes_first(tmp_path):
    """A plot built first in a language other than the default still shows its texts."""
    alone, after = tmp_path / "alone", tmp_path / "after"
    assert render(alone, "--lang", "en", "--size", "640x360", "--view", "charts").returncode == 0
    result = render(after, "--lang", "zh_Hans,en", "--size", "640x360", "--view", "charts")
    assert result.returncode == 0, result.stderr
    for path in (alone / "en").glob("charts-*.png"):
        assert QImage(str(path)) == QImage(str(after / "en" / path.name)), path.name
