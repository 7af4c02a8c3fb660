"""``@value_class``: a frozen dataclass, built with one compiled method instead of six.

Python 3.11's ``@dataclass(frozen=True)`` writes six methods of each class as source text and
compiles each with an ``exec`` of its own (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``): about 0.7 ms a class, most of it compiling, and the formulary,
the engine and the session hold over 80 such classes, all built while the window's first dose
waits (issue 9). Here dataclasses only collect the fields; ``__init__`` alone is compiled (it
binds its arguments at C speed, as dataclasses' does), once for each shape (as many fields, a
factory in the same places), and ``__eq__``, ``__hash__``, ``__repr__`` and the frozen
``__setattr__`` and ``__delattr__`` are closures over the class's fields, read by one
:func:`operator.attrgetter` each.

They answer as dataclasses' own do: equal when the other is of the very same class and the
fields compared (``field(compare=...)``) are equal as tuples; the hash of the tuple of the
fields hashed (``field(hash=...)``, else those compared); ``Name(field=value, ...)`` for the
fields shown (``field(repr=...)``). The classes are dataclasses (``dataclasses.replace``,
``fields`` and ``asdict`` work), and type checkers read the decorator as
``@dataclass(frozen=True)`` (``dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
import functools
import reprlib
import sys
import types
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_Class = TypeVar("_Class", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def value_class(cls: _Class) -> _Class:
    """``cls`` made a frozen dataclass whose equality, hash and repr are its fields'. Refused
    (``TypeError``): a class that writes its own ``__eq__``, ``__hash__``, ``__repr__`` or
    ``__post_init__``, has a dataclass base, or has a field that is keyword-only, left out of
    ``__init__``, a ``ClassVar`` or an ``InitVar``: those want ``@dataclass`` itself."""
    for method in ("__eq__", "__hash__", "__repr__", "__post_init__"):
        if method in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} defines {method}: a value class takes its fields'")
    if any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__qualname__}: a value class has no dataclass among its bases")
    undocumented = not cls.__dict__.get("__doc__")
    if undocumented:  # else dataclasses write one by inspect.signature: slow, and wrong (no __init__ yet)
        cls.__doc__ = cls.__name__
    # the fields collected, made in place (the same class), and no method written
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    # then said to be what it is, a frozen dataclass with its methods, so that a dataclass
    # subclassing it is refused (or made frozen) as one subclassing a frozen dataclass is
    params = cls.__dict__["__dataclass_params__"]
    params.init = params.repr = params.eq = params.frozen = True
    fields = dataclasses.fields(cls)
    if undocumented:  # as dataclasses' own: the name and the __init__ parameters
        cls.__doc__ = f"{cls.__name__}({', '.join(field.name for field in fields)})"
    if len(fields) != len(cls.__dict__["__dataclass_fields__"]) or any(field.kw_only or not field.init for field in fields):
        raise TypeError(f"{cls.__qualname__}: a value class takes plain fields only (no ClassVar, InitVar, kw_only or init=False)")
    compared = _tuple_of([field.name for field in fields if field.compare])
    hashed = _tuple_of([field.name for field in fields if (field.compare if field.hash is None else field.hash)])
    shown = [(f"{field.name}=", attrgetter(field.name)) for field in fields if field.repr]
    names = frozenset(field.name for field in fields)
    made: type[object] = cls

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

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(made, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(made, self).__delattr__(name)

    for function in (_init_of(cls, fields), __eq__, __hash__, __repr__, __setattr__, __delattr__):
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
        setattr(cls, function.__name__, function)
    return cls


class _Factory:
    """The default shown for a field whose default is made by its ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init_of(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """``__init__`` taking the fields in order, each with its default, each set as a frozen
    dataclass's are (``object.__setattr__``), so that calls bind their arguments at C speed.
    Compiling it costs about 0.16 ms a class (13 ms of the window's first dose for 81 classes);
    its code depends only on how many fields there are and which have a factory, so one code
    per such shape is compiled (:func:`_init_template`) and given the class's field names by
    ``CodeType.replace``. As dataclasses' own, it runs in the class's module (its annotations
    resolve there); ``object``, the factories and their marker are in its closure."""
    shape = tuple(field.default_factory is not dataclasses.MISSING for field in fields)
    template = _init_template(shape)
    names = tuple(field.name for field in fields)
    renamed = dict(zip(_template_names(len(fields)), names, strict=True))
    code = template.replace(
        co_varnames=(_SELF, *names),
        co_consts=tuple(renamed.get(const, const) if isinstance(const, str) else const for const in template.co_consts),
    )
    closed: dict[str, object] = {"__value_class_object__": object, "__value_class_factory__": _FACTORY}
    defaults: list[Any] = []
    for number, field in enumerate(fields):
        if field.default is not dataclasses.MISSING:
            defaults.append(field.default)
        elif field.default_factory is not dataclasses.MISSING:
            closed[f"__value_class_make_{number}__"] = field.default_factory
            defaults.append(_FACTORY)
        elif defaults:
            raise TypeError(f"non-default argument {field.name!r} follows default argument")
    module = sys.modules.get(cls.__module__)
    closure = tuple(types.CellType(closed[name]) for name in code.co_freevars)
    init: Callable[..., None] = types.FunctionType(code, vars(module) if module else {}, "__init__", tuple(defaults) or None, closure)
    init.__annotations__ = {field.name: field.type for field in fields} | {"return": None}
    return init


_SELF = "__value_class_self__"


def _template_names(count: int) -> list[str]:
    return [f"__value_class_field_{number}__" for number in range(count)]


@functools.cache
def _init_template(shape: tuple[bool, ...]) -> types.CodeType:
    """The code of an ``__init__`` for fields named ``__value_class_field_<n>__``, a factory's
    where ``shape`` says so (made when the argument is the ``__value_class_factory__`` marker),
    its names other than the fields' free (closed over)."""
    names = _template_names(len(shape))
    closed = ["__value_class_object__", "__value_class_factory__"]
    body = []
    for number, (name, made) in enumerate(zip(names, shape, strict=True)):
        value = name
        if made:
            closed.append(f"__value_class_make_{number}__")
            value = f"__value_class_make_{number}__() if {name} is __value_class_factory__ else {name}"
        body.append(f"        __value_class_object__.__setattr__({_SELF}, {name!r}, {value})")
    source = (
        f"def __value_class_closure__({', '.join(closed)}):\n"
        f"    def __init__({', '.join([_SELF, *names])}):\n" + "\n".join(body or ["        pass"]) + "\n"
        "    return __init__\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, {}, namespace)  # the source holds only the template's own names
    return next(const for const in namespace["__value_class_closure__"].__code__.co_consts if isinstance(const, types.CodeType))


def _tuple_of(names: list[str]) -> Callable[[object], tuple[Any, ...]]:
    """The named attributes of an object, as a tuple even for one name or none (dataclasses
    compare tuples: ``(nan,) == (nan,)`` holds for one and the same ``nan``, ``nan == nan`` never)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda instance: (one(instance),)
    return lambda instance: ()
