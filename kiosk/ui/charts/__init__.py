"""The charts view and its place in the window. Importing this package loads no pyqtgraph:
the plot modules (bars, parts, timeline) are imported when their first chart is shown."""

from kiosk.ui.charts.mode import ChartsMode
from kiosk.ui.charts.view import ChartsView

__all__ = ["ChartsMode", "ChartsView"]
