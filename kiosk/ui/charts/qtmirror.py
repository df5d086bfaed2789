"""pyqtgraph imported without making every class of PySide6's QtCore, QtGui and QtWidgets.

PySide6 makes a class (with its Python enums) the first time it is looked up. On import,
pyqtgraph.Qt copies those three modules into mirrors of its own (`_copy_attrs`: a getattr
of every name in dir()), which makes all of them: ~10 MB of Python objects, enums above all,
that the kiosk never uses, kept for the process's life. install() puts a finder in front of
the import system; when pyqtgraph is first imported, its three (empty) mirror modules are
made here instead, looking each name up in PySide6 when pyqtgraph asks for it, and PySide6's
dir() of them is empty until pyqtgraph's import is done, so the copy has nothing to do.
The mirrors hand out the same class objects as before; only when they are made changes.

pyqtgraph's __init__ also imports every item and widget it has. Those in UNUSED are left
out: image views, ROIs, parameter trees (which import pydoc), remote plots (multiprocessing),
plot widgets, data tables. Each is imported only by that __init__ or by another left-out
module, never by what the charts draw with (GraphicsView, ViewBox, TextItem, BarGraphItem,
PlotCurveItem, ScatterPlotItem, InfiniteLine, mkPen: found from pyqtgraph's import graph).
Names imported from one by name are still there, and using one says why it does not work.

No chart draws through OpenGL (pyqtgraph's useOpenGL stays off), yet pyqtgraph imports
PySide6's QtOpenGL and QtOpenGLWidgets for it: ~2.5 MB of libraries and bindings. While
pyqtgraph is imported they are stand-ins (unless something imported them before), whose
QOpenGLWidget is a class nothing is an instance of, so pyqtgraph's "is this an OpenGL
view?" checks say no; afterwards a real import of them gets the real modules.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # not at run time: importlib.abc imports importlib.resources (~5 ms of
    from importlib.abc import Loader  # every start); the import system needs no base class

MIRRORED = ("QtCore", "QtGui", "QtWidgets")
# Imported by pyqtgraph's __init__ (or by each other) only; nothing a chart draws needs them.
# A chart that starts using one of these must take it off this list.
UNUSED = (
    "graphicsItems.ArrowItem",
    "graphicsItems.BoxplotItem",
    "graphicsItems.CurvePoint",
    "graphicsItems.DateAxisItem",
    "graphicsItems.ErrorBarItem",
    "graphicsItems.FillBetweenItem",
    "graphicsItems.GradientLegend",
    "graphicsItems.GraphItem",
    "graphicsItems.GridItem",
    "graphicsItems.HistogramLUTItem",
    "graphicsItems.ImageItem",
    "graphicsItems.IsocurveItem",
    "graphicsItems.PColorMeshItem",
    "graphicsItems.ROI",
    "graphicsItems.ScaleBar",
    "graphicsItems.TargetItem",
    "graphicsItems.UIGraphicsItem",
    "graphicsItems.VTickGroup",
    "imageview",
    "widgets.BusyCursor",
    "widgets.CheckTable",
    "widgets.ColorMapWidget",
    "widgets.ComboBox",
    "widgets.DataFilterWidget",
    "widgets.DataTreeWidget",
    "widgets.DiffTreeWidget",
    "widgets.FeedbackButton",
    "widgets.GraphicsLayoutWidget",
    "widgets.HistogramLUTWidget",
    "widgets.JoystickButton",
    "widgets.LayoutWidget",
    "widgets.PlotWidget",
    "widgets.ProgressDialog",
    "widgets.RawImageWidget",
    "widgets.RemoteGraphicsView",
    "widgets.ScatterPlotWidget",
    "widgets.TableWidget",
    "widgets.ValueLabel",
    "widgets.VerticalLabel",
)


def install() -> None:
    """Once, before pyqtgraph is imported (costs nothing until then)."""
    if "pyqtgraph" not in sys.modules and not any(isinstance(f, Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, Finder())


class Finder:  # a meta path finder: find_spec is all the import system calls
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if fullname != "pyqtgraph":
            return None
        sys.meta_path.remove(self)  # one import to watch
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not empty_mirrors(spec):
            return spec  # not the pyqtgraph this was written for: imported as it is
        spec.loader = cast("Loader", MirroringLoader(spec.loader))
        return spec


def empty_mirrors(spec: ModuleSpec) -> bool:
    """Whether pyqtgraph's mirror modules are the empty packages that _copy_attrs fills.

    Asked of each module's code, through the import system's own finders, so it holds in
    a frozen bundle too (PyInstaller keeps .pyc in an archive, no .py files on disk).
    """
    for folder in spec.submodule_search_locations or []:
        try:
            return all(
                empty_module(f"pyqtgraph.Qt.{name}", Path(folder) / "Qt") for name in MIRRORED
            )
        except (ImportError, OSError, SyntaxError):
            return False
    return False


def empty_module(name: str, folder: Path) -> bool:
    found = PathFinder.find_spec(name, [str(folder)])
    if found is None or found.loader is None or not hasattr(found.loader, "get_code"):
        return False
    code = found.loader.get_code(name)
    return code is not None and not code.co_names and all(c is None for c in code.co_consts)


def mirror(name: str) -> ModuleType:
    source = sys.modules[f"PySide6.{name}"]
    module = ModuleType(f"pyqtgraph.Qt.{name}")

    def lookup(attribute: str) -> Any:
        return getattr(source, attribute)

    module.__getattr__ = lookup  # type: ignore[method-assign]  # PEP 562
    return module


def left_out(name: str) -> ModuleType:
    """A stand-in for pyqtgraph's module `name`: its names can be imported, none can be used."""
    module = ModuleType(name)

    def lookup(attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)  # no __all__, no __path__: `import *` takes nothing

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise ImportError(f"{name}.{attribute} is not loaded in the kiosk (qtmirror.UNUSED)")

        return refuse

    module.__getattr__ = lookup  # type: ignore[method-assign]  # PEP 562
    return module


