"""The content model and its validator: the bundled deck, precise problems, random damage."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content import SLIDE_KINDS, Content, ContentError, asset_paths, load_content
from kiosk.content.validate import MAX_PROBLEMS
from tests.conftest import CONTENT, write


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(ContentError) as info:
        load_content(path)
    return [(p.path, p.message) for p in info.value.problems]


def one_problem(path: Path, where: str, fragment: str) -> None:
    found = problems(path)
    assert any(p == where and fragment in m for p, m in found), found


# --- the good file ------------------------------------------------------------------------


def test_bundled_content_loads() -> None:
    content = load_content(CONTENT)
    assert isinstance(content, Content)
    assert content.language_codes == ["zh_Hans", "zh_Hant", "en", "ko", "ja"]
    assert content.default_language == "zh_Hans"
    assert len(content.slides) == 10
    assert {s.kind for s in content.slides} == set(SLIDE_KINDS)
    assert content.slide_index("welcome") == 0 and content.slide_index("nope") is None
    for slide in content.slides:  # every text in every language
        assert set(slide.title) == set(content.language_codes)


def test_bundled_assets_exist_inside_the_folder() -> None:
    content = load_content(CONTENT)
    found = list(asset_paths(content))
    assert len(found) >= 10
    for where, rel in found:
        assert where.startswith("$.slides[")
        target = (CONTENT.parent / rel).resolve()
        assert target.is_file() and target.is_relative_to(CONTENT.parent.resolve())


def test_a_copy_in_another_folder_loads(content_copy: Path) -> None:
    assert load_content(content_copy).slides[0].id == "welcome"


# --- precise problems ------------------------------------------------------------------------


def test_wrong_types_are_not_coerced(content_copy: Path, document: dict) -> None:
    document["slides"][1]["duration"] = "12"
    document["slides"][1]["figures"][0]["value"] = True
    document["slides"][0]["title"] = "Welcome"
    found = problems(write(content_copy, document))
    assert ("$.slides[1].duration", 'got "12"; expected a valid number') in found
    assert ("$.slides[1].figures[0].value", "got true; expected a valid number") in found
    assert ("$.slides[0].title", 'got "Welcome"; expected an object') in found


def test_missing_field_in_a_card_points_at_the_field(content_copy: Path, document: dict) -> None:
    # A card's `title` shares its name with the slide kind "title": the path must keep it.
    del document["slides"][2]["cards"][0]["title"]
    one_problem(write(content_copy, document), "$.slides[2].cards[0].title", "missing")


def test_unknown_and_missing_kind(content_copy: Path, document: dict) -> None:
    document["slides"][3]["kind"] = "video"
    del document["slides"][5]["kind"]
    found = problems(write(content_copy, document))
    assert (
        "$.slides[3]",
        "unknown slide kind 'video'; expected one of " + ", ".join(SLIDE_KINDS),
    ) in found
    assert any(p == "$.slides[5]" and "missing 'kind'" in m for p, m in found)


def test_duplicate_ids_name_both_places(content_copy: Path, document: dict) -> None:
    document["slides"][6]["id"] = "in-figures"
    one_problem(write(content_copy, document), "$.slides[6].id", "also at $.slides[1]")


def test_missing_translation_in_text_and_in_a_list_of_texts(
    content_copy: Path, document: dict
) -> None:
    del document["park"]["short_name"]["ja"]
    del document["slides"][7]["points"][2]["ko"]
    found = problems(write(content_copy, document))
    assert (
        "$.park.short_name",
        "missing translation for 'ja' (日本語); expected every language",
    ) in found
    assert any(p == "$.slides[7].points[2]" and "'ko'" in m for p, m in found)
    assert len(found) == 2


def test_language_not_offered_and_malformed_language_key(
    content_copy: Path, document: dict
) -> None:
    document["slides"][0]["title"]["fr"] = "Bienvenue"
    found = problems(write(content_copy, document))
    assert any(p == "$.slides[0].title.fr" and "not in 'languages'" in m for p, m in found)
    document["slides"][0]["title"]["EN!"] = "Welcome"
    found = problems(write(content_copy, document))
    assert found == [
        (
            '$.slides[0].title["EN!"]',
            "got \"EN!\"; expected a language code such as 'en', 'zh_Hans'",
        )
    ]


def test_languages_and_default_language_cross_checks(content_copy: Path, document: dict) -> None:
    document["default_language"] = "fr"
    document["languages"].append(dict(document["languages"][2]))
    found = problems(write(content_copy, document))
    assert any(p == "$.default_language" and "'fr' is not in 'languages'" in m for p, m in found)
    assert any(p == "$.languages[5].code" and "listed twice" in m for p, m in found)


def test_figures_timeline_and_list_lengths(content_copy: Path, document: dict) -> None:
    document["slides"][1]["figures"][0]["date"] = "2024-05"  # now both value and date
    document["slides"][8]["events"].reverse()
    document["slides"][2]["cards"] *= 3  # more than 8 cards
    found = problems(write(content_copy, document))
    assert any(p == "$.slides[1].figures[0]" and "exactly one of" in m for p, m in found)
    assert ("$.slides[8]", "events must be in date order") in found
    assert any(p == "$.slides[2].cards" and m.endswith("expected at most 8") for p, m in found)


def test_asset_problems_in_a_content_copy(content_copy: Path, document: dict) -> None:
    folder = content_copy.parent
    (folder / "art" / "broken.png").write_bytes(b"\xff\xd8 not png")
    document["slides"][0]["image"] = "art/broken.png"
    document["slides"][2]["cards"][0]["icon"] = "icons/../../../etc/passwd"
    document["slides"][7]["icon"] = "icons/gone.svg"
    found = problems(write(content_copy, document))
    assert [p for p, _ in found] == [
        "$.slides[0].image",
        "$.slides[2].cards[0].icon",
        "$.slides[7].icon",
    ]
    assert "not a PNG" in found[0][1]
    assert "leaves the content folder" in found[1][1]
    assert "not found" in found[2][1]


def test_many_problems_are_all_listed_and_the_report_is_capped(
    content_copy: Path, document: dict
) -> None:
    for slide in document["slides"]:
        slide["title"] = {"en": slide["title"]["en"]}  # four translations missing each
    with pytest.raises(ContentError) as info:
        load_content(write(content_copy, document))
    assert len(info.value.problems) == 40
    for slide in document["slides"]:
        for card in slide.get("cards", []):
            card["title"] = {}
    with pytest.raises(ContentError) as info:
        load_content(write(content_copy, document))
    lines = info.value.report().splitlines()
    assert len(info.value.problems) > MAX_PROBLEMS
    assert len(lines) == MAX_PROBLEMS + 1
    assert all(line.startswith(f"{content_copy}: $") for line in lines[:-1])
    assert lines[-1].endswith(f"and {len(info.value.problems) - MAX_PROBLEMS} more problems")


# --- property-based: random damage to the good document ------------------------------------

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
GOOD: dict = json.loads(CONTENT.read_text(encoding="utf-8"))
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


@PROPERTY
@given(loc=st.sampled_from(KEYS))
def test_deleting_a_key_is_reported_at_or_above_it(content_copy: Path, loc: Loc) -> None:
    document = copy.deepcopy(GOOD)
    del _parent(document, loc)[loc[-1]]
    found = _outcome(content_copy.parent, document)
    if found is not None:  # an optional key loads fine; a required one must be located
        mutated = _json_path(loc)
        assert any(_at_or_above(p, mutated) for p, _ in found), (mutated, found)


@PROPERTY
@given(loc=st.sampled_from(LOCATIONS), value=JSON_VALUES)
def test_replacing_a_value_by_another_type(content_copy: Path, loc: Loc, value: Any) -> None:
    document = copy.deepcopy(GOOD)
    parent = _parent(document, loc)
    if _kind(value) == _kind(parent[loc[-1]]):
        value = [value]  # always another type
    parent[loc[-1]] = value
    found = _outcome(content_copy.parent, document)
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
def test_dropping_a_language_from_a_text(content_copy: Path, loc: Loc) -> None:
    document = copy.deepcopy(GOOD)
    del _parent(document, loc)[loc[-1]]
    found = _outcome(content_copy.parent, document)
    assert found is not None, "a missing translation must not load"
    text_path = _json_path(loc[:-1])
    assert any(p == text_path and f"missing translation for {loc[-1]!r}" in m for p, m in found), (
        text_path,
        found,
    )
