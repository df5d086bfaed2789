"""The code stays ruff-clean, type-checks, and keeps its layers (no Qt below the UI)."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is in the test extra")
def test_ruff_check_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "kiosk", "tests", "tools"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is in the test extra")
def test_mypy_is_clean():
    # pyproject.toml's [tool.mypy]: kiosk/, Python 3.12, untyped function bodies checked too
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    importlib.util.find_spec("importlinter") is None, reason="import-linter is in the test extra"
)
def test_import_contracts_are_kept():
    # pyproject.toml's [tool.importlinter]: content, navigation, i18n, formatting and settings
    # import no Qt, pyqtgraph or kiosk.ui (not even lazily); kiosk.content has no cycles.
    code = "import sys; from importlinter.cli import lint_imports_command as run; sys.exit(run())"
    result = subprocess.run(
        [sys.executable, "-c", code, "--no-logo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def private_window_access(root: Path) -> list[str]:
    """`window._x`, `self.window._x`, `w._x` ... anywhere but in kiosk/ui/window.py: every
    other module goes through the window's public side or the loop's model (#14)."""
    names = {"window", "win", "w", "kiosk_window"}
    found = []
    for folder in ("kiosk", "tests", "tools"):
        for path in sorted((root / folder).rglob("*.py")):
            if path == root / "kiosk" / "ui" / "window.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
                    continue
                if node.attr.startswith("__"):
                    continue
                owner = node.value
                name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
                if name in names:
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_reaches_into_the_window_s_private_side():
    assert private_window_access(ROOT) == []


def test_the_lint_sees_a_private_access(tmp_path):
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "kiosk" / "mode.py").write_text("self.window._apply(change)\n", encoding="utf-8")
    assert private_window_access(tmp_path) == ["kiosk/mode.py:1: self.window._apply"]


def test_the_window_module_stays_under_250_lines():
    lines = (ROOT / "kiosk" / "ui" / "window.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 250  # layout and pages; the rest lives in kiosk.ui's own modules
