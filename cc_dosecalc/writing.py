"""How numbers and doses are written, following ISMP and NHS conventions.

- no trailing zero ("1 mg", never "1.0 mg"); always a leading zero ("0.5 mg");
- thousands separators from 1,000 up; a space between number and unit;
- "mcg", "mL", "units"; frequencies in words ("daily", "weekly");
- ranges written "50 to 100 mg", never with a hyphen that can be read as a minus sign.

Every figure a nurse reads goes through :func:`format_number`.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from cc_dosecalc.units import convert

_SINGULAR = {"years": "year", "months": "month", "weeks": "week", "days": "day"}


def format_number(value: float, decimals: int) -> str:
    """``value`` rounded half-up to at most ``decimals`` places, written the ISMP way."""
    step = Decimal(1).scaleb(-decimals)
    with localcontext() as context:
        context.prec = 400  # enough for any float, even one echoed back from hostile input
        rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def dose_decimals(value: float) -> int:
    """Decimal places for a dose: 1 from 10 up, 2 from 1 up, 3 significant figures below 1
    ("139.7", "2.24", "0.125", "0.0015"): a small dose is never rounded to another figure."""
    if value >= 10:
        return 1
    if value >= 1:
        return 2
    if value <= 0:
        return 3
    return max(3, 2 - math.floor(math.log10(value)))


def round_dose(value: float) -> float:
    """A dose as it is shown: the value the ordered-dose check compares against."""
    return float(format_number(value, dose_decimals(value)).replace(",", ""))


def format_dose_number(value: float) -> str:
    return format_number(value, dose_decimals(value))


def format_quantity(value: float, unit: str, decimals: int = 2) -> str:
    """ "69.85 kg", "18 months", "1 year": a number, a space and the unit."""
    number = format_number(value, decimals)
    if unit in _SINGULAR and number == "1":
        unit = _SINGULAR[unit]
    return f"{number} {unit}"


def format_weight(kg: float) -> str:
    return format_quantity(kg, "kg", 2)


def format_weight_entered(value: float, unit: str, *, beside_entry: bool = False) -> str:
    """The patient's weight as entered and in kg, the one way every screen and page writes it:
    "154 lb entered = 69.85 kg", or "70 kg" when it was entered in kg.

    ``beside_entry`` is for the text next to the entry field, which already shows "154 lb":
    only the rest, "= 69.85 kg" ("" for a weight entered in kg, which needs no second figure)."""
    if unit == "kg":
        return "" if beside_entry else format_weight(value)
    in_kg = f"= {format_weight(convert(value, unit, 'kg'))}"
    return in_kg if beside_entry else f"{format_quantity(value, unit, 3)} entered {in_kg}"


def format_mass(mg: float, unit: str) -> str:
    """A dose of ``mg`` milligrams written in ``unit`` (mcg, mg or g): "1,600 mg", "82.3 g"."""
    value = convert(mg, "mg", unit) if unit != "mg" else mg
    return f"{format_dose_number(value)} {unit}"


def format_mass_range(low_mg: float, high_mg: float, unit: str) -> str:
    """ "139.7 to 279.4 mg", or a single dose when the two ends are written the same."""
    low, high = format_mass(low_mg, unit), format_mass(high_mg, unit)
    if low == high:
        return low
    return f"{low.rsplit(' ', 1)[0]} to {high}"


def format_per_kg_range(low: float, high: float, unit: str) -> str:
    """ "2 to 4 mg/kg" (unit is the mass unit per kg)."""
    low_text, high_text = format_dose_number(low), format_dose_number(high)
    if low_text == high_text:
        return f"{low_text} {unit}/kg"
    return f"{low_text} to {high_text} {unit}/kg"


def format_volume_ml(ml: float) -> str:
    return f"{format_number(ml, 0 if ml >= 100 else 1)} mL"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
