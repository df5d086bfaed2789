"""Settings: command-line flags over the settings file over the defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from kiosk.resources import default_content_path
from kiosk.settings import Settings, SettingsError, load_settings, read_settings_file
from tests.conftest import run_kiosk


@pytest.fixture(autouse=True)
def no_env_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_SETTINGS", raising=False)


def flags(*argv: str) -> dict:
    """Flags as `kiosk run` hands them to load_settings (unset ones absent)."""
    return vars(build_parser().parse_args(list(argv)))


def settings_file(tmp_path: Path, data: object, name: str = "kiosk.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_defaults_without_flags_or_file() -> None:
    settings = load_settings(flags())
    assert settings == Settings()
    assert settings.content == default_content_path()
    assert settings.lang is None and settings.interval is None and not settings.windowed


def test_file_over_defaults_and_flags_over_file(tmp_path: Path) -> None:
    path = settings_file(
        tmp_path, {"lang": "en", "interval": 20, "windowed": True, "idle_resume": 10}
    )
    from_file = load_settings(flags("--settings", str(path)))
    assert (from_file.lang, from_file.interval, from_file.windowed) == ("en", 20, True)
    assert from_file.idle_resume == 10 and from_file.idle_home == Settings.idle_home
    both = load_settings(flags("--settings", str(path), "--lang", "ko", "--interval", "7.5"))
    assert (both.lang, both.interval, both.windowed) == ("ko", 7.5, True)
    # the subcommand form takes the same flags
    run = load_settings(flags("run", "--settings", str(path), "--lang", "ja"))
    assert (run.lang, run.interval) == ("ja", 20)


def test_content_path_is_relative_to_the_settings_file(tmp_path: Path) -> None:
    path = settings_file(tmp_path, {"content": "deck/deck.json"})
    assert load_settings(flags("--settings", str(path))).content == tmp_path / "deck/deck.json"
    flagged = load_settings(flags("--settings", str(path), "--content", "other.json"))
    assert flagged.content == Path("other.json")


def test_settings_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_SETTINGS", str(settings_file(tmp_path, {"screen": 1})))
    assert load_settings(flags()).screen == 1


@pytest.mark.parametrize(
    ("content", "key", "fragment"),
    [
        ({"colour": "red"}, "$.colour", "unknown setting"),
        ({"interval": "20"}, "$.interval", "expected a number"),
        ({"screen": True}, "$.screen", "expected a whole number"),
        ({"screen": 1.5}, "$.screen", "expected a whole number"),
        ({"windowed": 1}, "$.windowed", "expected true or false"),
        ({"lang": None}, "$.lang", "expected a string"),
        ('{"idle_resume": NaN}', "$.idle_resume", "got nan"),
        ('{"cursor_hide": Infinity}', "$.cursor_hide", "expected 0 to"),
        ({"transition_ms": -1}, "$.transition_ms", "expected 0 to"),
        ({"transition_ms": 10**30}, "$.transition_ms", "expected 0 to"),
        ({"interval": 0.5}, "$.interval", "expected 1 to 3600"),
        ([1, 2], "$", "expected a JSON object"),
        ('{"lang": "en",', "", "not valid JSON"),
        ("[" * 100_000, "", "nested too deeply"),
        (b"\xff\xfe{", "", "not valid JSON"),
    ],
)
def test_bad_settings_file_names_file_and_key(
    tmp_path: Path, content: object, key: str, fragment: str
) -> None:
    path = tmp_path / "kiosk.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        read_settings_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}"), message
    assert fragment in message
    assert len(message) < 400


def test_unreadable_settings_file(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.json", tmp_path):
        with pytest.raises(SettingsError, match="cannot read") as info:
            load_settings(flags("--settings", str(path)))
        assert str(info.value).startswith(f"{path}: ")


def test_inconsistent_values_are_refused(tmp_path: Path) -> None:
    path = settings_file(tmp_path, {"idle_resume": 300, "idle_home": 60})
    with pytest.raises(SettingsError) as info:
        load_settings(flags("--settings", str(path)))
    assert str(info.value).startswith(f"{path}: $.idle_home: got 60")
    with pytest.raises(SettingsError, match="--interval"):
        load_settings(flags("--interval", "nan"))
    with pytest.raises(SettingsError, match="expected 1 to 3600"):
        load_settings(flags("--interval", "0"))


def test_bad_settings_through_the_command_line(tmp_path: Path) -> None:
    path = settings_file(tmp_path, {"interval": "fast"})
    result = run_kiosk("--settings", str(path), timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"kiosk: {path}: $.interval: got 'fast'; expected a number"
