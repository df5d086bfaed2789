"""Figures in one grid, and dates on one timeline, are drawn at one pixel size: the
largest at which all of them fit (issue #15), so a long one ("123,456,789,012 m²",
"2024年11月") is not drawn smaller than its neighbours ("7+", "2021年")."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_kiosk, slide_of


def long_figure_and_date(data: dict) -> None:
    figures = slide_of(data, "figures")["figures"]
    figures[0].update(value=123456789012, style="decimal")  # long; the others stay short
    timeline = slide_of(data, "timeline")
    text = timeline["events"][0]["text"]
    # Narrow columns: the month dates no longer fit at full size, the years still do.
    months = [f"2022-{m:02d}" for m in (1, 3, 5, 7, 9, 11)]
    timeline["events"] = (
        [{"date": "2021", "text": text}]
        + [{"date": d, "text": text} for d in months]
        + [{"date": "2023", "text": text}, {"date": "2024", "text": text}]
    )


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_figures_and_dates_share_one_size(make_deck, tmp_path, size):
    deck = make_deck(long_figure_and_date)
    data = json.loads(deck.read_text(encoding="utf-8"))
    ids = [slide_of(data, kind)["id"] for kind in ("figures", "timeline")]
    out = tmp_path / "out"
    result = run_kiosk(
        "render", "--content", str(deck), "--lang", "en,zh_Hant", "--pages", ",".join(ids),
        "--size", f"{size[0]}x{size[1]}", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    uneven = []
    for lang in ("en", "zh_Hant"):
        report = json.loads((out / lang / "layout.json").read_text(encoding="utf-8"))
        pages = {page["id"]: page for page in report["pages"]}
        for page_id, role, items in (
            (ids[0], "figure", slide_of(data, "figures")["figures"]),
            (ids[1], "date", slide_of(data, "timeline")["events"]),
        ):
            boxes = [box for box in pages[page_id]["boxes"] if box["role"] == role]
            assert len(boxes) == len(items), (lang, role)
            if len({box["px"] for box in boxes}) > 1:
                uneven.append((lang, role, [(b["lines"], b["px"]) for b in boxes]))
    assert not uneven, uneven
