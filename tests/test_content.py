"""The content model and its validator: a good deck, precise problems, random damage.

The tests run on the small fixture deck (tests/decks/mini) and find pages by kind; every
expected JSON path and count is computed from the deck's own data.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content import SLIDE_KINDS, Content, ContentError, asset_paths, load_content
from kiosk.content.validate import ASSET_FIELDS, MAX_PROBLEMS
from tests.conftest import CONTENT, MINI, index_of, slide_of, write


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(ContentError) as info:
        load_content(path)
    return [(p.path, p.message) for p in info.value.problems]


def one_problem(path: Path, where: str, fragment: str) -> None:
    found = problems(path)
    assert any(p == where and fragment in m for p, m in found), found


def at(data: dict, kind: str) -> str:
    """The JSON path of the first slide of this kind, e.g. "$.slides[2]"."""
    return f"$.slides[{index_of(data['slides'], kind)}]"


def broken(make_deck: Callable[..., Path], change: Callable[[dict], object]) -> tuple[Path, dict]:
    """A fixture deck changed by `change`: its path and its data as written."""
    path = make_deck(change)
    return path, json.loads(path.read_text(encoding="utf-8"))


def assets_in(node: Any) -> list[str]:
    """Every asset path written in parsed content (icon and image fields)."""
    if isinstance(node, dict):
        return [
            found
            for key, value in node.items()
            for found in ([value] if key in ASSET_FIELDS and isinstance(value, str) else [])
            + assets_in(value)
        ]
    if isinstance(node, list):
        return [found for value in node for found in assets_in(value)]
    return []


# --- good files --------------------------------------------------------------------------


def test_a_good_deck_loads() -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    content = load_content(MINI)
    assert isinstance(content, Content)
    assert content.language_codes == [lang["code"] for lang in data["languages"]]
    assert content.default_language == data["default_language"]
    assert [s.id for s in content.slides] == [s["id"] for s in data["slides"]]
    assert [s.kind for s in content.slides] == [s["kind"] for s in data["slides"]]
    # the deck has every kind but the media ones (photo, video: tests/decks/media)
    assert {s.kind for s in content.slides} == set(SLIDE_KINDS) - {"photo", "video"}
    for i, slide in enumerate(data["slides"]):
        assert content.slide_index(slide["id"]) == i
    assert content.slide_index("no-such-slide") is None
    for slide in content.slides:  # every text in every language
        assert set(slide.title) == set(content.language_codes)


def test_the_bundled_deck_loads_with_every_text_in_every_language() -> None:
    # Holds for any valid edit of the bundled file: its own languages, its own slides.
    data = json.loads(CONTENT.read_text(encoding="utf-8"))
    content = load_content(CONTENT)
    assert content.language_codes == [lang["code"] for lang in data["languages"]]
    assert [s.id for s in content.slides] == [s["id"] for s in data["slides"]]
    for slide in content.slides:
        assert set(slide.title) == set(content.language_codes)


@pytest.mark.parametrize("path", [MINI, CONTENT], ids=["mini", "bundled"])
def test_assets_exist_inside_the_folder(path: Path) -> None:
    content = load_content(path)
    found = list(asset_paths(content))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(rel for _, rel in found) == sorted(assets_in(data))
    if path == MINI:
        assert found, "the fixture deck uses assets"
    for where, rel in found:
        assert where.startswith(("$.slides[", "$.charts[")), where
        target = (path.parent / rel).resolve()
        assert target.is_file() and target.is_relative_to(path.parent.resolve())


def test_a_copy_in_another_folder_loads(make_deck: Callable[..., Path]) -> None:
    path = make_deck()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path.parent != MINI.parent
    assert [s.id for s in load_content(path).slides] == [s["id"] for s in data["slides"]]


# --- precise problems ------------------------------------------------------------------------


def test_wrong_types_are_not_coerced(make_deck: Callable[..., Path]) -> None:
    def change(data: dict) -> None:
        figures = slide_of(data, "figures")
        figures["duration"] = "12"
        figures["figures"][0]["value"] = True
        slide_of(data, "title")["title"] = "Welcome"

    path, data = broken(make_deck, change)
    found = problems(path)
    figures, title = at(data, "figures"), at(data, "title")
    assert (f"{figures}.duration", 'got "12"; expected a valid number') in found
    assert (f"{figures}.figures[0].value", "got true; expected a valid number") in found
    assert (f"{title}.title", 'got "Welcome"; expected an object') in found


def test_missing_field_in_a_card_points_at_the_field(make_deck: Callable[..., Path]) -> None:
    # A card's `title` shares its name with the slide kind "title": the path must keep it.
    path, data = broken(make_deck, lambda d: slide_of(d, "cards")["cards"][0].pop("title"))
    one_problem(path, f"{at(data, 'cards')}.cards[0].title", "missing")


def test_unknown_and_missing_kind(make_deck: Callable[..., Path]) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    video, kindless = at(data, "bullets"), at(data, "timeline")

    def change(data: dict) -> None:
        slide_of(data, "bullets")["kind"] = "movie"
        del slide_of(data, "timeline")["kind"]

    found = problems(make_deck(change))
    assert (
        video,
        "unknown slide kind 'movie'; expected one of " + ", ".join(SLIDE_KINDS),
    ) in found
    assert any(p == kindless and "missing 'kind'" in m for p, m in found)


def test_duplicate_ids_name_both_places(make_deck: Callable[..., Path]) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    first, later = sorted(index_of(data["slides"], k) for k in ("figures", "bullets"))

    def change(data: dict) -> None:
        data["slides"][later]["id"] = data["slides"][first]["id"]

    one_problem(make_deck(change), f"$.slides[{later}].id", f"also at $.slides[{first}]")


def test_missing_translation_in_text_and_in_a_list_of_texts(
    make_deck: Callable[..., Path],
) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    dropped, other = data["languages"][-1], data["languages"][0]
    last_point = len(slide_of(data, "bullets")["points"]) - 1

    def change(data: dict) -> None:
        del data["park"]["short_name"][dropped["code"]]
        del slide_of(data, "bullets")["points"][last_point][other["code"]]

    found = problems(make_deck(change))
    assert (
        "$.park.short_name",
        f"missing translation for {dropped['code']!r} ({dropped['label']}); "
        "expected every language",
    ) in found
    assert any(
        p == f"{at(data, 'bullets')}.points[{last_point}]" and repr(other["code"]) in m
        for p, m in found
    )
    assert len(found) == 2


def test_language_not_offered_and_malformed_language_key(make_deck: Callable[..., Path]) -> None:
    path, data = broken(make_deck, lambda d: slide_of(d, "title")["title"].update(fr="Bienvenue"))
    title = at(data, "title")
    found = problems(path)
    assert any(p == f"{title}.title.fr" and "not in 'languages'" in m for p, m in found)
    slide_of(data, "title")["title"]["EN!"] = "Welcome"
    found = problems(write(path, data))
    assert found == [
        (
            f'{title}.title["EN!"]',
            "got \"EN!\"; expected a language code such as 'en', 'zh_Hans'",
        )
    ]


def test_languages_and_default_language_cross_checks(make_deck: Callable[..., Path]) -> None:
    def change(data: dict) -> None:
        data["default_language"] = "fr"
        data["languages"].append(dict(data["languages"][0]))

    path, data = broken(make_deck, change)
    found = problems(path)
    twice = f"$.languages[{len(data['languages']) - 1}].code"
    assert any(p == "$.default_language" and "'fr' is not in 'languages'" in m for p, m in found)
    assert any(p == twice and "listed twice" in m for p, m in found)


def test_figures_timeline_and_list_lengths(make_deck: Callable[..., Path]) -> None:
    def change(data: dict) -> None:
        slide_of(data, "figures")["figures"][0].update(value=5, date="2024-05")  # both now
        slide_of(data, "timeline")["events"].reverse()
        cards = slide_of(data, "cards")
        cards["cards"] = cards["cards"] * 9  # more than 8 cards

    path, data = broken(make_deck, change)
    found = problems(path)
    figures, timeline, cards = (at(data, k) for k in ("figures", "timeline", "cards"))
    assert any(p == f"{figures}.figures[0]" and "exactly one of" in m for p, m in found)
    assert (timeline, "events must be in date order") in found
    assert any(p == f"{cards}.cards" and m.endswith("expected at most 8") for p, m in found)


def test_asset_problems_in_a_deck_copy(make_deck: Callable[..., Path]) -> None:
    def change(data: dict) -> None:
        slide_of(data, "title")["image"] = "art/broken.png"
        slide_of(data, "cards")["cards"][0]["icon"] = "icons/../../../etc/passwd"
        slide_of(data, "bullets")["icon"] = "icons/gone.svg"

    path, data = broken(make_deck, change)
    (path.parent / "art" / "broken.png").write_bytes(b"\xff\xd8 not png")
    found = dict(problems(path))
    expected = {
        f"{at(data, 'title')}.image": "not a PNG",
        f"{at(data, 'cards')}.cards[0].icon": "leaves the content folder",
        f"{at(data, 'bullets')}.icon": "not found",
    }
    assert set(found) == set(expected)
    for where, fragment in expected.items():
        assert fragment in found[where], (where, found[where])


def test_many_problems_are_all_listed_and_the_report_is_capped(
    make_deck: Callable[..., Path],
) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    kept = data["default_language"]
    for slide in data["slides"]:
        slide["title"] = {kept: slide["title"][kept]}  # every other translation missing
    path = write(make_deck(), data)
    with pytest.raises(ContentError) as info:
        load_content(path)
    assert len(info.value.problems) == len(data["slides"]) * (len(data["languages"]) - 1)
    assert all(p.path.endswith(".title") for p in info.value.problems)

    def empty_texts(node: Any) -> None:  # every text of the deck loses every translation
        if isinstance(node, dict):
            if node and set(node) <= {lang["code"] for lang in data["languages"]}:
                node.clear()
            for value in node.values():
                empty_texts(value)
        elif isinstance(node, list):
            for value in node:
                empty_texts(value)

    empty_texts(data["slides"])
    with pytest.raises(ContentError) as info:
        load_content(write(path, data))
    lines = info.value.report().splitlines()
    assert len(info.value.problems) > MAX_PROBLEMS
    assert len(lines) == MAX_PROBLEMS + 1
    assert all(line.startswith(f"{path}: $") for line in lines[:-1])
    assert lines[-1].endswith(f"and {len(info.value.problems) - MAX_PROBLEMS} more problems")


# --- property-based: random damage to a good document ---------------------------------------

Loc = tuple[str | int, ...]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
GOOD: dict = json.loads(MINI.read_text(encoding="utf-8"))
CODES = [lang["code"] for lang in GOOD["languages"]]


def _locations(node: Any, loc: Loc = ()) -> list[Loc]:
    found = [loc]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _locations(value, (*loc, i))
    return found


LOCATIONS = _locations(GOOD)[1:]
KEYS = [loc for loc in LOCATIONS if isinstance(loc[-1], str)]
TEXTS = [loc for loc in LOCATIONS if loc[-1] in CODES and loc[0] != "languages"]


def _json_path(loc: Loc) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def _at_or_above(reported: str, mutated: str) -> bool:
    return mutated == reported or mutated.startswith((reported + ".", reported + "["))


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    return "number" if isinstance(value, int | float) else type(value).__name__


def _outcome(folder: Path, document: dict) -> list[tuple[str, str]] | None:
    """None if the document loads, else its problems (each checked for shape)."""
    try:
        load_content(write(folder / "mutated.json", document))
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path.startswith("$"), problem
            assert problem.message, problem
        return [(p.path, p.message) for p in exc.problems]
    return None


def _parent(document: dict, loc: Loc) -> Any:
    node: Any = document
    for part in loc[:-1]:
        node = node[part]
    return node


PROPERTY = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_the_property_tests_damage_every_part_of_the_deck() -> None:
    assert {loc[0] for loc in LOCATIONS} == set(GOOD)
    assert {loc[0] for loc in TEXTS} >= {"park", "slides", "charts"}


DEPENDENTS = {"target": ("target_label",)}  # key: the keys that need it beside them


@PROPERTY
@given(loc=st.sampled_from(KEYS))
def test_deleting_a_key_is_reported_at_or_above_it(
    make_deck: Callable[..., Path], loc: Loc
) -> None:
    document = copy.deepcopy(GOOD)
    del _parent(document, loc)[loc[-1]]
    found = _outcome(make_deck().parent, document)
    if found is not None:  # an optional key loads fine; a required one must be located
        mutated = _json_path(loc)
        # a key another one needs is missed where that one stands: no 'target' for a
        # 'target_label' is reported at the label
        needed_by = [_json_path((*loc[:-1], k)) for k in DEPENDENTS.get(str(loc[-1]), ())]
        assert any(_at_or_above(p, mutated) or p in needed_by for p, _ in found), (
            mutated,
            found,
        )


@PROPERTY
@given(loc=st.sampled_from(LOCATIONS), value=JSON_VALUES)
def test_replacing_a_value_by_another_type(
    make_deck: Callable[..., Path], loc: Loc, value: Any
) -> None:
    document = copy.deepcopy(GOOD)
    parent = _parent(document, loc)
    if _kind(value) == _kind(parent[loc[-1]]):
        value = [value]  # always another type
    parent[loc[-1]] = value
    found = _outcome(make_deck().parent, document)
    if found is None:  # e.g. null for an optional field
        return
    mutated = _json_path(loc)
    # the damage is reported where it is, or above it (the slide of a broken kind), or below
    # it (a field of a replaced object) — never somewhere unrelated
    assert any(_at_or_above(p, mutated) or _at_or_above(mutated, p) for p, _ in found), (
        mutated,
        found,
    )


@settings(PROPERTY, max_examples=60)
@given(loc=st.sampled_from(TEXTS))
def test_dropping_a_language_from_a_text(make_deck: Callable[..., Path], loc: Loc) -> None:
    document = copy.deepcopy(GOOD)
    del _parent(document, loc)[loc[-1]]
    found = _outcome(make_deck().parent, document)
    assert found is not None, "a missing translation must not load"
    text_path = _json_path(loc[:-1])
    assert any(p == text_path and f"missing translation for {loc[-1]!r}" in m for p, m in found), (
        text_path,
        found,
    )
