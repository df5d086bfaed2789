"""Walking parsed JSON (the dicts, lists and scalars `json.loads` returns). No Qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def _dotted(key: str) -> str:
    return f".{key}"


def nodes(
    document: Any, where: str = "$", member: Callable[[str], str] = _dotted
) -> Iterator[tuple[str, Any]]:
    """(JSON path, value) of `document` and of every value in it, each parent before its
    children. Iterative, so a deeply nested document cannot exhaust the stack. `member`
    writes an object's key into the path (default: `.key`); list items are `[i]`."""
    stack = [(document, where)]
    while stack:
        node, where = stack.pop()
        yield where, node
        if isinstance(node, dict):
            stack.extend((v, where + member(k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(node))


def strings(document: Any) -> Iterator[str]:
    """Every string value in `document` (not the keys: those are names, never shown)."""
    return (value for _where, value in nodes(document) if isinstance(value, str))
