"""``@value_class`` answers as ``@dataclass(frozen=True)`` does: each case is checked against a
twin class built by the standard library's decorator."""

from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Callable
from dataclasses import KW_ONLY, FrozenInstanceError, InitVar, field
from typing import Any, ClassVar, get_type_hints

import pytest

from cc_dosecalc.formulary.model import SourcedNumber
from cc_dosecalc.value_class import value_class


def _pair(make: Callable[[Callable[[type], type]], type]) -> tuple[type, type]:
    """The same class body decorated by ``@value_class`` and by ``@dataclass(frozen=True)``."""
    return make(value_class), make(dataclasses.dataclass(frozen=True))


def _dose(decorate: Callable[[type], type]) -> type:
    class Dose:
        amount: float
        unit: str = "mg"
        notes: tuple[str, ...] = field(default_factory=tuple)

    return decorate(Dose)


def _tagged(decorate: Callable[[type], type]) -> type:
    class Tagged:
        name: str
        seen: int = field(default=0, compare=False)
        secret: str = field(default="", repr=False)
        kept: str = field(default="", hash=False)

    return decorate(Tagged)


def _one(decorate: Callable[[type], type]) -> type:
    class One:
        value: float

    return decorate(One)


def _none(decorate: Callable[[type], type]) -> type:
    class Empty:
        pass

    return decorate(Empty)


ARGUMENTS: list[tuple[Callable[[Callable[[type], type]], type], list[tuple[Any, ...]]]] = [
    (_dose, [(1.5,), (1.5, "mg"), (1.5, "g"), (2.0,), (1.5, "mg", ("a",)), (1.5, "mg", ("a", "b"))]),
    (_tagged, [("x",), ("x", 1), ("x", 2, "s"), ("y",), ("x", 0, "", "k"), ("x", 0, "", "l")]),
    (_one, [(1.0,), (2.0,), (math.nan,), (-0.0,), (0.0,)]),
    (_none, [()]),
]


@pytest.mark.parametrize(("make", "arguments"), ARGUMENTS, ids=["fields", "field-options", "one-field", "no-field"])
def test_equality_hash_and_repr_are_those_of_a_frozen_dataclass(
    make: Callable[[Callable[[type], type]], type], arguments: list[tuple[Any, ...]]
) -> None:
    ours, theirs = _pair(make)
    for left in arguments:
        for right in arguments:
            mine = ours(*left), ours(*right)
            twin = theirs(*left), theirs(*right)
            assert (mine[0] == mine[1]) is (twin[0] == twin[1]), (left, right)
            assert (mine[0] != mine[1]) is (twin[0] != twin[1]), (left, right)
        assert hash(ours(*left)) == hash(theirs(*left))
        assert repr(ours(*left)) == repr(theirs(*left))


def test_the_very_same_nan_is_equal_as_in_a_dataclass_and_another_is_not() -> None:
    ours, theirs = _pair(_one)
    nan = math.nan
    assert ours(nan) == ours(nan)
    assert theirs(nan) == theirs(nan)
    assert ours(nan) != ours(float("nan"))


def test_another_class_with_the_same_fields_or_a_tuple_is_never_equal() -> None:
    ours, theirs = _pair(_dose)
    assert ours(1.5) != theirs(1.5)
    assert theirs(1.5) != ours(1.5)
    assert ours(1.5) != (1.5, "mg", ())
    assert len({ours(1.5), ours(1.5, "mg"), ours(2.0)}) == 2


def test_fields_cannot_be_set_or_deleted() -> None:
    ours, _ = _pair(_dose)
    dose = ours(1.5)
    with pytest.raises(FrozenInstanceError):
        dose.amount = 3.0
    with pytest.raises(FrozenInstanceError):
        del dose.unit
    assert dose.amount == 1.5


def test_it_stays_a_dataclass_for_replace_fields_and_asdict() -> None:
    ours, _ = _pair(_dose)
    dose = ours(1.5, "mg", ("a",))
    assert dataclasses.replace(dose, unit="g") == ours(1.5, "g", ("a",))
    assert [each.name for each in dataclasses.fields(dose)] == ["amount", "unit", "notes"]
    assert dataclasses.asdict(dose) == {"amount": 1.5, "unit": "mg", "notes": ("a",)}
    assert ours.__match_args__ == ("amount", "unit", "notes")


def _made(decorate: Callable[[type], type]) -> type:
    class Made:
        name: str
        tags: list[str] = field(default_factory=list)
        count: int = 0

    return decorate(Made)


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a",), {}),
    (("a", ["x"]), {}),
    (("a",), {"count": 2}),
    ((), {"name": "b", "tags": ["y"], "count": 3}),
    ((), {}),
    (("a", [], 1, "extra"), {}),
    (("a",), {"name": "again"}),
    (("a",), {"colour": "red"}),
]


@pytest.mark.parametrize(("arguments", "keywords"), CALLS)
def test_init_takes_and_refuses_what_a_frozen_dataclass_does(arguments: tuple[Any, ...], keywords: dict[str, Any]) -> None:
    ours, theirs = _pair(_made)
    try:
        expected = dataclasses.astuple(theirs(*arguments, **keywords))
    except TypeError as error:
        # the same refusal, word for word but for the class's name
        with pytest.raises(TypeError) as raised:
            ours(*arguments, **keywords)
        assert str(raised.value) == str(error)
    else:
        assert dataclasses.astuple(ours(*arguments, **keywords)) == expected


