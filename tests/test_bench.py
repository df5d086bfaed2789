"""`kiosk bench --quick` runs end to end and reports every figure (no timing is asserted)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_kiosk

pytestmark = pytest.mark.slow  # about 30 s: run by .ci/run, not by plain pytest

KEYS = {
    "startup_s",
    "floor_startup_s",
    "startup_ratio",
    "slide_switch_ms_p50",
    "slide_switch_ms_p95",
    "transition_frame_ms_1080p",
    "transition_frame_ms_4k",
    "drag_frame_ms_4k",
    "language_switch_ms_p50",
    "charts_first_render_ms",
    "rss_mb_start",
    "rss_mb_after_soak",
    "soak_slide_changes",
    "soak_language_switches",
    "rss_mb_steady",
    "rss_mb_after_100_reloads",
    "rss_mb_after_page_changes",
    "memory_page_changes",
    "video_page_first_frame_ms",  # ffmpeg makes its clip (tools/setup.sh --test installs it)
    "video_page_change_ms",
    "budget_failures",
}
GROWTH = {"rss_growth_mb_100_reloads", "rss_growth_mb_page_changes"}  # may be 0 or below


def test_bench_quick_reports_every_figure():
    result = run_kiosk("bench", "--quick", "--json", timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures.keys() >= KEYS | GROWTH | {"memory_platform"}
    for key in GROWTH:
        assert isinstance(figures[key], int | float), key
    for key in KEYS - {"budget_failures"}:
        assert isinstance(figures[key], int | float) and figures[key] > 0, key
    assert figures["soak_slide_changes"] >= 300 and figures["soak_language_switches"] >= 40
    assert figures["soak_exceptions"] == 0
