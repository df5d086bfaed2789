"""pyqtgraph is imported through kiosk.ui.charts.qtmirror: PySide6 classes the kiosk never
uses are not made, the charts still draw, and PySide6's modules are as they were after."""

from __future__ import annotations

import json
import subprocess
import sys

# A fresh interpreter: in the test process pyqtgraph may be imported already.
PROBE = """
import importlib.resources, json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
from PySide6.QtWidgets import QApplication
app = QApplication([])
names = len(dir(PySide6.QtWidgets))
mode = sys.argv[1]
LEFT_OUT = ("multiprocessing", "pydoc", "pyqtgraph.parametertree")
OPENGL = ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets")
def real_opengl():  # imported after pyqtgraph: PySide6's own module
    import PySide6.QtOpenGLWidgets as gl
    return issubclass(gl.QOpenGLWidget, PySide6.QtWidgets.QWidget)
def refused(pg):
    if mode != "kiosk":
        return "" # a RemoteGraphicsView would start a process
    try:
        pg.RemoteGraphicsView()
    except ImportError as exc:
        return str(exc)
    return "made"
if mode == "kiosk":
    import kiosk.ui.charts  # installs the finder, as the kiosk's window does
import pyqtgraph as pg
widget = pg.GraphicsView()  # as the kiosk's charts are made (kiosk.ui.charts.base)
box = pg.ViewBox()
widget.setCentralItem(box)
box.addItem(pg.PlotCurveItem([1, 2, 3], [3, 1, 2], pen=pg.mkPen("w", width=3)))
box.addItem(pg.BarGraphItem(x=[1, 2], height=[1, 2], width=0.5, brush="r"))
box.addItem(pg.TextItem("40+"))
widget.resize(200, 100)
image = widget.grab().toImage()
print(json.dumps({
    "loader": type(pg.__loader__).__name__,
    "made": sum(
        name in module.__dict__
        for module in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)
        for name in dir(module)
    ),
    "names": sum(len(dir(m)) for m in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)),
    "names_before": names,
    "names_after": len(dir(PySide6.QtWidgets)),
    "same_class": pg.Qt.QtWidgets.QGraphicsView is PySide6.QtWidgets.QGraphicsView,
    "moved": pg.Qt.QtGui.QFileSystemModel is PySide6.QtWidgets.QFileSystemModel,
    "drawn": len({image.pixel(x, y) for x in range(0, 200, 7) for y in range(0, 100, 7)}),
    "icons": str(importlib.resources.files("pyqtgraph.icons")),
    "left_out": sorted(m for m in LEFT_OUT if m in sys.modules),
    "refused": refused(pg),
    "plot_widget": hasattr(pg, "PlotWidget"),
    "opengl": sorted(m for m in OPENGL if m in sys.modules),
    "real_opengl_after": real_opengl(),
}))
"""


def probe(mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_pyqtgraph_through_the_mirror_makes_fewer_classes_and_still_draws():
    plain, kiosk = probe("plain"), probe("kiosk")
    assert plain["loader"] != "MirroringLoader"
    assert kiosk["loader"] == "MirroringLoader"
    # Plain pyqtgraph makes every class of the three modules; through the mirror, those
    # that pyqtgraph and the plot use (measured: 300 of 725).
    assert plain["made"] >= 0.9 * plain["names"]
    assert kiosk["made"] < 0.7 * plain["made"]
    # PySide6's dir() is whole again, and pyqtgraph sees the same classes as before.
    assert kiosk["names_after"] >= kiosk["names_before"] > 100
    assert kiosk["same_class"] and kiosk["moved"]
    assert kiosk["drawn"] > 1 and kiosk["drawn"] == plain["drawn"]
    assert kiosk["icons"].endswith("icons")
    # The widgets no chart uses are left out, and what they would pull in with them.
    assert plain["left_out"] == ["multiprocessing", "pydoc", "pyqtgraph.parametertree"]
    assert kiosk["left_out"] == []
    assert "RemoteGraphicsView is not loaded in the kiosk" in kiosk["refused"]
    assert plain["plot_widget"] and not kiosk["plot_widget"]
    # pyqtgraph's OpenGL drawing (off in the kiosk) loads no OpenGL modules, and a later
    # import of them gets PySide6's own.
    assert plain["opengl"] == ["PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"]
    assert kiosk["opengl"] == []
    assert kiosk["real_opengl_after"] and plain["real_opengl_after"]
