"""A short soak of the real window: no exceptions, no runaway memory. No timing asserts.

On the MINI fixture deck; the failing slide is found by its kind."""

from __future__ import annotations

import json

import pytest

from kiosk.soak import run_soak
from tests.conftest import MINI, run_kiosk, slide_of


@pytest.mark.slow  # 300 changes and 40 switches: ~12 s, run by .ci/run
def test_short_soak_has_no_exceptions_and_bounded_memory(qapp):
    result = run_soak(MINI, slide_changes=300, language_switches=40, transition_ms=20)
    assert result["exceptions"] == 0, result["exception_messages"]
    assert result["slide_changes"] == 300
    assert result["language_switches"] == 40
    if result["rss_mb_start"] is not None:
        assert result["rss_mb_end"] - result["rss_mb_start"] < 30, result


def test_soak_counts_a_failing_slide_as_exceptions(qapp, monkeypatch):
    from kiosk.ui.slides.timeline import TimelineView

    def boom(*_args):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(TimelineView, "relayout", boom)
    timeline = slide_of(json.loads(MINI.read_text(encoding="utf-8")), "timeline")["id"]
    result = run_soak(MINI, slide_changes=30, language_switches=3, transition_ms=0)
    assert result["exceptions"] >= 1
    assert any(timeline in m for m in result["exception_messages"])
    assert result["slide_changes"] == 30  # the loop went on


def test_soak_command_prints_json():
    result = run_kiosk(
        "soak", "--slides", "20", "--languages", "4", "--json", "--content", str(MINI)
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["slide_changes"] == 20 and report["language_switches"] == 4
    assert report["exceptions"] == 0
    assert {"rss_mb_start", "rss_mb_end"} <= report.keys()
