"""Writes the bundled deck's pictures (issue #16): original flat artwork drawn for the
project with QPainter in the deck's palette (kiosk/ui/theme.py), no photograph, no
third-party art, no text (each page's texts say what a picture shows, in every language).

- art/campus.webp: an isometric view of the park's core zone, built from its published
  figures (/work/shared/park-facts.md): the floor area of each phase is the summed volume
  of its buildings, so phase 1 (~170,000 m², completed 2024, teal: achieved) and phase 2
  (~280,000 m², expected 2026, amber: planned) stand in their true proportion; the pilot
  zone (~30,500 m², opened 2020, grey) stands apart, at the same scale.
- art/sector-*.webp: one illustration per core sector, 2.2:1 (a card's banner).

Run from the repository: .venv/bin/python tools/make_art.py
"""

from __future__ import annotations

import math
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRadialGradient,
)

ROOT = Path(__file__).resolve().parent.parent
ART = ROOT / "assets" / "content" / "art"
NAVY, NAVY_2 = QColor("#0B1B3A"), QColor("#102A52")
SURFACE, LINE = QColor("#183867"), QColor("#587AAB")
TEAL, AMBER, GREY = QColor("#19C3B1"), QColor("#FFB547"), QColor("#8494AE")
LIGHT = QColor("#E8F1FF")
QUALITY = 88  # WebP; flat colours keep the files small

# Floor area in m² (park-facts.md) and how each phase's is shared among its buildings.
PHASE_1, PHASE_2, PILOT = 170_000, 280_000, 30_500
PHASE_1_SHARES = (0.26, 0.22, 0.2, 0.18, 0.14)
PHASE_2_SHARES = (0.2, 0.17, 0.16, 0.14, 0.12, 0.11, 0.1)
FLOOR_M = 4.2  # storey height: floors drawn as bands on the faces


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def alpha(color: QColor, a: int) -> QColor:
    out = QColor(color)
    out.setAlpha(a)
    return out


def backdrop(p: QPainter, w: int, h: int, glow: QPointF | None = None) -> None:
    gradient = QLinearGradient(0, 0, w, h)
    gradient.setColorAt(0, NAVY)
    gradient.setColorAt(1, NAVY_2)
    p.fillRect(0, 0, w, h, gradient)
    halo = QRadialGradient(glow or QPointF(w * 0.5, h * 0.4), max(w, h) * 0.55)
    halo.setColorAt(0, alpha(TEAL, 46))
    halo.setColorAt(1, alpha(TEAL, 0))
    p.fillRect(0, 0, w, h, halo)


# --- the campus ---------------------------------------------------------------------------


class Iso:
    """World metres (x east, y south, z up) to picture pixels, isometric."""

    def __init__(self, origin: QPointF, scale: float) -> None:
        self.origin, self.scale = origin, scale

    def __call__(self, x: float, y: float, z: float = 0.0) -> QPointF:
        c, s = math.cos(math.radians(30)), math.sin(math.radians(30))
        return QPointF(
            self.origin.x() + (x - y) * c * self.scale,
            self.origin.y() + ((x + y) * s - z) * self.scale,
        )


def poly(*points: QPointF) -> QPolygonF:
    return QPolygonF(list(points))


