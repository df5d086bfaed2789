"""Frozen dataclasses made cheaply: one __eq__, __hash__ and __repr__ shared by all of them.

dataclass() writes these three as source and compiles them anew for each class (Python 3.12:
one exec each). The kiosk makes ~40 frozen dataclasses at every start (its content format,
the loop, the settings), and those compiles were a noticeable part of it. The shared ones
do what dataclass() writes: the compared fields' values as a tuple for equality (only with
the same class; NotImplemented otherwise), the hashed fields' tuple for the hash, the shown
fields by the class's qualname for the repr. A class's own method stays. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from reprlib import recursive_repr
from typing import Any, dataclass_transform

_Plan = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_plans: dict[type, _Plan] = {}


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen[T](cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True)`, with the shared methods."""
    share_methods(cls)
    return dataclass(frozen=True, eq=False, repr=False)(cls)


def share_methods(cls: type) -> None:
    """Give `cls` the shared __eq__, __hash__ and __repr__ (before dataclass() makes it one,
    with eq=False and repr=False), except those it defines itself."""
    for name, method in (("__eq__", _eq), ("__hash__", _hash), ("__repr__", _repr)):
        if cls.__dict__.get(name) is None:  # None: Python's, for a class defining __eq__
            setattr(cls, name, method)


def _plan(cls: type) -> _Plan:
    """The fields a dataclass compares, hashes and shows, as dataclass() picks them."""
    plan = _plans.get(cls)
    if plan is None:
        found = fields(cls)
        plan = _plans[cls] = (
            tuple(f.name for f in found if f.compare),
            tuple(f.name for f in found if (f.compare if f.hash is None else f.hash)),
            tuple(f.name for f in found if f.repr),
        )
    return plan


def _values(obj: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in names)


def _eq(self: Any, other: object) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = _plan(type(self))[0]
    return _values(self, names) == _values(other, names)


def _hash(self: Any) -> int:
    return hash(_values(self, _plan(type(self))[1]))


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _plan(type(self))[2])
    return f"{self.__class__.__qualname__}({shown})"
