"""Contrast of the theme's colours, by WCAG 2.x relative luminance (issue #16).

Cards and controls are told apart from the background by their outline (non-text
contrast, 3:1); text on a card needs 4.5:1. The background is a gradient, so both of its
ends count.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from kiosk.ui import theme


def luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


BACKGROUNDS = {"background": theme.BACKGROUND, "background_2": theme.BACKGROUND_2}


def test_the_formula_matches_wcag_reference_values() -> None:
    assert contrast(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#0B1B3A"), QColor("#0B1B3A")) == pytest.approx(1.0)


@pytest.mark.parametrize("ground", BACKGROUNDS)
def test_card_and_control_outlines_stand_out_from_the_background(ground: str) -> None:
    # Cards (kiosk.ui.widgets), buttons (kiosk.ui.chrome) and the cue are outlined in it.
    assert contrast(theme.SURFACE_LINE, BACKGROUNDS[ground]) >= 3.0


@pytest.mark.parametrize("ground", BACKGROUNDS)
def test_text_on_the_background_reads(ground: str) -> None:
    for color in (theme.TEXT, theme.MUTED, theme.TEAL, theme.ACCENT):
        assert contrast(color, BACKGROUNDS[ground]) >= 4.5, color.name()


def test_text_on_a_card_reads() -> None:
    for color in (theme.TEXT, theme.MUTED, theme.TEAL):
        assert contrast(color, theme.SURFACE) >= 4.5, color.name()


def test_a_card_fill_is_lighter_than_the_background() -> None:
    # A card is a raised surface: its fill is a step up from both ends of the gradient.
    for ground in BACKGROUNDS.values():
        assert luminance(theme.SURFACE) > luminance(ground)


@pytest.mark.parametrize("tone", sorted(theme.TONES))
def test_the_chart_colour_meanings_stand_out_and_carry_their_figures(tone: str) -> None:
    # A bar, part or dot of each tone stands out from the background (3:1), and a part's
    # value written on it in the background's colour (kiosk.ui.charts.parts) reads (4.5:1).
    fill = theme.TONES[tone]
    for ground in BACKGROUNDS.values():
        assert contrast(fill, ground) >= 3.0, tone
        assert contrast(theme.BACKGROUND, fill) >= 4.5, tone


def test_the_colour_meanings_are_three_different_colours() -> None:
    assert len({color.name() for color in theme.TONES.values()}) == 3
    assert theme.TONES["achieved"] == theme.TEAL and theme.TONES["planned"] == theme.ACCENT
