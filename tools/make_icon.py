"""Make assets/icon/kiosk.ico (the Windows program icon) from the park's logo mark.

    python tools/make_icon.py

The logo (assets/content/art/logo-mark.svg) is drawn for the kiosk's navy background, so
each size puts it on a navy rounded square; otherwise its light strokes would vanish on a
light desktop. Qt renders the SVG; the .ico container (one PNG per size, as Windows Vista
and later read) is written here, so neither Pillow nor Qt's ico plugin is needed. Run it
again after the logo changes and commit the result.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from kiosk.resources import resource_path  # noqa: E402
from kiosk.ui.theme import BACKGROUND  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BACKGROUND)
    painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
    margin = size * 0.08
    renderer.render(painter, QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG image per size (ICONDIR, ICONDIRENTRYs, the images)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in pngs.items():
        side = size if size < 256 else 0  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(resource_path("assets", "content", "art", "logo-mark.svg")))
    if not renderer.isValid():
        print("make_icon: cannot read the logo", file=sys.stderr)
        return 1
    target = resource_path("assets", "icon", "kiosk.ico")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(ico({size: render_png(renderer, size) for size in SIZES}))
    print(f"wrote {target.relative_to(ROOT)} ({', '.join(map(str, SIZES))} px)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
