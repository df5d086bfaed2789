"""Numbers, units and dates for a language, through babel's CLDR data. No Qt here.

babel is imported by the functions that use it, on first use: the kiosk's first slide
rarely needs it, and importing it costs ~15 ms of start-up.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

    from kiosk.content.model import Figure


# CLDR has no "about 40" or "40 or more" that babel exposes (its miscPatterns are not in
# babel's data), so these are written out per language; another language gets "{0}+" and
# no mark of an approximation until a line is added here (kiosk.glyphs subsets their words).
AT_LEAST = {"zh_Hans": "{0}余", "zh_Hant": "逾{0}", "en": "{0}+", "ko": "{0}여", "ja": "{0}以上"}
# English signage keeps "approx." in the figure's label: a bare "RMB 9 billion" reads faster.
ABOUT = {"zh_Hans": "约{0}", "zh_Hant": "約{0}", "en": "{0}", "ko": "약 {0}", "ja": "約{0}"}
# CLDR's currency formats are not how these readers write renminbi: its symbol patterns
# give "元90億" (ja, symbol first), "CN¥90億" (zh_Hant, ko) and "CN¥9B" (en), while the
# press writes 90億元, 人民幣90億元, 90억 위안 and RMB 9 billion. The number inside still
# comes from babel (compact: 90亿, 90億, 90억, 9 billion). Other currencies keep CLDR's.
MONEY = {
    "CNY": {
        "zh_Hans": "{0}元",
        "zh_Hant": "人民幣{0}元",
        "en": "RMB {0}",
        "ko": "{0} 위안",
        "ja": "{0}元",
    },
}


def written_as(table: dict[str, str], code: str, default: str) -> str:
    """The pattern for `code` or its parent locale (zh_Hant_HK -> zh_Hant -> zh); `default`
    where the table has none."""
    parts = code.split("_")
    for end in range(len(parts), 0, -1):
        if (found := table.get("_".join(parts[:end]))) is not None:
            return found
    return default


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
    value: float,
    code: str,
    style: str = "decimal",
    unit: str | None = None,
    at_least: bool = False,
    words: str | None = None,
) -> str:
    """The number with its unit: a CLDR `unit` through babel ("450,000 m²"), or `words`,
    the content's own pattern for what CLDR has no unit for ("{0} companies", "{0}家")."""
    from babel.units import format_unit

    number = format_number(value, code, style)
    if at_least:
        number = written_as(AT_LEAST, code, "{0}+").format(number)
    if words:
        return words.replace("{0}", number)
    if unit:
        return format_unit(number, unit, length="short", locale=code)
    return number


def parse_month(text: str) -> tuple[date, bool]:
    """('2024-11' or '2024') -> (first day, has a month)."""
    year, _sep, month = text.partition("-")
    return date(int(year), int(month or 1), 1), bool(month)


def format_month(text: str, code: str, short: bool = False) -> str:
    """ "September 2025"; `short`: the locale's abbreviated month ("Sep 2025"), which a
    timeline column or a figure tile has room for at the type scale's size (#15)."""
    from babel.dates import format_skeleton

    day, has_month = parse_month(text)
    skeleton = ("yMMM" if short else "yMMMM") if has_month else "y"
    return format_skeleton(skeleton, day, locale=code)


def format_figure(figure: Figure, code: str, short: bool = False) -> str:
    if figure.date is not None:
        return format_month(figure.date, code, short)
    assert figure.value is not None  # the model guarantees value or date
    if figure.currency:
        text = format_money(figure.value, figure.currency, code, figure.style == "compact")
    else:
        text = format_quantity(figure.value, code, figure.style, figure.unit, figure.at_least)
    return written_as(ABOUT, code, "{0}").format(text) if figure.approx else text


def format_money(value: float, currency: str, code: str, compact: bool = False) -> str:
    from babel.numbers import format_compact_currency, format_currency

    written = written_as(MONEY.get(currency, {}), code, "")
    if written:
        return written.format(format_number(value, code, "compact" if compact else "decimal"))
    if compact:
        return format_compact_currency(value, currency, locale=code, fraction_digits=2)
    return format_currency(value, currency, locale=code)