def test_init_has_a_frozen_dataclasses_signature_and_a_fresh_default_from_each_factory() -> None:
    ours, theirs = _pair(_made)
    mine, twin = inspect.signature(ours), inspect.signature(theirs)
    assert [(p.name, p.kind, p.annotation) for p in mine.parameters.values()] == [
        (p.name, p.kind, p.annotation) for p in twin.parameters.values()
    ]
    assert str(mine) == str(twin) == "(name: 'str', tags: 'list[str]' = <factory>, count: 'int' = 0) -> None"
    first, second = ours("a"), ours("b")
    assert first.tags == [] and first.tags is not second.tags
    assert ours.__init__.__qualname__ == f"{ours.__qualname__}.__init__"


def test_a_class_without_a_docstring_is_documented_by_its_fields_and_one_with_keeps_its_own() -> None:
    ours, _ = _pair(_dose)

    @value_class
    class Documented:
        """A dose as the pharmacist wrote it."""

        amount: float

    assert ours.__doc__ == "Dose(amount, unit, notes)"
    assert Documented.__doc__ == "A dose as the pharmacist wrote it."


def test_a_class_outside_plain_fields_is_refused() -> None:
    class Counted:
        kind: ClassVar[str] = "x"
        a: int

    class Initialised:
        a: int
        b: InitVar[int]

    class KeywordOnly:
        a: int
        _: KW_ONLY
        b: int = 0

    class Hidden:
        a: int
        b: int = field(default=0, init=False)

    for cls in (Counted, Initialised, KeywordOnly, Hidden):
        with pytest.raises(TypeError, match="plain fields only"):
            value_class(cls)


def test_a_field_without_a_default_after_one_with_is_refused_as_a_dataclass_refuses_it() -> None:
    def _late(decorate: Callable[[type], type]) -> type:
        class Late:
            a: int = 0
            b: tuple[int, ...] = field(default_factory=tuple)
            c: int  # type: ignore[misc]

        return decorate(Late)

    for decorate in (value_class, dataclasses.dataclass(frozen=True)):
        with pytest.raises(TypeError, match="non-default argument 'c' follows default argument"):
            _late(decorate)


def test_classes_of_one_shape_share_a_code_yet_each_sets_its_own_fields() -> None:
    """Two classes of one shape (as many fields, a factory in the same place) get their
    ``__init__`` from one compiled template: each still binds keywords by its own field names,
    sets its own fields and makes its own factory's default."""

    class Dose:
        amount: float
        unit: str = "mg"
        notes: tuple[str, ...] = field(default_factory=tuple)

    class Person:
        name: str
        ward: str = "A"
        allergies: list[str] = field(default_factory=list)

    dose, person = value_class(Dose), value_class(Person)
    one = person(ward="B", name="Ann")
    assert (one.name, one.ward, one.allergies) == ("Ann", "B", [])
    assert person("Bo").allergies is not one.allergies  # a fresh list from the factory each time
    assert vars(dose(2.0, notes=("n",))) == {"amount": 2.0, "unit": "mg", "notes": ("n",)}
    with pytest.raises(TypeError, match="unexpected keyword argument 'amount'"):
        person(amount=1.0)


def test_a_class_writing_its_own_equality_hash_repr_or_post_init_is_refused() -> None:
    for method in ("__eq__", "__hash__", "__repr__", "__post_init__"):
        body = {"__annotations__": {"a": "int"}, method: lambda self, *other: 0}
        with pytest.raises(TypeError, match=f"defines {method}"):
            value_class(type("Own", (), body))
    with pytest.raises(TypeError, match="defines __hash__"):  # a dataclass would keep it unhashable
        value_class(type("Unhashable", (), {"__annotations__": {"a": "int"}, "__hash__": None}))


def test_a_dataclass_subclassing_one_is_refused_or_made_frozen_as_with_a_frozen_dataclass() -> None:
    for parent in _pair(_dose):
        with pytest.raises(TypeError, match="cannot inherit non-frozen dataclass from a frozen one"):
            dataclasses.dataclass(type("Thawed", (parent,), {"__annotations__": {"extra": "int"}, "extra": 0}))
    ours, theirs = (
        dataclasses.dataclass(frozen=True)(type("Child", (parent,), {"__annotations__": {"extra": "int"}, "extra": 0}))
        for parent in _pair(_dose)
    )
    mine, twin = ours(1.0, extra=2), theirs(1.0, extra=2)
    assert repr(mine).split("(", 1)[1] == repr(twin).split("(", 1)[1] == "amount=1.0, unit='mg', notes=(), extra=2)"
    for instance in (mine, twin):
        for name in ("amount", "extra"):
            with pytest.raises(FrozenInstanceError):
                setattr(instance, name, 0)


def test_a_value_class_has_no_dataclass_base() -> None:
    for parent in _pair(_dose):
        with pytest.raises(TypeError, match="no dataclass among its bases"):
            value_class(type("Derived", (parent,), {"__annotations__": {"extra": "int"}, "extra": 0}))


def test_init_runs_in_the_classs_module_so_its_annotations_resolve_there() -> None:
    ours, theirs = (
        decorate(type("Held", (), {"__module__": __name__, "__annotations__": {"number": "SourcedNumber"}}))
        for decorate in (value_class, dataclasses.dataclass(frozen=True))
    )
    assert get_type_hints(ours.__init__) == get_type_hints(theirs.__init__) == {"number": SourcedNumber, "return": type(None)}
    assert ours.__init__.__module__ == theirs.__init__.__module__ == __name__


def test_the_formularys_numbers_are_value_classes() -> None:
    number = SourcedNumber(18.0, "BNF for Children")
    assert number == dataclasses.replace(number) == SourcedNumber(18.0, "BNF for Children")
    assert number != SourcedNumber(18.0, "another source")
    assert hash(number) == hash((18.0, "BNF for Children"))
    assert repr(number) == "SourcedNumber(value=18.0, source='BNF for Children')"
    with pytest.raises(FrozenInstanceError):
        number.value = 40.0  # type: ignore[misc]
