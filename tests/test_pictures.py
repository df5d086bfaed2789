"""Photo pages and card pictures (issue #16 item 1) on the MEDIA fixture deck: validated by
their bytes with clear errors, decoded off the GUI thread, shown in the real window and in
renders, and a picture broken on disk skips its page while the loop goes on."""

from __future__ import annotations

import json
import logging
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from kiosk.content import ContentError, load_content
from kiosk.content.pictures import MAX_PICTURE_BYTES, picture_problem
from tests.conftest import MEDIA, MINI, ROOT, kiosk_env, run_kiosk

ORANGE = (0xFF, 0x80, 0x00)  # tests/decks/media/pictures/orange.jpg, the bleed photo
GREEN = (0x00, 0xC0, 0x40)  # green.png, the framed one
MAGENTA = (0xE0, 0x18, 0x90)  # magenta.webp, the card's picture


def photo_index(data: dict, fit: str) -> int:
    return next(i for i, s in enumerate(data["slides"]) if s["kind"] == "photo" and s["fit"] == fit)


def picture_card(data: dict) -> tuple[int, int]:
    for i, slide in enumerate(data["slides"]):
        for j, card in enumerate(slide.get("cards", [])):
            if "picture" in card:
                return i, j
    raise AssertionError("the media deck has a card with a picture")


