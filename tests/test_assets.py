"""Images that could freeze the kiosk (issue 13, fault 3) are refused in validation, and a
running window never draws one that is swapped in.

A 1.8 KB SVG whose `<use>` elements reference each other ten at a time, nine levels deep,
draws 10⁹ shapes: one paint holds the GUI thread for about a quarter of an hour. Such
files, and their relatives (a `<use>` loop, an entity bomb, 10,000-deep nesting, external
references, a raster whose header promises 10¹⁰ pixels), must be reported by `kiosk
validate` at their JSON path, quickly, and drawn as a placeholder if they appear on disk
under a running kiosk.
"""

from __future__ import annotations

import logging
import struct
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from kiosk.content import ContentError, load_content
from kiosk.content.assets import (
    LOGO,
    MAX_SVG_DEPTH,
    MAX_SVG_DRAWN,
    MAX_SVG_ELEMENTS,
    asset_problem,
    raster_size,
    svg_problem,
)
from kiosk.ui.reload import ContentReloader
from kiosk.ui.widgets import Icon, render_image
from tests.conftest import CONTENT, MINI, index_of, run_kiosk, slide_of

SVG = 'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"'


def use_bomb(levels: int = 9, fan: int = 10) -> str:
    """`<use>` fan-out: each level uses the one below `fan` times: fan**levels shapes."""
    parts = [f'<svg {SVG}><defs><path id="a0" d="M1 1h9v9z"/>']
    for level in range(1, levels + 1):
        parts.append(f'<g id="a{level}">' + f'<use href="#a{level - 1}"/>' * fan + "</g>")
    parts.append(f'</defs><use href="#a{levels}"/></svg>')
    return "".join(parts)


CYCLE = (
    f'<svg {SVG} xmlns:xlink="http://www.w3.org/1999/xlink"><defs>'
    '<g id="a"><circle r="4"/><use xlink:href="#b"/></g>'
    '<g id="b"><use xlink:href="#a"/></g></defs><use xlink:href="#a"/></svg>'
)
ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE svg ['
    '<!ENTITY a "lollollollollollollollollollol">'
    + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + f"]><svg {SVG}><text>&i;</text></svg>"
)
DEEP = f"<svg {SVG}>" + "<g>" * 10_000 + "</g>" * 10_000 + "</svg>"
EXTERNAL = f'<svg {SVG}><image href="http://192.0.2.1/x.png" width="64" height="64"/></svg>'
ANOTHER_FILE = f'<svg {SVG}><use href="square.svg#shape"/></svg>'
MANY = f"<svg {SVG}>" + '<rect width="1" height="1"/>' * 10_001 + "</svg>"


