"""The window follows the content's schedule: pages leave and come back without a restart,
a visit's welcome page opens the loop in the guests' language (also after the idle reset),
the display-off hours are black. The park's clock is the window's injectable now(); the
schedule's timer slot (check_schedule) is called where a test moves that clock."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.content import load_content
from kiosk.settings import Settings
from kiosk.ui.health import HealthWriter
from kiosk.ui.window import KioskWindow
from tests.conftest import home_slide, run_kiosk, slide_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
LANGS = ("zh_Hans", "zh_Hant", "en", "ko", "ja")
WELCOME = {code: f"환영 Welcome {code}" for code in LANGS}


class ParkClock:
    """The park's calendar, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 9, 9, 0, tzinfo=SHANGHAI)  # a Wednesday

    def __call__(self) -> datetime:
        return self.now

    def set(self, *args: int) -> None:
        self.now = datetime(*args, tzinfo=SHANGHAI)


def timed(data: dict) -> None:
    data["time_zone"] = "Asia/Shanghai"
    slide_of(data, "figures")["schedule"] = {"hours": "10:00-12:00"}
    data["display_off"] = [{"hours": "22:00-07:00"}]
    data["visits"] = [
        {
            "id": "seoul",
            "from": "2026-12-09T14:00",
            "until": "2026-12-09T16:00",
            "language": "ko",
            "welcome": {"title": WELCOME},
        }
    ]


@pytest.fixture
def park_window(qtbot, clock, make_deck):
    """A window on a MINI deck with a schedule, a visit and display-off hours."""
    from kiosk.ui.app import application

    application()
    path = make_deck(timed)
    park = ParkClock()
    window = KioskWindow(
        load_content(path), path, Settings(content=path, transition_ms=0), clock, now=park
    )
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    yield window, park, clock
    window.allow_close = True


def shown_ids(window: KioskWindow) -> list[str]:
    return [view.slide.id for view in window.stage.views]


def figures_id(window: KioskWindow) -> str:
    return next(s.id for s in window.source.slides if s.kind == "figures")


def test_a_page_leaves_and_comes_back_on_time(park_window):
    window, park, _clock = park_window
    page = figures_id(window)
    assert page not in shown_ids(window)  # 09:00, outside 10:00-12:00
    # armed for 10:00, an hour ahead, but never more than 30 s: reads the clock again
    assert 0 < window.schedule_timer.remainingTime() <= 30_200
    park.set(2026, 12, 9, 10, 0)
    window.check_schedule()
    assert page in shown_ids(window) and page in [s.id for s in window.content.slides]
    assert window.position.count == len(window.source.slides)
    park.set(2026, 12, 9, 11, 59, 59)
    window.check_schedule()
    assert 0 < window.schedule_timer.remainingTime() <= 1_300  # 12:00 is a second away
    park.set(2026, 12, 9, 12, 0)
    window.check_schedule()
    assert page not in shown_ids(window)


def test_a_visit_opens_the_loop_in_the_guests_language(park_window, qtbot):
    window, park, clock = park_window
    assert window.lang == "en"
    park.set(2026, 12, 9, 14, 0)
    window.check_schedule()
    assert window.current_slide_id() == "visit-seoul"
    assert window.lang == "ko"
    assert window.stage.page().slide.title == WELCOME
    # a visitor picks English; after the idle reset the kiosk is back with the guests
    qtbot.mouseClick(window.languages.buttons["en"], Qt.MouseButton.LeftButton)
    assert window.lang == "en"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_slide_id() != "visit-seoul"
    clock.now += window.navigator.config.idle_home + 1
    qtbot.waitUntil(lambda: window.lang == "ko", timeout=5000)
    assert window.current_slide_id() == "visit-seoul"


def test_the_end_of_a_visit(park_window):
    window, park, _clock = park_window
    park.set(2026, 12, 9, 15, 0)
    window.check_schedule()
    assert window.lang == "ko"
    park.set(2026, 12, 9, 16, 0)
    window.check_schedule()
    assert "visit-seoul" not in shown_ids(window)
    assert window.lang == "en" and window.content.default_language == "en"
    assert shown_ids(window) == [s.id for s in window.source.slides if s.kind != "figures"]