class NoOpenGL:
    """pyqtgraph's QOpenGLWidget and GraphicsViewGLWidget in the kiosk: never made."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise ImportError("pyqtgraph's OpenGL drawing is not loaded in the kiosk (qtmirror)")


def without_opengl(name: str) -> ModuleType:
    """A stand-in for PySide6's QtOpenGL(Widgets) or pyqtgraph's OpenGLHelpers."""
    module = left_out(name)
    module.QOpenGLWidget = module.GraphicsViewGLWidget = NoOpenGL  # type: ignore[attr-defined]
    return module


OPENGL = ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets")


class MirroringLoader:  # a loader: create_module and exec_module
    """pyqtgraph's own loader, with the mirrors in place while its module runs."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:  # resources and the rest: the real loader's
        return getattr(self.loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        import PySide6.QtCore
        import PySide6.QtGui
        import PySide6.QtWidgets  # noqa: F401  (the sources, in sys.modules)

        sources = [sys.modules[f"PySide6.{name}"] for name in MIRRORED]
        saved = [source.__dict__.get("__dir__") for source in sources]
        for name in MIRRORED:
            sys.modules.setdefault(f"pyqtgraph.Qt.{name}", mirror(name))
        for name in UNUSED:
            sys.modules.setdefault(f"pyqtgraph.{name}", left_out(f"pyqtgraph.{name}"))
        helpers = "pyqtgraph.Qt.OpenGLHelpers"
        sys.modules.setdefault(helpers, without_opengl(helpers))
        stand_ins = {name: without_opengl(name) for name in OPENGL if name not in sys.modules}
        sys.modules.update(stand_ins)
        for source in sources:
            source.__dir__ = list  # type: ignore[method-assign]  # dir() -> []
        try:
            self.loader.exec_module(module)
        finally:
            for name, stand_in in stand_ins.items():  # a later import gets the real one
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
            for source, old in zip(sources, saved, strict=True):
                if old is None:
                    del source.__dir__
                else:
                    source.__dir__ = old  # type: ignore[method-assign]
