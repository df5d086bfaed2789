"""Numbers, units and dates for a language, through babel's CLDR data. No Qt here.

babel is imported by the functions that use it, on first use: the kiosk's first slide
rarely needs it, and importing it costs ~15 ms of start-up.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from kiosk.i18n import _

if TYPE_CHECKING:
    from babel import Locale

    from kiosk.content.model import Figure


@cache
def locale(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(code)


@cache
def counts_in_myriads(code: str) -> bool:
    """True where CLDR writes 10,000 as one unit (万, 萬, 만): compact numbers read naturally."""
    pattern = locale(code).compact_decimal_formats["short"]["other"].get("10000")
    return pattern is not None and str(pattern.pattern).count("0") == 1


def format_number(value: float, code: str, style: str = "decimal") -> str:
    from babel.numbers import format_compact_decimal, format_decimal, format_percent

    if style == "percent":
        return format_percent(value, locale=code, decimal_quantization=False)
    if style == "compact" and counts_in_myriads(code):
        return format_compact_decimal(value, locale=code, fraction_digits=2)
    if style == "compact" and value >= 1_000_000:  # "9 billion" reads better than 9,000,000,000
        return format_compact_decimal(value, locale=code, format_type="long", fraction_digits=2)
    return format_decimal(value, locale=code, decimal_quantization=False)


def format_quantity(
    value: float, code: str, style: str = "decimal", unit: str | None = None, at_least: bool = False
) -> str:
    from babel.units import format_unit

    number = format_number(value, code, style)
    if at_least:
        # Translators: a number that is a lower bound, as in "40+ countries".
        number = _("{number}+").format(number=number)
    if unit:
        return format_unit(number, unit, length="short", locale=code)
    return number


def parse_month(text: str) -> tuple[date, bool]:
    """('2024-11' or '2024') -> (first day, has a month)."""
    year, _sep, month = text.partition("-")
    return date(int(year), int(month or 1), 1), bool(month)


def format_month(text: str, code: str) -> str:
    from babel.dates import format_skeleton

    day, has_month = parse_month(text)
    return format_skeleton("yMMMM" if has_month else "y", day, locale=code)


def format_figure(figure: Figure, code: str) -> str:
    if figure.date is not None:
        return format_month(figure.date, code)
    assert figure.value is not None  # the model guarantees value or date
    if figure.currency:
        return format_money(figure.value, figure.currency, code, figure.style == "compact")
    return format_quantity(figure.value, code, figure.style, figure.unit, figure.at_least)


def format_money(value: float, currency: str, code: str, compact: bool = False) -> str:
    from babel.numbers import format_compact_currency, format_currency

    if compact:
        return format_compact_currency(value, currency, locale=code, fraction_digits=2)
    return format_currency(value, currency, locale=code)
