"""Details on tap (#14 item 5): a card, figure or milestone may carry a longer text, which
a tap opens in a panel over the page.

Content: validated like every text (every language, the glyph checks), its own editorial
limit outside the page's budget, and exported to translators. UI: the mini deck's cards
slide (id "tiles") has a detail on its first card and none on its second; a real click on
the card in the real window opens the panel, a tap outside, Escape or the idle closes it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import MINI, index_of, slide_of

from kiosk.cli import main
from kiosk.content import ContentError, load_content
from kiosk.content.limits import LIMITS, length_warnings

LANGS = ("zh_Hans", "zh_Hant", "en", "ko", "ja")


def cards_with_detail(data: dict) -> tuple[int, int]:
    """(index of the first card with a detail, index of one without) in the cards slide."""
    cards = slide_of(data, "cards")["cards"]
    return (
        next(i for i, c in enumerate(cards) if "detail" in c),
        next(i for i, c in enumerate(cards) if "detail" not in c),
    )


# --- content -----------------------------------------------------------------------------


def test_the_fixture_deck_has_details_on_a_card_a_figure_and_a_milestone():
    content = load_content(MINI)
    kinds = {slide.kind: slide for slide in content.slides}
    assert any(card.detail for card in kinds["cards"].cards)
    assert any(card.detail is None for card in kinds["cards"].cards)
    assert any(figure.detail for figure in kinds["figures"].figures)
    assert any(event.detail for event in kinds["timeline"].events)


def test_a_detail_missing_a_language_is_an_error_with_path_and_language(make_deck):
    def drop_korean(data: dict) -> None:
        card, _ = cards_with_detail(data)
        del slide_of(data, "cards")["cards"][card]["detail"]["ko"]

    path = make_deck(drop_korean)
    data = json.loads(path.read_text(encoding="utf-8"))
    card, _ = cards_with_detail(data)
    where = f"$.slides[{index_of(data['slides'], 'cards')}].cards[{card}].detail"
    with pytest.raises(ContentError) as caught:
        load_content(path)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (where, "missing translation for 'ko' (한국어); expected every language")
    ]


@pytest.mark.parametrize(
    ("char", "says"),
    [("\u202e", "bidirectional control"), ("\x07", "control character")],
)
def test_a_detail_gets_the_text_checks(make_deck, char, says):
    def spoil(data: dict) -> None:
        figure = next(f for f in slide_of(data, "figures")["figures"] if "detail" in f)
        figure["detail"]["ja"] += char

    path = make_deck(spoil)
    with pytest.raises(ContentError) as caught:
        load_content(path)
    [problem] = caught.value.problems
    assert problem.path.endswith(".detail.ja") and ".figures[" in problem.path
    assert says in problem.message


def test_a_detail_has_its_own_limit_outside_the_pages_budget(make_deck, capsys):
    words = LIMITS["detail"]["words"]

    def lengthen(data: dict) -> None:
        event = next(e for e in slide_of(data, "timeline")["events"] if "detail" in e)
        # over the page's budget alone, within the detail's own limit: no warning
        event["detail"]["en"] = " ".join(["word"] * (LIMITS["page"]["words"] + 5))

    assert length_warnings(load_content(make_deck(lengthen))) == []

    def overlong(data: dict) -> None:
        event = next(e for e in slide_of(data, "timeline")["events"] if "detail" in e)
        event["detail"]["en"] = " ".join(["word"] * (words + 3))

    path = make_deck(overlong)
    [warning] = length_warnings(load_content(path))
    assert (warning.role, warning.lang, warning.length) == ("detail", "en", words + 3)
    assert ".events[" in warning.path and warning.path.endswith(".detail.en")
    assert main(["validate", str(path)]) == 0
    assert f"{warning.path}: warning: detail in en has {words + 3} words" in capsys.readouterr().err
    assert main(["validate", "--strict", str(path)]) == 1
    assert f"{warning.path}: error: detail in en" in capsys.readouterr().err


def test_details_reach_translators_with_their_path(tmp_path: Path, capsys):
    assert main(["content", "export", str(tmp_path), "--content", str(MINI)]) == 0
    capsys.readouterr()
    with (tmp_path / "ko.po").open("rb") as stream:
        catalog = {m.context: m for m in read_po(stream) if m.context}
    data = json.loads(MINI.read_text(encoding="utf-8"))
    card, _ = cards_with_detail(data)
    context = f"$.slides[id=tiles].cards[{card}].detail"
    message = catalog[context]
    detail = slide_of(data, "cards")["cards"][card]["detail"]
    assert (message.id, message.string) == (detail["en"], detail["ko"])
    assert f"aim: at most {LIMITS['detail']['ko']} syllables" in " ".join(message.auto_comments)
    assert any(c.endswith(".detail") and ".events[" in c for c in catalog)
    assert any(c.endswith(".detail") and ".figures[" in c for c in catalog)
