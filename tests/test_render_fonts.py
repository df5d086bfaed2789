"""A deck renders the same on a machine whose fonts hold no CJK face at all: the kiosk
draws only with its bundled fonts. Compares a render of the MINI fixture deck under a bare
fontconfig with the session's normal render of it (conftest's mini_render)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.content import load_content
from tests.conftest import MINI, RENDER_SIZE, kiosk_env, run_kiosk

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
SYSTEM_CJK = Path("/usr/share/fonts/opentype/noto")


@pytest.mark.skipif(
    not (DEJAVU.is_dir() and SYSTEM_CJK.is_dir()),
    reason="needs DejaVu for the bare font set and system CJK fonts to leave out (CI has both)",
)
def test_renders_are_identical_without_system_cjk_fonts(mini_render, tmp_path):
    deck = load_content(MINI)
    normal = {k: v for k, v in kiosk_env().items() if not k.startswith("FONTCONFIG")}
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    assert not os.environ.get("FONTCONFIG_FILE"), "the session render must see the system fonts"
    bare = tmp_path / "bare"
    result = run_kiosk(
        "render", "--content", str(MINI), "--out", str(bare), "--lang", "all",
        "--size", "x".join(map(str, RENDER_SIZE)), "--view", "all",
        env={**normal, "FONTCONFIG_FILE": str(conf)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    images = sorted(mini_render.rglob("*.png"))
    pages = len(deck.slides) + len(deck.charts)
    assert len(images) == len(deck.language_codes) * pages
    assert sorted(bare.rglob("*.png")) == sorted(bare / p.relative_to(mini_render) for p in images)
    for path in images:
        twin = bare / path.relative_to(mini_render)
        assert QImage(str(path)) == QImage(str(twin)), path.relative_to(mini_render)
