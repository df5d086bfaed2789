"""`kiosk validate` and `kiosk schema`: exit codes and what they print."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content import SLIDE_KINDS
from tests.conftest import CONTENT, MINI, index_of, run_kiosk, slide_of


def ok_line(path: Path) -> str:
    """What `validate` prints for a good file, computed from the file's own data."""
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = ", ".join(lang["code"] for lang in data["languages"])
    return f"{path}: OK ({len(data['slides'])} slides, languages {codes})"


def test_validate_bundled_content_by_default() -> None:
    result = run_kiosk("validate", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ok_line(CONTENT)
    assert result.stderr == ""


def test_validate_a_good_copy(
    make_deck: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_deck()
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ok_line(path) + "\n" and err == ""


def test_validate_a_bad_file_lists_every_problem(make_deck: Callable[..., Path]) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    poster, bad_id = index_of(data["slides"], "title"), index_of(data["slides"], "figures")

    def change(data: dict) -> None:
        slide_of(data, "title")["kind"] = "poster"
        slide_of(data, "figures")["id"] = "Bad Id"
        data["park"]["name"]["en"] = 42

    path = make_deck(change)
    result = run_kiosk("validate", str(path), timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    slide_lines = sorted(
        [
            (
                poster,
                f"{path}: $.slides[{poster}]: unknown slide kind 'poster'; expected one of "
                + ", ".join(SLIDE_KINDS),
            ),
            (
                bad_id,
                f'{path}: $.slides[{bad_id}].id: got "Bad Id"; expected lower-case letters, '
                "digits and dashes, e.g. 'core-sectors'",
            ),
        ]
    )
    assert result.stderr.splitlines() == [
        f"{path}: $.park.name.en: got 42; expected a valid string",
        *(line for _, line in slide_lines),
        f"{path}: 3 problem(s)",
    ]


def test_validate_cross_check_problems(
    make_deck: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    title = index_of(data["slides"], "title")
    first, later = sorted(index_of(data["slides"], kind) for kind in ("title", "bullets"))
    taken = data["slides"][first]["id"]
    dropped = data["languages"][-1]["code"]

    def change(data: dict) -> None:
        data["slides"][later]["id"] = taken
        del slide_of(data, "title")["title"][dropped]
        slide_of(data, "title")["image"] = "../outside.svg"

    path = make_deck(change)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}: $.slides[{later}].id: duplicate slide id {taken!r}" in err
    assert f"{path}: $.slides[{title}].title: missing translation for {dropped!r}" in err
    assert f"{path}: $.slides[{title}].image: " in err and "leaves the content folder" in err
    assert err.rstrip().endswith("3 problem(s)")


def test_validate_missing_file_without_traceback(tmp_path: Path) -> None:
    result = run_kiosk("validate", str(tmp_path / "nothing.json"), timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'nothing.json'}: $: file not found" in result.stderr


def test_schema_is_json_with_every_slide_kind() -> None:
    result = run_kiosk("schema", timeout=60)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert "slides" in schema["properties"]
    assert {"languages", "default_language", "park", "slides"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    mapping = schema["properties"]["slides"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == set(SLIDE_KINDS)
    for ref in mapping.values():  # every kind's definition is in the schema
        assert ref.removeprefix("#/$defs/") in schema["$defs"]


@pytest.mark.parametrize("path", [MINI, CONTENT], ids=["mini", "bundled"])
def test_schema_accepts_the_document_shape(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # in-process: the printed schema names every top-level key a good file uses
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) <= set(schema["properties"])