def test_display_off_at_night_stays_off_on_a_touch(park_window, qtbot, caplog):
    window, park, _clock = park_window
    caplog.set_level(logging.INFO, logger="kiosk.ui.display")
    park.set(2026, 12, 9, 22, 0)
    window.check_schedule()
    blackout = window.blackout
    assert blackout.isVisible() and blackout.geometry() == window.rect()
    assert window.childAt(QPoint(640, 360)) is blackout  # nothing else shows or takes a tap
    picture = window.grab().toImage()
    assert {picture.pixelColor(x, y).name() for x in (5, 640, 1270) for y in (5, 360, 715)} == {
        "#000000"
    }
    assert "power saving (DPMS) not available" in caplog.text  # offscreen: no X11
    before = window.current_slide_id()
    # a tap where the "next" button is lands on the black, not on the button
    button = window.next_button
    where = button.mapTo(window, button.rect().center())
    assert window.childAt(where) is blackout
    qtbot.mouseClick(blackout, Qt.MouseButton.LeftButton, pos=blackout.mapFrom(window, where))
    assert blackout.isVisible() and window.current_slide_id() == before
    for key in (Qt.Key.Key_Right, Qt.Key.Key_End):  # nor does a key
        QTest.keyClick(window.windowHandle(), key)
    assert blackout.isVisible() and window.current_slide_id() == before
    park.set(2026, 12, 10, 6, 59)
    window.check_schedule()
    assert blackout.isVisible()
    assert caplog.text.count("power saving (DPMS) not available") == 1  # said once
    park.set(2026, 12, 10, 7, 0)
    window.check_schedule()
    assert not blackout.isVisible()
    assert window.current_slide_id() == home_slide(window.content) and window.lang == "en"


def test_health_says_display_off_and_visit(park_window, tmp_path):
    window, park, _clock = park_window
    health = HealthWriter(window, tmp_path / "health.json")
    park.set(2026, 12, 9, 14, 30)
    window.check_schedule()
    assert health.write()
    data = json.loads((tmp_path / "health.json").read_text(encoding="utf-8"))
    assert (data["visit"], data["display_off"], data["language"]) == ("seoul", False, "ko")
    park.set(2026, 12, 9, 23, 0)
    window.check_schedule()
    assert health.write()
    data = json.loads((tmp_path / "health.json").read_text(encoding="utf-8"))
    assert (data["visit"], data["display_off"]) == (None, True)


def test_a_reload_keeps_following_the_schedule(park_window, make_deck):
    window, park, _clock = park_window
    park.set(2026, 12, 9, 14, 30)
    window.check_schedule()
    path = make_deck(timed)
    window.set_content(load_content(path), path)  # what the reloader does
    assert window.current_slide_id() == "visit-seoul" and window.lang == "ko"


@pytest.mark.slow
def test_render_at_shows_the_deck_of_that_moment(make_deck, tmp_path):
    path = make_deck(timed)
    data = json.loads(path.read_text(encoding="utf-8"))
    page = slide_of(data, "figures")["id"]
    out = tmp_path / "out"
    result = run_kiosk(
        "render", "--content", str(path), "--out", str(out), "--at", "2026-12-09T14:30"
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (out / "ko").glob("*.png"))  # the guests' language
    assert names[0] == "01-visit-seoul.png"
    assert not any(page in name for name in names)  # 14:30: outside its 10:00-12:00
    assert len(names) == len(data["slides"])  # the welcome page instead of the figures
    morning = tmp_path / "morning"
    result = run_kiosk(
        "render", "--content", str(path), "--out", str(morning), "--at", "2026-12-09T02:00:00+00:00"
    )
    assert result.returncode == 0, result.stderr  # 10:00 in Shanghai
    names = sorted(p.name for p in (morning / "en").glob("*.png"))
    assert any(name.endswith(f"-{page}.png") for name in names) and len(names) == len(
        data["slides"]
    )
    assert not any("visit" in name for name in names)
    bad = run_kiosk("render", "--content", str(path), "--out", str(out), "--at", "noon")
    assert bad.returncode == 2 and "expected an ISO time" in bad.stderr


def test_no_slide_in_its_window_shows_every_page(make_window, make_deck, caplog):
    def closed(data):
        data["time_zone"] = "Asia/Shanghai"
        for slide in data["slides"]:
            slide["schedule"] = {"until": "2020-01-01"}

    caplog.set_level(logging.WARNING, logger="kiosk.ui.window")
    path = make_deck(closed)
    window = make_window(path=path)  # today, long after 2020
    assert shown_ids(window) == [s.id for s in window.source.slides]
    assert not window.blackout.isVisible()
    assert "no slide is in its schedule now: every page shows" in caplog.text


def test_the_reloader_watches_the_images_of_pages_out_of_their_window(park_window, make_deck):
    from kiosk.ui.reload import ContentReloader

    window, park, _clock = park_window
    path = window.source_path
    data = json.loads(path.read_text(encoding="utf-8"))
    slide_of(data, "cards")["schedule"] = {"weekdays": ["sun"]}  # 2026-12-09 is a Wednesday
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window.set_content(load_content(path), path)
    cards = slide_of(data, "cards")
    assert cards["id"] not in shown_ids(window)
    reloader = ContentReloader(window, path)
    icons = {path.parent / card["icon"] for card in cards["cards"] if card.get("icon")}
    assert icons and icons <= set(reloader.assets)
