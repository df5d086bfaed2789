"""Shared fixtures.

QT_QPA_PLATFORM is set to offscreen (with setdefault, so a developer can still choose
xcb) before anything imports Qt: widget tests must run on machines without a display.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "assets" / "content" / "park.json"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content folder; returns the JSON file's path."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT.parent, folder)
    return folder / CONTENT.name


@pytest.fixture
def document() -> dict:
    """The bundled content as plain JSON data, to break in tests."""
    return json.loads(CONTENT.read_text(encoding="utf-8"))


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
