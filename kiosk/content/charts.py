"""Charts in the content file, as records like those of model.py. No Qt here: ui/charts draws them.

Lengths that must agree (labels and values, labels and dates) are checked after parsing
in validate.py, where each problem gets the JSON path of the list that is off.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Annotated, Any, Literal

from kiosk.content.schedules import Window
from kiosk.content.types import STRICT, MonthOrYear, Rule, Seconds, SlideId, Text, UnitId, record

# A quantity a chart can show: never negative (a floor area, a count, a share), always finite.
Amount = Annotated[float, Rule(ge=0, le=1e15)]
Style = Literal["decimal", "compact", "percent"]
# What a bar, part or milestone stands for, in the deck's one colour meaning (kiosk.ui.theme):
# achieved (or now, or what the chart is about), planned (a target, what is to come), other.
Tone = Literal["achieved", "planned", "other"]
Tones = Annotated[list[Tone], Rule(max_length=10)]


@record
class ChartBase:
    __pydantic_config__ = STRICT
    id: SlideId
    duration: Seconds | None = None
    schedule: Window | None = None  # when it is in the loop; always, without one
    title: Text
    source: Text  # where the figures come from, shown under the chart


@record
class Bars(ChartBase):
    """Categories with one value each, drawn as horizontal bars; optionally an aim to reach."""

    kind: Literal["bars"]
    unit: UnitId | None = None
    style: Style = "decimal"
    labels: Annotated[list[Text], Rule(min_length=1, max_length=8)]
    values: Annotated[list[Amount], Rule(min_length=1, max_length=8)]
    # per value: true shows it as a lower bound ("40+"); empty means none is
    at_least: Annotated[list[bool], Rule(max_length=8)] = field(default_factory=list)
    target: Amount | None = None
    target_label: Text | None = None
    unit_label: Text | None = None  # the count's words, "{0}" for the number: "{0} firms"
    tones: Tones = field(default_factory=list)  # per value; empty: all achieved


@record
class Parts(ChartBase):
    """Parts of a whole, drawn as one stacked bar with the total at its end."""

    kind: Literal["parts"]
    unit: UnitId | None = None
    style: Style = "decimal"
    labels: Annotated[list[Text], Rule(min_length=2, max_length=6)]
    values: Annotated[list[Amount], Rule(min_length=2, max_length=6)]
    total_label: Text | None = None
    unit_label: Text | None = None
    tones: Tones = field(default_factory=list)  # per part; empty: the first achieved, others other


@record
class Timeline(ChartBase):
    """Dated events on a time axis, in date order."""

    kind: Literal["timeline"]
    labels: Annotated[list[Text], Rule(min_length=2, max_length=10)]
    dates: Annotated[list[MonthOrYear], Rule(min_length=2, max_length=10)]
    tones: Tones = field(default_factory=list)  # per event; empty: all achieved


@record
class Progress(ChartBase):
    """One count on its way to an aim ("49 of about 150"), drawn as a ring."""

    kind: Literal["progress"]
    label: Text  # what is counted
    value: Amount
    target: Amount
    target_label: Text | None = None  # how the aim is put: "Aim: close to 150"
    unit: UnitId | None = None
    unit_label: Text | None = None
    style: Style = "decimal"


Chart = Annotated[Bars | Parts | Timeline | Progress, Rule(discriminator="kind")]
CHART_KINDS: tuple[str, ...] = ("bars", "parts", "timeline", "progress")


def chart_problems(charts: list[Chart]) -> Iterator[tuple[str, str]]:
    """(JSON path, message) for what one field cannot say alone: ids, order, a whole."""
    first: dict[str, int] = {}
    for i, chart in enumerate(charts):
        where = f"$.charts[{i}]"
        if chart.id in first:
            yield (
                f"{where}.id",
                f"duplicate chart id {chart.id!r} (also at $.charts[{first[chart.id]}]); "
                "expected each id once",
            )
        first.setdefault(chart.id, i)
        if chart.kind == "timeline" and chart.dates != sorted(chart.dates):
            yield (f"{where}.dates", "not in date order; expected the earliest first")
        if chart.kind == "parts" and not sum(chart.values) > 0:
            yield (f"{where}.values", "all parts are 0; expected a whole to divide")
        if chart.kind == "bars" and chart.target_label is not None and chart.target is None:
            yield (f"{where}.target_label", "there is no 'target'; expected one with it")
        if chart.kind == "progress" and not chart.target > 0:
            yield (f"{where}.target", "is 0; expected an aim above 0")
        elif chart.kind == "progress" and chart.value > chart.target:
            yield (f"{where}.value", "is more than 'target'; expected at most the target")
        yield from unit_label_problems(chart, where)


def unit_label_problems(chart: Chart, where: str) -> Iterator[tuple[str, str]]:
    """A unit_label is a pattern: the number goes where "{0}" is, once, in every language."""
    words = getattr(chart, "unit_label", None)
    if words is None:
        return
    if getattr(chart, "unit", None) is not None:
        yield (f"{where}.unit_label", "given with 'unit'; expected one of the two")
    for lang, text in words.items():
        if text.count("{0}") != 1:
            yield (
                f"{where}.unit_label.{lang}",
                f"{text!r} has no single '{{0}}'; expected one where the number goes",
            )


PAIRED = ("values", "dates", "at_least", "tones")  # lists that need one item per label


def pairing_problems(document: Any) -> Iterator[tuple[str, str]]:
    """(JSON path, message) for lists that do not pair up with 'labels', read from the raw
    JSON, so they are reported together with any other problem of the file."""
    charts = document.get("charts") if isinstance(document, dict) else None
    for i, chart in enumerate(charts if isinstance(charts, list) else []):
        labels = chart.get("labels") if isinstance(chart, dict) else None
        if not isinstance(labels, list):
            continue
        for name in PAIRED:
            items = chart.get(name)
            if isinstance(items, list) and items and len(items) != len(labels):
                yield (
                    f"$.charts[{i}].{name}",
                    f"has {len(items)} items for {len(labels)} labels; expected one per label",
                )
