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


@record
class Parts(ChartBase):
    """Parts of a whole, drawn as one stacked bar with the total at its end."""

    kind: Literal["parts"]
    unit: UnitId | None = None
    style: Style = "decimal"
    labels: Annotated[list[Text], Rule(min_length=2, max_length=6)]
    values: Annotated[list[Amount], Rule(min_length=2, max_length=6)]
    total_label: Text | None = None


@record
class Timeline(ChartBase):
    """Dated events on a time axis, in date order."""

    kind: Literal["timeline"]
    labels: Annotated[list[Text], Rule(min_length=2, max_length=10)]
    dates: Annotated[list[MonthOrYear], Rule(min_length=2, max_length=10)]


Chart = Annotated[Bars | Parts | Timeline, Rule(discriminator="kind")]
CHART_KINDS: tuple[str, ...] = ("bars", "parts", "timeline")


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


PAIRED = ("values", "dates", "at_least")  # lists that need one item per label


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
