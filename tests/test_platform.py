"""Platform regressions: the Python and PySide6 the kiosk runs on, in a clean child process."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# Older Python/PySide pairs crashed after many calls of a Qt method returning nothing:
# the reference count of None ran down and the interpreter aborted in none_dealloc.
CHILD = """
import sys
assert sys.version_info >= (3, 12), sys.version_info
from PySide6.QtCore import QObject

obj = QObject()
for i in range(100_000):
    result = obj.setObjectName("kiosk")
    assert result is None
assert obj.objectName() == "kiosk"
print("done", sys.getrefcount(None) > 0)
"""


def test_many_calls_of_a_qt_method_returning_none_exit_normally():
    result = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert "none_dealloc" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done True"
