"""`kiosk validate` and `kiosk schema`: exit codes and what they print."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content import SLIDE_KINDS
from tests.conftest import CONTENT, ROOT, write


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_validate_bundled_content_by_default() -> None:
    result = kiosk("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{CONTENT}: OK (10 slides, languages zh_Hans, zh_Hant, en, ko, ja)"
    )
    assert result.stderr == ""


def test_validate_a_good_copy(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(content_copy)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{content_copy}: OK (10 slides") and err == ""


def test_validate_a_bad_file_lists_every_problem(content_copy: Path, document: dict) -> None:
    document["slides"][0]["kind"] = "poster"
    document["slides"][1]["id"] = "Bad Id"
    document["park"]["name"]["en"] = 42
    write(content_copy, document)
    result = kiosk("validate", str(content_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        f"{content_copy}: $.park.name.en: got 42; expected a valid string",
        f"{content_copy}: $.slides[0]: unknown slide kind 'poster'; expected one of "
        + ", ".join(SLIDE_KINDS),
        f'{content_copy}: $.slides[1].id: got "Bad Id"; expected lower-case letters, '
        "digits and dashes, e.g. 'core-sectors'",
        f"{content_copy}: 3 problem(s)",
    ]


def test_validate_cross_check_problems(
    content_copy: Path, document: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    document["slides"][3]["id"] = "welcome"
    del document["slides"][0]["title"]["ja"]
    document["slides"][0]["image"] = "../outside.svg"
    write(content_copy, document)
    assert main(["validate", str(content_copy)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{content_copy}: $.slides[3].id: duplicate slide id 'welcome'" in err
    assert f"{content_copy}: $.slides[0].title: missing translation for 'ja'" in err
    assert f"{content_copy}: $.slides[0].image: " in err and "leaves the content folder" in err
    assert err.rstrip().endswith("3 problem(s)")


def test_validate_missing_file_without_traceback(tmp_path: Path) -> None:
    result = kiosk("validate", str(tmp_path / "nothing.json"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'nothing.json'}: $: file not found" in result.stderr


def test_schema_is_json_with_every_slide_kind() -> None:
    result = kiosk("schema")
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


def test_schema_accepts_the_bundled_document_shape(capsys: pytest.CaptureFixture[str]) -> None:
    # in-process: the printed schema names every top-level key the bundled file uses
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    document = json.loads(CONTENT.read_text(encoding="utf-8"))
    assert set(document) <= set(schema["properties"])
