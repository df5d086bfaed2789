"""Run-time settings: command-line flags over an optional JSON settings file over defaults."""

from __future__ import annotations

import json
import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from kiosk.files import read_regular
from kiosk.frozen import frozen
from kiosk.metrics.address import AddressError, format_address, parse_address
from kiosk.navigation import IDLE_HOME, IDLE_RESUME
from kiosk.resources import default_content_path


class SettingsError(Exception):
    pass


MAX_SETTINGS_BYTES = 100_000  # a settings file is a few lines


@frozen
class Settings:
    content: Path = default_content_path()
    lang: str | None = None  # None: the content's default language
    interval: float | None = None  # None: the content's default_duration
    screen: int | None = None  # None: the primary screen
    windowed: bool = False
    idle_resume: float = IDLE_RESUME
    idle_home: float = IDLE_HOME
    cursor_hide: float = 3.0
    transition_ms: int = 380
    log_file: Path | None = None  # None: kiosk.log in the platform's application-data folder
    metrics: str | None = None  # HOST:PORT of the Prometheus endpoint; None: no endpoint
    # `content` given as an http(s) URL of a signed bundle (kiosk.remote): `content` is then
    # the local file shown until the first bundle arrives (the bundled deck)
    content_url: str | None = None
    public_key: Path | None = None  # the key bundles must be signed with (minisign format)
    poll: float = 300.0  # seconds between checks of content_url


TYPES: dict[str, type | tuple[type, ...]] = {
    "content": str,
    "lang": str,
    "interval": (int, float),
    "screen": int,
    "windowed": bool,
    "idle_resume": (int, float),
    "idle_home": (int, float),
    "cursor_hide": (int, float),
    "transition_ms": int,
    "log_file": str,
    "metrics": str,
    "public_key": str,
    "poll": (int, float),
}


# Ranges a settings file may use: a NaN, an infinity or a huge number would crash Qt timers.
LIMITS: dict[str, tuple[float, float]] = {
    "interval": (1, 3600),
    "screen": (0, 64),
    "idle_resume": (0, 86400),
    "idle_home": (0, 86400),
    "cursor_hide": (0, 86400),
    "poll": (5, 86400),
    "transition_ms": (0, 10000),
}


def read_settings_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_regular(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise SettingsError(f"{path}: nested too deeply; expected a flat JSON object") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: $: expected a JSON object")
    for key, value in data.items():
        if key not in TYPES:
            raise SettingsError(f"{path}: $.{key}: unknown setting; expected one of {list(TYPES)}")
        if isinstance(value, bool) and TYPES[key] is not bool or not isinstance(value, TYPES[key]):
            raise SettingsError(f"{path}: $.{key}: got {value!r:.40}; expected {_name(TYPES[key])}")
        if key in LIMITS and isinstance(value, int | float):  # which every limited one is
            low, high = LIMITS[key]
            if not low <= value <= high:  # also NaN
                raise SettingsError(f"{path}: $.{key}: got {value!r:.40}; expected {low} to {high}")
    for key in ("content", "log_file", "public_key"):  # relative to the settings file
        if key in data and not is_url(data[key]):
            data[key] = path.parent / data[key]
    return data


def _name(kind: type | tuple[type, ...]) -> str:
    return (
        "a number"
        if isinstance(kind, tuple)
        else {str: "a string", int: "a whole number", bool: "true or false"}[kind]
    )


def is_url(value: object) -> bool:
    """A content bundle's address (http or https), not a local path."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _check_remote(values: dict[str, Any], file: str | None) -> None:
    """A bundle URL needs the public key its bundles are signed with: checked now, so a
    kiosk never starts following content it cannot verify."""
    key = values.get("public_key")
    if key is None:
        raise SettingsError(
            f"--content {values['content_url']}: a bundle URL needs --public-key KEY.pub "
            "(or the settings key public_key): the key its bundles are signed with"
        )
    from kiosk.remote.sign import MAX_KEY_BYTES, SignatureError, parse_public_key

    try:
        parse_public_key(read_regular(Path(key), MAX_KEY_BYTES).decode("utf-8"))
    except OSError as exc:
        raise SettingsError(f"--public-key {key}: cannot read ({exc.strerror or exc})") from None
    except (SignatureError, UnicodeDecodeError) as exc:
        raise SettingsError(f"--public-key {key}: {exc}") from None
    poll = values.get("poll")
    if poll is not None and not 5 <= poll <= 86400:
        raise SettingsError(f"--poll {poll}: expected 5 to 86400 seconds")


def load_settings(flags: dict[str, Any]) -> Settings:
    """Flags (argparse namespace as a dict, unset ones absent) over the settings file."""
    settings = Settings()
    file = flags.get("settings") or os.environ.get("KIOSK_SETTINGS")
    values: dict[str, Any] = read_settings_file(Path(file)) if file else {}
    values.update({k: v for k, v in flags.items() if k in TYPES})
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in values.items() if k in known}
    if is_url(values.get("content")):  # shown from the local cache: kiosk.ui.remote
        values["content_url"] = values.pop("content")
        _check_remote(values, file)
    for key in ("content", "log_file", "public_key"):
        if values.get(key) is not None:
            values[key] = Path(values[key])
    if values.get("metrics") is not None:  # HOST:PORT or PORT, checked before the start
        where = "--metrics" if "metrics" in flags else f"{file}: $.metrics"
        try:
            values["metrics"] = format_address(*parse_address(values["metrics"]))
        except AddressError as exc:
            raise SettingsError(f"{where}: {exc}") from None
    settings = replace(settings, **values)
    if settings.interval is not None and not 1 <= settings.interval <= 3600:
        raise SettingsError(f"--interval {settings.interval}: expected 1 to 3600 seconds")
    if settings.idle_home < settings.idle_resume:
        raise SettingsError(
            f"{file or 'settings'}: $.idle_home: got {settings.idle_home!r}; "
            f"expected at least idle_resume ({settings.idle_resume!r})"
        )
    return settings