def png_header(width: int, height: int) -> bytes:
    """Just a PNG's signature and IHDR chunk: all a decoder reads to allocate the pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0\0\0\0"


HOSTILE_SVGS = {
    "use-bomb": (use_bomb(), f"would draw over {MAX_SVG_DRAWN} elements"),
    "use-cycle": (CYCLE, "references form a loop"),
    "entity-bomb": (ENTITIES, "DOCTYPE"),
    "deep": (DEEP, f"nested over {MAX_SVG_DEPTH} levels deep"),
    "external-href": (EXTERNAL, "refers to another file or the network"),
    "another-file": (ANOTHER_FILE, "refers to another file or the network"),
    "many-elements": (MANY, f"over {MAX_SVG_ELEMENTS} elements"),
}


def test_the_use_bomb_is_the_size_of_an_icon() -> None:
    assert 1500 < len(use_bomb().encode()) < 2000  # yet it draws 10**9 shapes


@pytest.mark.parametrize("case", list(HOSTILE_SVGS))
def test_a_hostile_svg_is_refused_quickly(case: str, tmp_path: Path) -> None:
    text, fragment = HOSTILE_SVGS[case]
    file = tmp_path / f"{case}.svg"
    file.write_text(text, encoding="utf-8")
    started = time.monotonic()
    problem = asset_problem(file)
    assert problem is not None and fragment in problem
    assert "expected" in problem
    assert time.monotonic() - started < 5  # bounded work, whatever the file holds


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (png_header(100_000, 100_000), ".png"),
        (b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + bytes(9)
         + b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 60_000, 60_000, 3), ".jpg"),
        (b"RIFF" + bytes(4) + b"WEBPVP8X" + struct.pack("<I", 10) + bytes(4)
         + (59_999).to_bytes(3, "little") * 2, ".webp"),
    ],
)  # fmt: skip
def test_a_raster_header_promising_billions_of_pixels_is_refused(
    header: bytes, kind: str, tmp_path: Path
) -> None:
    file = tmp_path / f"huge{kind}"
    file.write_bytes(header)
    problem = asset_problem(file)
    assert problem is not None and "too large to draw safely" in problem, problem


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_raster_headers_are_read_right(fmt: str, qtbot) -> None:
    image = QImage(123, 45, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    assert raster_size(bytes(data.data())) == ({"WEBP": "WebP"}.get(fmt, fmt), 123, 45)


def good_svgs() -> list[Path]:
    return sorted(MINI.parent.rglob("*.svg")) + sorted(CONTENT.parent.rglob("*.svg"))


@pytest.mark.parametrize("file", good_svgs(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_decks_own_images_pass(file: Path) -> None:
    assert asset_problem(file) is None


def test_an_svg_with_uses_and_gradients_within_the_limits_passes() -> None:
    fine = (
        f'<svg {SVG}><defs><linearGradient id="g"><stop offset="0"/><stop offset="1"/>'
        '</linearGradient><circle id="c" r="3" fill="url(#g)"/></defs>'
        + '<use href="#c"/>' * 50
        + "</svg>"
    )
    assert svg_problem(fine.encode()) is None
    assert svg_problem(use_bomb(levels=3).encode()) is None  # 1,000 shapes: fine


# --- validate --------------------------------------------------------------------------


def hostile_deck(make_deck) -> tuple[Path, dict[str, str]]:
    """The MINI deck with a hostile image in every place the content names one, and an SVG
    with an external reference as its logo; returns it and {JSON path: message fragment}."""
    expected: dict[str, str] = {}

    def change(data: dict) -> None:
        slides = data["slides"]
        title, cards = index_of(slides, "title"), index_of(slides, "cards")
        slide_of(data, "title")["image"] = "art/huge.png"
        expected[f"$.slides[{title}].image"] = "too large to draw safely"
        for n, case in enumerate(["use-bomb", "use-cycle", "entity-bomb"]):
            slide_of(data, "cards")["cards"][n]["icon"] = f"icons/{case}.svg"
            expected[f"$.slides[{cards}].cards[{n}].icon"] = HOSTILE_SVGS[case][1]
        slide_of(data, "bullets")["icon"] = "icons/deep.svg"
        expected[f"$.slides[{index_of(slides, 'bullets')}].icon"] = HOSTILE_SVGS["deep"][1]

    path = make_deck(change)
    for case in ("use-bomb", "use-cycle", "entity-bomb", "deep"):
        (path.parent / "icons" / f"{case}.svg").write_text(HOSTILE_SVGS[case][0], "utf-8")
    (path.parent / "art" / "huge.png").write_bytes(png_header(100_000, 100_000))
    (path.parent / LOGO).write_text(EXTERNAL, encoding="utf-8")
    return path, expected


def test_validate_reports_every_hostile_image_at_its_path(make_deck) -> None:
    path, expected = hostile_deck(make_deck)
    result = run_kiosk("validate", str(path), timeout=60)  # a hang fails, never blocks
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for where, fragment in expected.items():
        assert any(line.startswith(f"{path}: {where}: ") and fragment in line for line in lines), (
            f"{where}: {fragment!r} not in\n{result.stderr}"
        )
    logo = [line for line in lines if f"the logo '{LOGO}'" in line]
    assert logo and "refers to another file or the network" in logo[0], result.stderr


def test_validate_reports_a_use_bomb_as_the_logo(make_deck) -> None:
    path = make_deck()
    (path.parent / LOGO).write_text(use_bomb(), encoding="utf-8")
    result = run_kiosk("validate", str(path), timeout=60)
    assert result.returncode == 1
    assert f"{path}: $: the logo '{LOGO}' (shown on every page) is an SVG that would draw " in (
        result.stderr
    )


def test_validate_reports_a_missing_logo(make_deck) -> None:
    path = make_deck()
    (path.parent / LOGO).unlink()
    with pytest.raises(ContentError) as info:
        load_content(path)
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("$", f"the logo '{LOGO}' (shown on every page) not found next to the content file; "
              "expected an image file"),
    ]  # fmt: skip


def test_the_fixture_and_bundled_decks_pass() -> None:
    load_content(MINI)
    load_content(CONTENT)


# --- a running window -------------------------------------------------------------------


def _colours(pixmap) -> set[int]:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}


def test_a_running_window_keeps_its_content_and_paints_when_a_bomb_is_swapped_in(
    make_window, make_deck, qtbot, caplog
) -> None:
    path = make_deck()
    window = make_window(path=path)
    reloader = ContentReloader(window, path, poll_ms=0)
    content, slides = window.content, [s.id for s in window.content.slides]
    cards = index_of([{"kind": s.kind} for s in content.slides], "cards")
    window.go_to(cards)
    window.grab()
    caplog.set_level(logging.INFO, logger="kiosk")
    icon_file, logo_file = path.parent / "icons" / "circle.svg", path.parent / LOGO

    # swapped in place: the same names, the content file untouched
    with qtbot.waitSignal(reloader.reloaded, timeout=10_000) as result:
        icon_file.write_text(use_bomb(), encoding="utf-8")
        logo_file.write_text(use_bomb(), encoding="utf-8")
    assert result.args[0].startswith("error: ") and "would draw over" in result.args[0]
    qtbot.waitUntil(lambda: "would draw over" in reloader.last_result, timeout=5000)
    assert window.content is content
    assert [s.id for s in window.content.slides] == slides
    assert window.current_slide_id() == content.slides[cards].id

    # Whatever repaints the icons now (a resize, a new page) draws the checked bytes only.
    icons = window.findChildren(Icon)
    swapped = [i for i in icons if i.path in (icon_file, logo_file)]
    assert window.logo in swapped and len(swapped) >= 2
    for icon in icons:
        icon._cache = None
    started = time.monotonic()
    window.grab()
    window.go_to(index_of([{"kind": s.kind} for s in content.slides], "bullets"))
    window.stage.stack.currentWidget().grab()
    for icon in swapped:
        icon.pixmap()
    assert time.monotonic() - started < 30  # the bomb would take about 15 minutes
    placeholder = _colours(render_image(None, window.logo.side))
    assert _colours(window.logo.pixmap()) == placeholder
    refused = [
        r.getMessage()
        for r in caplog.records
        if r.name == "kiosk.ui.widgets" and "not shown" in r.getMessage()
    ]
    for file in (icon_file, logo_file):
        mine = [m for m in refused if str(file) in m]
        assert len(mine) == 1, refused  # logged once, however often it is drawn
        assert "would draw over" in mine[0]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("still showing the last good content" in m for m in warnings)
