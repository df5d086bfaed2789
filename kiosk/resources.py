"""One place that finds bundled files, from a source checkout and from a PyInstaller bundle."""

import os
import sys
from pathlib import Path

from kiosk.environment import fallback_folder, home_folder

IS_FROZEN = bool(getattr(sys, "frozen", False))


def root() -> Path:
    """The folder that holds `assets/` and `translations/`."""
    if IS_FROZEN:
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return root().joinpath(*parts)


def default_content_path() -> Path:
    return resource_path("assets", "content", "park.json")


def user_cache(name: str) -> Path:
    """A folder in the user's cache for the kiosk's own derived files (never the bundle)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    if base:
        return Path(base) / "park-kiosk" / name
    home = home_folder()  # None: HOME unset and no passwd entry (Path.home() would raise)
    return home / ".cache" / "park-kiosk" / name if home else fallback_folder() / "cache" / name
