"""The units the program knows, read from ``resources/units.txt``, and exact conversion between them.

The definitions file is written in pint's syntax (a small subset of it: ``name = expression =
symbol = alias...``, ``[dimension]`` for a base unit, ``_`` for no symbol), and the tests load it
into pint too and check every conversion the program makes against pint's
(``tests/test_units.py``). The program itself does not import pint: importing it costs more
than the whole window takes to appear (about 225 ms and 17 MiB here, README "Performance"), and
all the program needs is the factor between two units of the same dimension.

Each factor is exact: every number in the file is a decimal, so a unit's size in its base
units is a fraction, and the one rounding is turning the final factor into a float. User text
never reaches this parser: :mod:`cc_dosecalc.parsing` reads numbers and picks units from fixed
lists, and only those unit names are passed here.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache
from pathlib import Path

from cc_dosecalc.paths import units_path
from cc_dosecalc.value_class import value_class


class UnitError(ValueError):
    """A unit that is not defined, or a conversion between units of different dimensions."""


@value_class
class Unit:
    """A unit's size in base units, and its dimension as (base dimension, power) pairs."""

    scale: Fraction
    dimension: tuple[tuple[str, int], ...]

    def times(self, other: Unit, power: int = 1) -> Unit:
        powers = dict(self.dimension)
        for name, exponent in other.dimension:
            powers[name] = powers.get(name, 0) + exponent * power
        return Unit(self.scale * other.scale**power, tuple(sorted((n, p) for n, p in powers.items() if p)))


_ONE = Unit(Fraction(1), ())
_TOKEN = re.compile(r"\s*(\*\*|\*|/|[^\s*/]+)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _read_expression(text: str, units: dict[str, Unit], numbers: bool) -> Unit:
    """``a * b / c ** 2 ...`` evaluated left to right as pint does (``**`` binds tighter);
    a number only where ``numbers`` (the definitions), never in a unit's name."""
    tokens: list[str] = _TOKEN.findall(text)  # every character but a space is in a token
    result, operator, index = _ONE, "*", 0
    while index < len(tokens):
        token = tokens[index]
        if token in ("*", "/", "**"):
            raise UnitError(f"cannot read the unit '{text}'")
        if _NUMBER.fullmatch(token):
            if not numbers:
                raise UnitError(f"a number in the unit '{text}'")
            factor = Unit(Fraction(token), ())
        elif token in units:
            factor = units[token]
        else:
            raise UnitError(f"unknown unit '{token}' in '{text}'")
        power = 1
        if index + 2 < len(tokens) and tokens[index + 1] == "**":
            if tokens[index + 2] not in ("1", "2", "3"):
                raise UnitError(f"a power is 1, 2 or 3 in '{text}'")
            power, index = int(tokens[index + 2]), index + 2
        result = result.times(factor, power if operator == "*" else -power)
        index += 1
        if index < len(tokens):
            operator = tokens[index]
            if operator not in ("*", "/") or index + 1 == len(tokens):
                raise UnitError(f"cannot read the unit '{text}'")
            index += 1
    return result


def read_definitions(path: Path) -> dict[str, Unit]:
    """Every name, symbol and alias of the definitions file, each with its unit."""
    units: dict[str, Unit] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, *rest = (part.strip() for part in line.split("="))
        if not rest or not name:
            raise UnitError(f"{path.name} line {number}: expected 'name = definition'")
        definition, *names = rest
        base = re.fullmatch(r"\[(\w+)\]", definition)
        unit = Unit(Fraction(1), ((base.group(1), 1),)) if base else _read_expression(definition, units, numbers=True)
        for each in (name, *names):
            if each == "_":
                continue
            if each in units:
                raise UnitError(f"{path.name} line {number}: '{each}' is defined twice")
            units[each] = unit
    return units


UNITS = read_definitions(units_path())


@cache
def _unit(text: str) -> Unit:
    return _read_expression(text, UNITS, numbers=False)


@cache
def _factor(unit: str, target: str) -> float:
    source, wanted = _unit(unit), _unit(target)
    if source.dimension != wanted.dimension:
        raise UnitError(f"cannot convert {unit} to {target}: not the same kind of quantity")
    return float(source.scale / wanted.scale)


def convert(value: float, unit: str, target: str) -> float:
    """``value`` in ``unit`` expressed in ``target`` (both names from units.txt, such as
    ``mg/kg`` or ``mL/min``)."""
    return float(value) if unit == target else value * _factor(unit, target)


def is_known_unit(unit: str, dimension_of: str) -> bool:
    """True when ``unit`` is a unit name of ours with the same dimension as ``dimension_of``.

    Used by the formulary validator; the unit strings come from the data file, not from a
    keyboard, and are matched against a fixed allow-list before they are read.
    """
    return unit in KNOWN_UNIT_TEXTS and _unit(unit).dimension == _unit(dimension_of).dimension


KNOWN_UNIT_TEXTS = frozenset(
    {
        "mcg",
        "mg",
        "g",
        "kg",
        "lb",
        "mcg/kg",
        "mg/kg",
        "g/kg",
        "day",
        "week",
        "month",
        "year",
        "days",
        "weeks",
        "months",
        "years",
        "cm",
        "in",
        "mL/min",
    }
)
