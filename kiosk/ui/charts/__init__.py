"""The charts view and its place in the window. Importing this package loads no pyqtgraph:
the plot modules (bars, parts, timeline) are imported when their first chart is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ui.charts import qtmirror
from kiosk.ui.charts.mode import ChartsMode

if TYPE_CHECKING:
    from kiosk.ui.charts.view import ChartsView

__all__ = ["ChartsMode", "ChartsView"]

qtmirror.install()  # before a plot module imports pyqtgraph: ~10 MB less (qtmirror.py)


def __getattr__(name: str) -> object:
    if name == "ChartsView":  # imported on first use, as ChartsMode.view makes it
        from kiosk.ui.charts.view import ChartsView

        return ChartsView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
