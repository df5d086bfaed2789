"""Money, approximate values and lower bounds as each language's readers write them.

kiosk.formatting is Qt-free: these tests build no widget.
"""

from __future__ import annotations

import pytest

from kiosk.content.model import Figure
from kiosk.formatting import format_figure, format_money, format_quantity

LABEL = {"en": "Total investment"}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_Hans", "约90亿元"),
        ("zh_Hant", "約人民幣90億元"),
        ("en", "RMB 9 billion"),  # "approx." stays in the English label
        ("ko", "약 90억 위안"),
        ("ja", "約90億元"),
    ],
)
def test_an_approximate_renminbi_sum_reads_as_the_press_writes_it(lang, expected):
    figure = Figure(value=9e9, currency="CNY", style="compact", approx=True, label=LABEL)
    assert format_figure(figure, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_Hans", "3亿元"),
        ("zh_Hant", "人民幣3億元"),
        ("en", "RMB 300 million"),
        ("ko", "3억 위안"),
        ("ja", "3億元"),
        ("ko_KR", "3억 위안"),  # a regional variant takes its parent's pattern
    ],
)
def test_renminbi_without_a_symbol_in_front(lang, expected):
    assert format_money(3e8, "CNY", lang, compact=True) == expected


def test_other_currencies_and_exact_sums_keep_babels_own_forms():
    assert format_money(9e9, "USD", "en", compact=True) == "$9B"
    assert format_money(1500, "CNY", "en") == "RMB 1,500"
    assert format_money(1500, "CNY", "zh_Hans") == "1,500元"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh_Hans", "40余"), ("zh_Hant", "逾40"), ("en", "40+"), ("ko", "40여"), ("ja", "40以上")],
)
def test_a_lower_bound_is_written_per_language(lang, expected):
    assert format_quantity(40, lang, at_least=True) == expected
    figure = Figure(value=40, at_least=True, label=LABEL)
    assert format_figure(figure, lang) == expected


def test_a_language_without_an_entry_falls_back_to_plus_and_no_approximation_mark():
    assert format_quantity(40, "de", at_least=True) == "40+"
    figure = Figure(value=170000, unit="area-square-meter", approx=True, label=LABEL)
    assert format_figure(figure, "de") == "170.000 m²"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_Hans", "约17万平方米"),
        ("zh_Hant", "約17萬 平方公尺"),
        ("en", "170,000 m²"),
        ("ko", "약 17만m²"),
        ("ja", "約17万 m²"),
    ],
)
def test_an_approximate_area_is_marked_before_the_number(lang, expected):
    figure = Figure(
        value=170000, unit="area-square-meter", style="compact", approx=True, label=LABEL
    )
    assert format_figure(figure, lang) == expected


def test_a_date_figure_is_never_approximate():
    with pytest.raises(ValueError, match="date figure"):
        Figure(date="2024-11", approx=True, label=LABEL)