def png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A grey PNG made here, byte by byte (the checks must not depend on Qt's writer)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    if rows is None:
        rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def problems_with(make_deck, change_files, fit: str = "bleed") -> list[tuple[str, str]]:
    """The problems `validate` reports once `change_files(folder, rel)` has replaced the
    photo page's picture (of that fit) on disk."""
    path = make_deck(source=MEDIA)
    data = json.loads(path.read_text(encoding="utf-8"))
    i = photo_index(data, fit)
    rel = change_files(path.parent, data["slides"][i]["picture"])
    if isinstance(rel, str):  # a new path in the content, not just new bytes
        data["slides"][i]["picture"] = rel
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    return [(p.path, p.message) for p in caught.value.problems]


# --- validation -------------------------------------------------------------------------


def test_the_media_deck_validates_with_both_fits_and_a_card_picture():
    content = load_content(MEDIA)
    photos = [s for s in content.slides if s.kind == "photo"]
    assert {p.fit for p in photos} == {"bleed", "frame"}
    assert any(c.picture for s in content.slides if s.kind == "cards" for c in s.cards)


def test_the_format_is_known_by_content_not_by_the_name(make_deck):
    path = make_deck(source=MEDIA)
    data = json.loads(path.read_text(encoding="utf-8"))
    i = photo_index(data, "frame")
    (path.parent / "pictures" / "green.jpg").write_bytes(png(320, 240))  # a PNG named .jpg
    data["slides"][i]["picture"] = "pictures/green.jpg"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_content(path).slides[i].picture == "pictures/green.jpg"


HOSTILE = {
    "a GIF named .jpg": (
        lambda folder, rel: (folder / rel).write_bytes(b"GIF89a" + b"\x00" * 600),
        "is a GIF; expected a JPEG, PNG or WebP picture",
    ),
    "an SVG named .jpg": (
        lambda folder, rel: (folder / rel).write_text("<svg xmlns='http://www.w3.org/2000/svg'/>"),
        "is an SVG; expected a JPEG, PNG or WebP picture",
    ),
    "a truncated JPEG": (
        lambda folder, rel: (folder / rel).write_bytes((folder / rel).read_bytes()[:-200]),
        "is a JPEG that ends before its end-of-image marker (truncated)",
    ),
    "an empty file": (
        lambda folder, rel: (folder / rel).write_bytes(b""),
        "is empty; expected a JPEG, PNG or WebP picture",
    ),
    "huge dimensions": (
        lambda folder, rel: (folder / rel).write_bytes(png(20000, 20000, rows=b"")),
        "is a PNG of 20000x20000 pixels (too large to decode safely)",
    ),
    "tiny dimensions": (
        lambda folder, rel: (folder / rel).write_bytes(png(40, 30)),
        "is a PNG of 40x30 pixels (too small to show sharp on a screen)",
    ),
    "a file too big": (
        lambda folder, rel: (folder / rel).write_bytes(
            (folder / rel).read_bytes() + b"\x00" * MAX_PICTURE_BYTES
        ),
        f"expected an image of at most {MAX_PICTURE_BYTES}",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_picture_is_refused_with_its_path_and_why(make_deck, case):
    change, expected = HOSTILE[case]
    found = problems_with(make_deck, lambda folder, rel: change(folder, rel))
    assert len(found) == 1, found
    where, message = found[0]
    assert where.startswith("$.slides[") and where.endswith("].picture"), where
    assert "pictures/orange.jpg" in message and expected in message, message


def test_a_png_damaged_or_cut_short_is_refused():
    whole = png(300, 200)
    assert picture_problem(whole) is None
    assert "truncated" in (picture_problem(whole[:-20]) or "")
    damaged = bytearray(whole)
    damaged[60] ^= 0xFF  # inside the IDAT chunk: its checksum no longer matches
    assert "checksum is wrong" in (picture_problem(bytes(damaged)) or "")
    short_rows = png(300, 200, rows=b"\x00" * 100)  # fewer pixels than the header says
    assert "incomplete pixel data" in (picture_problem(short_rows) or "")


def test_a_webp_cut_short_is_refused():
    whole = (MEDIA.parent / "pictures" / "magenta.webp").read_bytes()
    assert picture_problem(whole) is None
    assert "truncated" in (picture_problem(whole[: len(whole) // 2]) or "")


def test_a_picture_outside_the_content_folder_is_refused(make_deck, tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes((MEDIA.parent / "pictures" / "orange.jpg").read_bytes())
    for rel in ("../outside.jpg", str(outside)):
        found = problems_with(make_deck, lambda folder, _rel, rel=rel: rel)
        assert any(
            where.endswith("].picture")
            and ("leaves the content folder" in m or "expected a relative path" in m)
            for where, m in found
        ), found


def test_a_symlink_out_of_the_folder_is_refused(make_deck, tmp_path):
    outside = tmp_path / "secret.jpg"
    outside.write_bytes((MEDIA.parent / "pictures" / "orange.jpg").read_bytes())

    def link(folder: Path, rel: str) -> None:
        (folder / rel).unlink()
        (folder / rel).symlink_to(outside)

    found = problems_with(make_deck, link)
    assert [m for _w, m in found if "leaves the content folder" in m], found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(make_deck):
    def fifo(folder: Path, rel: str) -> None:
        (folder / rel).unlink()
        os.mkfifo(folder / rel)

    found = problems_with(make_deck, fifo)
    assert [m for _w, m in found if "special file" in m], found


def test_a_card_picture_is_checked_as_a_picture(make_deck):
    path = make_deck(source=MEDIA)
    data = json.loads(path.read_text(encoding="utf-8"))
    i, j = picture_card(data)
    rel = data["slides"][i]["cards"][j]["picture"]
    blob = (path.parent / rel).read_bytes()
    (path.parent / rel).write_bytes(blob[: len(blob) - 40])
    with pytest.raises(ContentError) as caught:
        load_content(path)
    [problem] = caught.value.problems
    assert problem.path == f"$.slides[{i}].cards[{j}].picture"
    assert "is a WebP that" in problem.message and "truncated" in problem.message


# --- decoding and showing ---------------------------------------------------------------


def colour_share(image, rgb: tuple[int, int, int], tolerance: int = 24) -> float:
    """The share of the image's pixels within `tolerance` of `rgb` (sampled on a grid)."""
    hits = total = 0
    step = max(4, image.width() // 160)
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            total += 1
            if all(
                abs(a - b) <= tolerance
                for a, b in zip((c.red(), c.green(), c.blue()), rgb, strict=True)
            ):
                hits += 1
    return hits / max(1, total)


def test_a_picture_is_decoded_at_the_size_it_is_drawn(qtbot):
    from PySide6.QtCore import QSize

    from kiosk.ui.app import application
    from kiosk.ui.pictures import decode

    application()
    path = MEDIA.parent / "pictures" / "orange.jpg"  # 480x270
    cover = decode(path, QSize(1000, 1000), "cover")
    assert abs(cover.width() - 1778) <= 1 and cover.height() == 1000  # 16:9, covering
    contain = decode(path, QSize(240, 240), "contain")
    assert (contain.width(), contain.height()) == (240, 135)


def go_to(window, slide_id: str, qtbot) -> None:
    """Presses Right until the slide is on screen (real key events, as a clicker sends)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for _ in range(len(window.content.slides) + 1):
        if window.current_slide_id() == slide_id:
            return
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    assert window.current_slide_id() == slide_id


def test_the_window_shows_each_picture(make_window, qtbot):
    window = make_window(size=(1280, 720), path=MEDIA)
    content = window.content
    expected = {"bleed": ORANGE, "frame": GREEN}
    for slide in content.slides:
        go_to(window, slide.id, qtbot)
        colour = expected.get(getattr(slide, "fit", ""), MAGENTA if slide.kind == "cards" else None)
        if colour is None:
            continue
        qtbot.waitUntil(lambda c=colour: colour_share(window.grab().toImage(), c) > 0.03)


def test_the_next_photo_is_decoded_before_it_is_shown(make_window, qtbot):
    """The warmer lays the next page out while this one shows: its picture is asked for and
    its snapshot taken with the picture in, so the change's first frame has it."""
    window = make_window(size=(1280, 720), path=MEDIA, transition_ms=300)
    photo = next(s for s in window.content.slides if s.kind == "photo")
    before = window.content.slides[window.content.slide_index(photo.id) - 1]
    go_to(window, before.id, qtbot)
    view = window.stage.views[window.content.slide_index(photo.id)]
    qtbot.waitUntil(lambda: view.settled() and window.stage.overlay.has(view), timeout=10_000)
    snapshot = window.stage.overlay.snapshot(view).toImage()
    assert colour_share(snapshot, ORANGE) > 0.03


def test_a_picture_broken_on_disk_skips_its_page_and_the_loop_goes_on(
    make_window, make_deck, qtbot, caplog, tmp_path
):
    from kiosk.ui.health import HealthWriter

    path = make_deck(source=MEDIA)
    data = json.loads(path.read_text(encoding="utf-8"))
    bleed = data["slides"][photo_index(data, "bleed")]
    window = make_window(size=(960, 540), path=path)  # validated with the good picture
    # then swapped for garbage of the same name (a bad copy over the good one)
    (path.parent / bleed["picture"]).write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg" * 40)
    caplog.set_level(logging.INFO)
    index = window.content.slide_index(bleed["id"])
    go_to(window, window.content.slides[index - 1].id, qtbot)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: bleed["id"] in window.broken, timeout=10_000)
    assert window.current_slide_id() != bleed["id"]  # the loop moved on
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(bleed["id"] in m for m in errors), errors
    assert any("orange.jpg" in (r.exc_text or "") for r in caplog.records), "why, in the log"
    health = HealthWriter(window, tmp_path / "health.json").snapshot()
    assert any(bleed["id"] in entry for entry in health["broken_slides"])
    for _ in range(2 * len(window.content.slides)):  # round and round: never shown again
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
        assert window.current_slide_id() != bleed["id"]


# --- render and laziness ----------------------------------------------------------------


def test_render_shows_the_pictures(tmp_path):
    from PySide6.QtGui import QImage

    result = run_kiosk(
        "render", "--content", str(MEDIA), "--lang", "en", "--size", "960x540",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    content = load_content(MEDIA)
    for i, slide in enumerate(content.slides):
        image = QImage(str(tmp_path / "en" / f"{i + 1:02d}-{slide.id}.png"))
        if slide.kind == "photo":
            colour = ORANGE if slide.fit == "bleed" else GREEN
            assert colour_share(image, colour) > 0.05, slide.id
        elif slide.kind == "cards" and any(c.picture for c in slide.cards):
            assert colour_share(image, MAGENTA) > 0.01, slide.id


def test_a_deck_without_pictures_never_imports_the_decoder():
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.content import load_content\n"
        "from kiosk.settings import Settings\n"
        "from kiosk.ui.app import application\n"
        "from kiosk.ui.window import KioskWindow\n"
        "application()\n"
        f"path = Path({str(MINI)!r})\n"
        "w = KioskWindow(load_content(path), path, Settings(content=path), lambda: 0.0)\n"
        "w.resize(960, 540); w.show()\n"
        "print(sorted(m for m in sys.modules if 'pictures' in m or m.endswith('.photo')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=kiosk_env(), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "kiosk.ui.pictures" not in out.stdout and "slides.photo" not in out.stdout, out.stdout


@pytest.mark.parametrize("size", [(1280, 720), (720, 1280)], ids=["landscape", "portrait"])
def test_bleed_texts_read_on_a_white_picture(make_window, make_deck, qtbot, size):
    """The legibility gradient: behind a bleed page's title, on the whitest picture, white
    text keeps WCAG's 4.5:1 (sampled beside the title, where no glyph is)."""
    from PySide6.QtCore import QPoint

    from kiosk.ui import theme
    from tests.test_contrast import contrast

    path = make_deck(source=MEDIA)
    data = json.loads(path.read_text(encoding="utf-8"))
    bleed = data["slides"][photo_index(data, "bleed")]
    white = b"".join(b"\x00" + b"\xff" * 640 for _ in range(360))
    (path.parent / bleed["picture"]).write_bytes(png(640, 360, rows=white))  # PNG named .jpg
    window = make_window(size=size, path=path)
    go_to(window, bleed["id"], qtbot)
    view = window.stage.views[window.content.slide_index(bleed["id"])]
    qtbot.waitUntil(view.settled)
    qtbot.waitUntil(lambda: view.picture.image is not None)
    image = window.grab().toImage()
    ratio = image.devicePixelRatio()
    title = view.title
    margin = view.block.contentsMargins().left()
    for x in (margin // 2, view.width() - margin // 2):  # in the margins either side
        for y in (title.y() + 2, title.y() + title.height() // 2):
            at = view.mapTo(window, QPoint(x, y))
            pixel = image.pixelColor(round(at.x() * ratio), round(at.y() * ratio))
            assert contrast(theme.TEXT, pixel) >= 4.5, (size, x, y, pixel.name())


def test_a_change_into_a_photo_not_yet_decoded_ends_on_its_picture(make_window, make_deck, qtbot):
    """A jump to a photo page the warmer has not reached: the change starts without the
    picture (never waits for it) and takes it in as soon as it is decoded."""
    path = make_deck(source=MEDIA)  # a fresh path: nothing of it decoded in this process
    window = make_window(size=(960, 540), path=path, transition_ms=10_000)
    window.warmer.allowed = False  # no idle preparation: the page is new when it comes
    window.warmer.timer.stop()
    bleed = next(s for s in window.content.slides if s.kind == "photo" and s.fit == "bleed")
    index = window.content.slide_index(bleed.id)
    view, overlay = window.stage.views[index], window.stage.overlay
    window.go_to(index)
    assert overlay.isVisible()  # the change runs
    qtbot.waitUntil(view.settled, timeout=10_000)
    assert overlay.isVisible(), "the change is still running when the picture arrives"
    assert colour_share(overlay.after.toImage(), ORANGE) > 0.05


def test_a_picture_is_decoded_once_per_screen_size(make_window, make_deck, qtbot, monkeypatch):
    """Decoded once for a size, whatever the loop, the language or a reload of the same
    file does; again only when the screen's size changes."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.ui import pictures

    decoded: list[tuple[str, int, int]] = []
    real = pictures.decode

    def counting(path, box, fit):
        decoded.append((Path(path).name, box.width(), box.height()))
        return real(path, box, fit)

    monkeypatch.setattr(pictures, "decode", counting)
    path = make_deck(source=MEDIA)  # a fresh path: nothing of it decoded in this process
    window = make_window(size=(960, 540), path=path)
    bleed = next(s for s in window.content.slides if s.kind == "photo" and s.fit == "bleed")
    view = window.stage.views[window.content.slide_index(bleed.id)]
    go_to(window, bleed.id, qtbot)
    qtbot.waitUntil(lambda: view.settled() and not pictures.decoder().pending)
    first = [d for d in decoded if d[0] == "orange.jpg"]
    assert len(first) == 1, decoded
    codes = window.content.language_codes
    for code in codes:  # every language, by its button, and round the loop twice
        QTest.mouseClick(window.languages.buttons[code], Qt.MouseButton.LeftButton)
    for _ in range(2 * len(window.content.slides)):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: not pictures.decoder().pending and not window.warmer.isActive())
    assert [d for d in decoded if d[0] == "orange.jpg"] == first
    window.resize(1280, 720)  # another screen size: decoded again, for it
    go_to(window, bleed.id, qtbot)
    qtbot.waitUntil(lambda: view.settled() and not pictures.decoder().pending)
    sizes = [d[1:] for d in decoded if d[0] == "orange.jpg"]
    assert len(sizes) == 2 and sizes[1] != sizes[0], decoded


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_a_framed_picture_starts_at_the_page_grid_s_top_line(qtbot, size):
    from tests.test_page_grid import KEPT, content_top, placed

    deck = load_content(MEDIA)
    framed = next(s for s in deck.slides if s.kind == "photo" and s.fit == "frame")
    cards = next(s for s in deck.slides if s.kind == "cards")
    for lang in ("en", "ja"):
        photo_top = content_top(placed(framed, MEDIA.parent, size, lang, qtbot))
        assert photo_top == content_top(placed(cards, MEDIA.parent, size, lang, qtbot))
    KEPT.clear()  # the screens the views were placed on


def test_pages_built_after_the_first_frame_get_their_pictures(qtbot, make_deck):
    """kiosk run builds the other pages after the first frame (defer_views): a photo page
    and a picture card built then are asked about and shown like any other."""
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    path = make_deck(source=MEDIA)
    window = KioskWindow(
        load_content(path), path, Settings(content=path), lambda: 0.0, defer_views=True
    )
    qtbot.addWidget(window)
    window.resize(960, 540)
    window.show()
    qtbot.waitExposed(window)
    views = window.stage.views
    assert all(v.settled() for v in views)  # unbuilt pages ask nothing yet
    photo = next(i for i, s in enumerate(window.content.slides) if s.kind == "photo")
    qtbot.waitUntil(lambda: all(v.is_built for v in views), timeout=10_000)
    go_to(window, window.content.slides[photo].id, qtbot)
    qtbot.waitUntil(views[photo].settled, timeout=10_000)
    assert views[photo].picture.image is not None
    window.allow_close = True
    window.close()