def box(p: QPainter, iso: Iso, x: float, y: float, w: float, d: float, h: float, c: QColor) -> None:
    """A building: its top, its two faces towards the viewer, its floors as bands."""
    top = poly(iso(x, y, h), iso(x + w, y, h), iso(x + w, y + d, h), iso(x, y + d, h))
    left = poly(iso(x, y + d, 0), iso(x + w, y + d, 0), iso(x + w, y + d, h), iso(x, y + d, h))
    right = poly(iso(x + w, y, 0), iso(x + w, y + d, 0), iso(x + w, y + d, h), iso(x + w, y, h))
    p.setPen(Qt.PenStyle.NoPen)
    for face, shade in ((left, 0.42), (right, 0.62), (top, 0.0)):
        p.setBrush(mix(c, NAVY, shade))
        p.drawPolygon(face)
    band = QPen(alpha(LIGHT, 60), max(1.0, iso.scale * 0.5))
    p.setPen(band)
    floors = int(h / FLOOR_M)
    for f in range(1, floors):
        z = f * FLOOR_M
        p.drawLine(iso(x + 0.8, y + d, z), iso(x + w - 0.8, y + d, z))
        p.drawLine(iso(x + w, y + d - 0.8, z), iso(x + w, y + 0.8, z))
    p.setPen(QPen(alpha(LIGHT, 150), max(1.0, iso.scale * 0.35)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolygon(top)


def buildings(
    total: float, shares: tuple[float, ...], spots: list[tuple[float, float, float, float]]
):
    """(x, y, width, depth, height) of buildings on the given footprints whose volumes (floor
    area × storey height) sum to `total` m² of floor area, shared as `shares` says."""
    out = []
    for share, (x, y, w, d) in zip(shares, spots, strict=True):
        floors = total * share / (w * d)
        out.append((x, y, w, d, floors * FLOOR_M))
    return out


def campus(w: int = 2560, h: int = 1600) -> QImage:
    """Filling the picture, for a framed page (fit "frame"), which shows it whole on a
    screen of any shape."""
    image = QImage(w, h, QImage.Format.Format_RGB32)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    backdrop(p, w, h, QPointF(w * 0.55, h * 0.4))
    side = 320  # the core zone's site, metres a side
    iso = Iso(QPointF(w * 0.5 + 185, 360), 3.3)
    site = poly(iso(0, 0), iso(side, 0), iso(side, side), iso(0, side))
    slab = poly(iso(0, side), iso(side, side), iso(side, side, -8), iso(0, side, -8))
    slab_r = poly(iso(side, 0), iso(side, side), iso(side, side, -8), iso(side, 0, -8))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(mix(SURFACE, NAVY, 0.55))
    p.drawPolygon(slab)
    p.setBrush(mix(SURFACE, NAVY, 0.75))
    p.drawPolygon(slab_r)
    p.setBrush(SURFACE)
    p.drawPolygon(site)
    p.setPen(QPen(alpha(LINE, 110), 1.5))
    for t in range(0, side + 1, 20):  # the plots
        p.drawLine(iso(t, 0), iso(t, side))
        p.drawLine(iso(0, t), iso(side, t))
    mid = side / 2
    p.setPen(QPen(alpha(LIGHT, 110), 5))  # the two axes between the blocks
    p.drawLine(iso(mid, 0), iso(mid, side))
    p.drawLine(iso(0, mid), iso(side, mid))
    p.setPen(Qt.PenStyle.NoPen)
    for t in range(8, side - 4, 14):  # trees along the axes
        for x, y in ((mid - 8, t), (mid + 8, t), (t, mid - 8), (t, mid + 8)):
            if abs(x - mid) < 20 and abs(y - mid) < 20:
                continue
            p.setBrush(alpha(TEAL, 130))
            p.drawEllipse(iso(x, y), 4.5, 2.6)
    p.setBrush(alpha(LIGHT, 40))  # a plaza where they cross
    p.drawPolygon(poly(iso(mid - 20, mid - 20), iso(mid + 20, mid - 20),
                       iso(mid + 20, mid + 20), iso(mid - 20, mid + 20)))  # fmt: skip
    # Phase 1: the north-west quarter and the north-east one's west half; phase 2 the rest
    one = buildings(PHASE_1, PHASE_1_SHARES,
                    [(16, 16, 62, 50), (92, 16, 54, 50), (16, 82, 54, 62), (84, 82, 62, 30),
                     (84, 122, 62, 24)])  # fmt: skip
    two = buildings(PHASE_2, PHASE_2_SHARES,
                    [(176, 16, 60, 58), (250, 16, 54, 58), (176, 90, 128, 54), (16, 176, 64, 60),
                     (94, 176, 52, 60), (176, 176, 60, 70), (250, 176, 54, 70)])  # fmt: skip
    blocks = [(b, TEAL) for b in one] + [(b, AMBER) for b in two]
    blocks.sort(key=lambda item: item[0][0] + item[0][1] + item[0][2] + item[0][3])
    for (x, y, bw, bd, bh), colour in blocks:
        box(p, iso, x, y, bw, bd, bh, colour)
    # The pilot zone: one building of its own, apart (it is elsewhere in the district), at
    # the same scale, on a dashed plot
    pilot = Iso(iso(-50, side + 20), iso.scale)
    pad = poly(pilot(-12, -12), pilot(56, -12), pilot(56, 52), pilot(-12, 52))
    p.setPen(QPen(alpha(LINE, 170), 3, Qt.PenStyle.DashLine))
    p.setBrush(alpha(SURFACE, 210))
    p.drawPolygon(pad)
    ((px, py, pw, pd, ph),) = buildings(PILOT, (1.0,), [(0, 0, 44, 40)])
    box(p, pilot, px, py, pw, pd, ph, GREY)
    p.end()
    return image


# --- the sectors --------------------------------------------------------------------------


def rounded(p: QPainter, rect: QRectF, r: float, fill: QColor, line: QColor | None = None) -> None:
    p.setPen(QPen(line, 4) if line else Qt.PenStyle.NoPen)
    p.setBrush(fill)
    p.drawRoundedRect(rect, r, r)


def stroke(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def ground(p: QPainter, w: int, h: int, y: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(alpha(SURFACE, 230))
    p.drawRect(QRectF(0, y, w, h - y))
    p.setPen(stroke(alpha(LINE, 140), 3))
    p.drawLine(QPointF(0, y), QPointF(w, y))


def equipment(p: QPainter, w: int, h: int) -> None:
    floor = h * 0.78
    ground(p, w, h, floor)
    # a conveyor with parts, right to left
    belt = QRectF(w * 0.42, floor - 70, w * 0.52, 34)
    rounded(p, belt, 17, mix(SURFACE, LIGHT, 0.15), LINE)
    for i in range(9):
        cx = belt.left() + 30 + i * (belt.width() - 60) / 8
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(LINE)
        p.drawEllipse(QPointF(cx, belt.center().y()), 9, 9)
    for i, x in enumerate((0.5, 0.64, 0.78, 0.9)):
        part = QRectF(w * x - 40, belt.top() - 62, 80, 62)
        rounded(p, part, 8, AMBER if i == 1 else mix(TEAL, NAVY, 0.25))
    # the legs of the conveyor
    p.setPen(stroke(LINE, 10))
    for x in (0.46, 0.9):
        p.drawLine(QPointF(w * x, belt.bottom()), QPointF(w * x, floor))
    # a robot arm on its base, reaching for the second part
    base = QPointF(w * 0.22, floor)
    rounded(p, QRectF(base.x() - 90, floor - 40, 180, 40), 10, mix(SURFACE, LIGHT, 0.2), LINE)
    shoulder = QPointF(base.x(), floor - 70)
    elbow = QPointF(w * 0.3, h * 0.2)
    wrist = QPointF(w * 0.58, h * 0.28)
    p.setPen(stroke(TEAL, 46))
    p.drawLine(shoulder, elbow)
    p.setPen(stroke(mix(TEAL, LIGHT, 0.2), 36))
    p.drawLine(elbow, wrist)
    p.setPen(Qt.PenStyle.NoPen)
    for joint, r in ((shoulder, 40), (elbow, 32), (wrist, 24)):
        p.setBrush(LIGHT)
        p.drawEllipse(joint, r, r)
        p.setBrush(NAVY)
        p.drawEllipse(joint, r * 0.4, r * 0.4)
    p.setPen(stroke(LIGHT, 14))  # the gripper
    tip = QPointF(wrist.x(), wrist.y() + 70)
    p.drawLine(wrist, tip)
    p.drawLine(QPointF(tip.x() - 34, tip.y()), QPointF(tip.x() + 34, tip.y()))
    p.drawLine(QPointF(tip.x() - 34, tip.y()), QPointF(tip.x() - 34, tip.y() + 30))
    p.drawLine(QPointF(tip.x() + 34, tip.y()), QPointF(tip.x() + 34, tip.y() + 30))
    gear(p, QPointF(w * 0.86, h * 0.27), 78, alpha(TEAL, 150))


def gear(p: QPainter, c: QPointF, r: float, color: QColor) -> None:
    path = QPainterPath()
    teeth = 10
    for i in range(teeth * 2):
        a0 = math.pi * 2 * i / (teeth * 2)
        a1 = math.pi * 2 * (i + 1) / (teeth * 2)
        rr = r if i % 2 == 0 else r * 0.8
        for a in (a0, a1):
            point = QPointF(c.x() + rr * math.cos(a), c.y() + rr * math.sin(a))
            if path.elementCount() == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
    path.closeSubpath()
    path.addEllipse(c, r * 0.36, r * 0.36)
    path.setFillRule(Qt.FillRule.OddEvenFill)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPath(path)


def energy(p: QPainter, w: int, h: int) -> None:
    floor = h * 0.8
    ground(p, w, h, floor)
    # solar panels in rows, front left
    for row in range(2):
        for i in range(4):
            x = w * 0.05 + i * 130 + row * 40
            y = floor - 40 - row * 70
            panel = poly(
                QPointF(x, y),
                QPointF(x + 110, y),
                QPointF(x + 140, y - 56),
                QPointF(x + 30, y - 56),
            )
            p.setPen(stroke(LIGHT, 3))
            p.setBrush(mix(TEAL, NAVY, 0.35))
            p.drawPolygon(panel)
            p.setPen(stroke(alpha(LIGHT, 120), 2))
            p.drawLine(QPointF(x + 55, y), QPointF(x + 85, y - 56))
    # wind turbines, centre
    for x, tall, turn in ((0.52, 0.52, 10), (0.66, 0.42, 40)):
        hub = QPointF(w * x, floor - h * tall)
        p.setPen(stroke(LIGHT, 14))
        p.drawLine(QPointF(hub.x(), floor), hub)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(LIGHT)
        for k in range(3):
            a = math.radians(turn + k * 120)
            blade = QPainterPath(hub)
            tip = QPointF(hub.x() + 130 * math.cos(a), hub.y() + 130 * math.sin(a))
            side = QPointF(hub.x() + 40 * math.cos(a + 0.35), hub.y() + 40 * math.sin(a + 0.35))
            blade.quadTo(side, tip)
            blade.lineTo(hub)
            p.drawPath(blade)
        p.setBrush(TEAL)
        p.drawEllipse(hub, 14, 14)
    # a pylon and power lines to the right, a spark of amber
    base = w * 0.86
    top = QPointF(base, h * 0.16)
    p.setPen(stroke(LIGHT, 8))
    p.drawLine(QPointF(base - 70, floor), top)
    p.drawLine(QPointF(base + 70, floor), top)
    for k, y in enumerate((0.34, 0.5)):
        arm = h * y
        spread = 90 - k * 20
        p.drawLine(QPointF(base - spread, arm), QPointF(base + spread, arm))
        p.setPen(stroke(alpha(TEAL, 200), 4))
        p.drawLine(QPointF(base - spread, arm), QPointF(w * 0.7, arm + 60))
        p.drawLine(QPointF(base + spread, arm), QPointF(w, arm + 40))
        p.setPen(stroke(LIGHT, 8))
    bolt = poly(
        QPointF(w * 0.36, h * 0.1),
        QPointF(w * 0.32, h * 0.32),
        QPointF(w * 0.355, h * 0.32),
        QPointF(w * 0.33, h * 0.5),
        QPointF(w * 0.4, h * 0.25),
        QPointF(w * 0.365, h * 0.25),
    )
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(AMBER)
    p.drawPolygon(bolt)


def electronics(p: QPainter, w: int, h: int) -> None:
    chip = QRectF(w * 0.5 - 150, h * 0.5 - 150, 300, 300)
    # traces from the chip's pins to nodes across the picture
    p.setPen(stroke(alpha(TEAL, 190), 6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    nodes = []
    for k in range(6):
        y = chip.top() + 45 + k * 42
        for side in (-1, 1):
            x0 = chip.left() if side < 0 else chip.right()
            bend = x0 + side * (60 + 30 * (k % 3))
            reach = bend + side * (160 + 70 * ((k + side) % 4))
            end = QPointF(min(max(reach, 60.0), w - 60.0), y + (k - 2.5) * 28)
            path = QPainterPath(QPointF(x0, y))
            path.lineTo(QPointF(bend, y))
            path.lineTo(QPointF(bend + side * 40, end.y()))
            path.lineTo(end)
            p.drawPath(path)
            nodes.append(end)
    for x in (chip.left() + 60, chip.center().x(), chip.right() - 60):  # up and down
        for side in (-1, 1):
            y0 = chip.top() if side < 0 else chip.bottom()
            p.drawLine(QPointF(x, y0), QPointF(x, y0 + side * 90))
            nodes.append(QPointF(x, y0 + side * 90))
    p.setPen(Qt.PenStyle.NoPen)
    for i, node in enumerate(nodes):
        p.setBrush(AMBER if i == 7 else LIGHT)
        p.drawEllipse(node, 13, 13)
    # the chip, its pins and its die
    rounded(p, chip, 26, mix(SURFACE, LIGHT, 0.12), LINE)
    p.setBrush(LINE)
    for k in range(6):
        for x in (chip.left() - 16, chip.right()):
            p.drawRect(QRectF(x, chip.top() + 38 + k * 42, 16, 14))
    die = chip.adjusted(80, 80, -80, -80)
    rounded(p, die, 14, TEAL)
    p.setPen(stroke(NAVY, 6))
    for k in range(1, 4):
        p.drawLine(QPointF(die.left() + k * die.width() / 4, die.top() + 18),
                   QPointF(die.left() + k * die.width() / 4, die.bottom() - 18))  # fmt: skip
    # server racks at both ends, with their lights
    for x in (w * 0.06, w * 0.86):
        rack = QRectF(x, h * 0.2, 120, h * 0.6)
        rounded(p, rack, 12, mix(SURFACE, NAVY, 0.2), LINE)
        for k in range(7):
            slot = QRectF(rack.left() + 14, rack.top() + 18 + k * (rack.height() - 30) / 7, 92, 30)
            rounded(p, slot, 5, mix(SURFACE, LIGHT, 0.12))
            p.setBrush(TEAL if k % 3 else AMBER)
            p.drawEllipse(QPointF(slot.right() - 14, slot.center().y()), 5, 5)


def aerospace(p: QPainter, w: int, h: int) -> None:
    # stars
    p.setPen(Qt.PenStyle.NoPen)
    sky = random.Random(16)  # the same stars at every run
    for i in range(70):
        x, y = sky.uniform(0, w), sky.uniform(0, h * 0.8)
        p.setBrush(alpha(LIGHT, sky.randint(60, 200)))
        p.drawEllipse(QPointF(x, y), 2 + i % 3, 2 + i % 3)
    # a planet's limb and an orbit
    limb = QRectF(-w * 0.2, h * 0.72, w * 1.4, h * 1.2)
    p.setBrush(mix(SURFACE, TEAL, 0.15))
    p.drawEllipse(limb)
    p.setPen(stroke(alpha(TEAL, 160), 5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    orbit = QRectF(w * 0.08, h * 0.18, w * 0.84, h * 0.62)
    p.drawArc(orbit, 10 * 16, 160 * 16)
    # a satellite on the orbit, left
    sat = QPointF(w * 0.2, h * 0.3)
    p.setPen(Qt.PenStyle.NoPen)
    for side in (-1, 1):
        wing = QRectF(sat.x() + (20 if side > 0 else -120), sat.y() - 22, 100, 44)
        rounded(p, wing, 4, mix(TEAL, NAVY, 0.3), LIGHT)
    rounded(p, QRectF(sat.x() - 24, sat.y() - 30, 48, 60), 8, LIGHT)
    # a rocket climbing to the right, with its flame
    p.save()
    p.translate(w * 0.64, h * 0.52)
    p.rotate(38)
    body = QPainterPath()
    body.moveTo(0, -190)
    body.cubicTo(60, -130, 62, -20, 56, 110)
    body.lineTo(-56, 110)
    body.cubicTo(-62, -20, -60, -130, 0, -190)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(LIGHT)
    p.drawPath(body)
    p.setBrush(TEAL)
    for side in (-1, 1):
        fin = poly(QPointF(side * 54, 20), QPointF(side * 110, 130), QPointF(side * 50, 110))
        p.drawPolygon(fin)
    p.setBrush(NAVY)
    p.drawEllipse(QPointF(0, -60), 26, 26)
    p.setBrush(TEAL)
    p.drawEllipse(QPointF(0, -60), 16, 16)
    flame = QPainterPath()
    flame.moveTo(-36, 112)
    flame.quadTo(0, 300, 36, 112)
    p.setBrush(AMBER)
    p.drawPath(flame)
    p.restore()


SECTORS: dict[str, Callable[[QPainter, int, int], None]] = {
    "sector-intelligent-equipment": equipment,
    "sector-energy-power": energy,
    "sector-electronics-information": electronics,
    "sector-aerospace": aerospace,
}


def sector(draw: Callable[[QPainter, int, int], None], w: int = 1320, h: int = 600) -> QImage:
    image = QImage(w, h, QImage.Format.Format_RGB32)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    backdrop(p, w, h)
    draw(p, w, h)
    p.end()
    return image


def save(image: QImage, name: str) -> Path:
    path = ART / f"{name}.webp"
    writer = QImageWriter(str(path), b"webp")
    writer.setQuality(QUALITY)
    if not writer.write(image):
        raise SystemExit(f"cannot write {path}: {writer.errorString()}")
    return path


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    written = [save(campus(), "campus")]
    written += [save(sector(draw), name) for name, draw in SECTORS.items()]
    for path in written:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
