"""``@value_class``: a frozen dataclass, built with half the code generation.

Python 3.11's ``@dataclass(frozen=True)`` writes six methods of each class as source text and
compiles each with an ``exec`` of its own (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``): about 0.7 ms a class, most of it compiling, and the formulary,
the engine and the session hold over 80 such classes, all built while the window's first dose
waits (issue 9). Here dataclasses still write ``__init__`` and the frozen ``__setattr__`` and
``__delattr__``; ``__eq__``, ``__hash__`` and ``__repr__`` are closures over the class's fields,
read by one :func:`operator.attrgetter` each, made without compiling anything.

They answer as dataclasses' own do: equal when the other is of the very same class and the
fields compared (``field(compare=...)``) are equal as tuples; the hash of the tuple of the
fields hashed (``field(hash=...)``, else those compared); ``Name(field=value, ...)`` for the
fields shown (``field(repr=...)``). The classes are dataclasses (``dataclasses.replace``,
``fields`` and ``asdict`` work), and type checkers read the decorator as
``@dataclass(frozen=True)`` (``dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_Class = TypeVar("_Class", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def value_class(cls: _Class) -> _Class:
    """``cls`` made a frozen dataclass whose equality, hash and repr are its fields'. A class
    that writes its own ``__eq__``, ``__hash__`` or ``__repr__`` is refused: it wants
    ``@dataclass`` with its own options."""
    for method in ("__eq__", "__hash__", "__repr__"):
        if method in cls.__dict__ and not (method == "__hash__" and cls.__dict__[method] is None):
            raise TypeError(f"{cls.__qualname__} defines {method}: a value class takes its fields'")
    dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)  # made in place: the same class
    fields = dataclasses.fields(cls)
    compared = _tuple_of([field.name for field in fields if field.compare])
    hashed = _tuple_of([field.name for field in fields if (field.compare if field.hash is None else field.hash)])
    shown = [(f"{field.name}=", attrgetter(field.name)) for field in fields if field.repr]

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compared(self) == compared(other)

    def __hash__(self: object) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: object) -> str:
        values = ", ".join(f"{name}{value(self)!r}" for name, value in shown)
        return f"{self.__class__.__qualname__}({values})"

    for function in (__eq__, __hash__, __repr__):
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
        setattr(cls, function.__name__, function)
    return cls


def _tuple_of(names: list[str]) -> Callable[[object], tuple[Any, ...]]:
    """The named attributes of an object, as a tuple even for one name or none (dataclasses
    compare tuples: ``(nan,) == (nan,)`` holds for one and the same ``nan``, ``nan == nan`` never)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda instance: (one(instance),)
    return lambda instance: ()
