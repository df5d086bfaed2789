"""The whole deck renders the same on a machine whose fonts hold no CJK face at all:
the kiosk draws only with its bundled fonts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
SYSTEM_CJK = Path("/usr/share/fonts/opentype/noto")


def render(out: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "render",
            "--out",
            str(out),
            "--lang",
            "all",
            "--size",
            "800x450",
            "--view",
            "all",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    not (DEJAVU.is_dir() and SYSTEM_CJK.is_dir()),
    reason="needs DejaVu for the bare font set and system CJK fonts to leave out (CI has both)",
)
def test_renders_are_identical_without_system_cjk_fonts(tmp_path):
    normal = {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    render(tmp_path / "normal", normal)
    render(tmp_path / "bare", {**normal, "FONTCONFIG_FILE": str(conf)})
    images = sorted((tmp_path / "normal").rglob("*.png"))
    assert len(images) >= 50
    for path in images:
        twin = tmp_path / "bare" / path.relative_to(tmp_path / "normal")
        assert QImage(str(path)) == QImage(str(twin)), path.relative_to(tmp_path / "normal")
