"""The package's one pint registry, built from the project's own unit definitions.

The default pint registry is slow to build and misparses dose text ("1,5 mg" -> 15 mg,
"5 MG" -> megagauss), so it is never used: ``UnitRegistry(None)`` holds only the units in
``resources/units.txt``. User text never reaches pint's parser: :mod:`cc_dosecalc.parsing`
reads numbers and picks units from fixed lists, and only those unit names are passed here.
"""

from __future__ import annotations

import pint

from cc_dosecalc.paths import units_path

ureg: pint.UnitRegistry[float] = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
ureg.load_definitions(str(units_path()))
ureg.formatter.default_sort_func = None

Quantity = ureg.Quantity


def convert(value: float, unit: str, target: str) -> float:
    """``value`` in ``unit`` expressed in ``target`` (both names from units.txt)."""
    return float(Quantity(value, unit).to(target).magnitude)


def is_known_unit(unit: str, dimension_of: str) -> bool:
    """True when ``unit`` is a unit name of ours with the same dimension as ``dimension_of``.

    Used by the formulary validator; the unit strings come from the data file, not from a
    keyboard, and are matched against a fixed allow-list before pint sees them.
    """
    if unit not in KNOWN_UNIT_TEXTS:
        return False
    return bool(ureg.parse_units(unit).dimensionality == ureg.parse_units(dimension_of).dimensionality)


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
