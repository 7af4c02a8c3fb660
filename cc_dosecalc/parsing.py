"""Strict readers for everything a user types: numbers, and numbers with a unit.

Nothing typed ever reaches the unit reader (cc_dosecalc.units). A number is plain decimal text: ASCII digits with
at most one decimal mark, a point or a comma ("70,5" is 70.5 and never 705). Expressions,
exponents, signs, nan, inf, zero, digits from other scripts and grouped thousands are
refused, and so is a mark that may be either: one to three digits (the first not 0), a point
or a comma, then exactly three digits ("1,500", "1.500", "25.000", "2.125") reads as a decimal
to some and as thousands to others (German writes 25.000 for 25000). "0.125", "1.5", "1.50",
"1.5000" and "1500.125" are not ambiguous and are read as decimals. A unit is looked up in the field's fixed list. Every refusal is an
:class:`InputError` whose text is one line naming the field and what it accepts.

What a field accepts is defined once, in its :class:`FieldSpec`: the form, the command line
and the history's record reader all check a value through :meth:`FieldSpec.accept`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

from cc_dosecalc.units import convert
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number, format_quantity

MAX_TEXT_LENGTH = 32

_PLAIN_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?", re.ASCII)
# "1,500" reads as 1.5 with a decimal comma but as 1500 to anyone used to grouped
# thousands, and "25.000" as 25 or (in German) 25000: a 1000-fold error. Refuse it rather than guess.
_GROUPED_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}", re.ASCII)
_EXPONENT = re.compile(r"[0-9.,]*[0-9][eE][-+]?[0-9]", re.ASCII)


class InputError(ValueError):
    """A value the program cannot use, with a message for the person who typed it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@value_class
class Measurement:
    """A number and the unit it was entered in, exactly as typed (unit spelt canonically)."""

    value: float
    unit: str

    def to(self, unit: str) -> float:
        return self.value if unit == self.unit else convert(self.value, self.unit, unit)


@value_class
class FieldSpec:
    """What one input field accepts."""

    label: str
    # accepted spellings (lower case) -> the unit's name in units.txt
    units: dict[str, str]
    # the unit of a bare number; None means a unit must be given
    default_unit: str | None
    canonical_unit: str
    low: float
    high: float
    # zero is meaningful for a newborn's age (day 0) and an anuric patient's clearance;
    # for every other field it is refused as a slip
    allow_zero: bool = False
    # why a bare number is refused, where a unit must be given (default: "give a unit: ...")
    no_unit_message: str = ""

    def accepted_units(self) -> str:
        return ", ".join(dict.fromkeys(self.units.values()))

    def range_text(self) -> str:
        return f"{format_number(self.low, 2)} to {format_quantity(self.high, self.canonical_unit)}"

    def accept(self, value: float, unit: str) -> Measurement:
        """``value`` in ``unit`` if this field accepts it, whether typed or read back from a
        record: one of the field's units, a finite number above zero (or zero where the field
        allows it), within the field's range. Otherwise :class:`InputError` says why."""
        if unit not in self.units.values():
            raise InputError(self.label, f"unknown unit '{printable(unit, 12)}': use one of {self.accepted_units()}")
        if not math.isfinite(value):
            raise InputError(self.label, "enter a plain number such as 70.5 or 70,5 (digits and one decimal mark)")
        if value < 0 or (value == 0 and not self.allow_zero):
            raise InputError(self.label, "must be zero or above" if self.allow_zero else "must be above zero")
        measurement = Measurement(value, unit)
        canonical = measurement.to(self.canonical_unit)
        if not self.low <= canonical <= self.high:
            raise InputError(self.label, _out_of_range(measurement, _decimals(value), canonical, self))
        return measurement


def _spellings(**groups: tuple[str, ...]) -> dict[str, str]:
    return {spelling.lower(): unit for unit, names in groups.items() for spelling in names}


WEIGHT = FieldSpec(
    label="Weight",
    units=_spellings(kg=("kg", "kgs", "kilogram", "kilograms"), lb=("lb", "lbs", "pound", "pounds"), g=("g", "gram", "grams")),
    default_unit="kg",
    canonical_unit="kg",
    low=0.5,
    high=400,
)
AGE = FieldSpec(
    label="Age",
    units=_spellings(
        years=("years", "year", "yrs", "yr", "y"),
        months=("months", "month", "mo"),
        weeks=("weeks", "week", "wks", "wk", "w"),
        days=("days", "day", "d"),
    ),
    default_unit="years",
    canonical_unit="years",
    low=0,
    high=130,
    allow_zero=True,
)
HEIGHT = FieldSpec(
    label="Height",
    units=_spellings(cm=("cm",), **{"in": ("in", "inch", "inches")}),
    default_unit="cm",
    canonical_unit="cm",
    low=20,
    high=272,
)
CRCL = FieldSpec(
    label="Creatinine clearance",
    units={"ml/min": "mL/min"},
    default_unit="mL/min",
    canonical_unit="mL/min",
    low=0,
    high=300,
    allow_zero=True,
)
# Serum creatinine: a bare number is refused, since mg/dL and µmol/L are 88.4 times apart and
# both are in use. "umol/L" and the Greek mu are accepted for µmol/L.
SCR = FieldSpec(
    label="Serum creatinine",
    units={"mg/dl": "mg/dL", "µmol/l": "µmol/L", "μmol/l": "µmol/L", "umol/l": "µmol/L"},
    default_unit=None,
    canonical_unit="mg/dL",
    low=0.1,
    high=30,
    no_unit_message="a bare number is ambiguous (mg/dL and µmol/L are 88.4 times apart): give the unit, e.g. 1.1 mg/dL or 97 µmol/L",
)
ORDERED_DOSE = FieldSpec(
    label="Ordered dose",
    units=_spellings(mg=("mg",), g=("g",), mcg=("mcg",)),
    default_unit=None,
    canonical_unit="mg",
    low=0,
    high=1_000_000,
)


def parse_decimal(text: str, field: str, allow_zero: bool = False) -> Decimal:
    """A positive plain decimal number (or zero, if allowed), or :class:`InputError` naming ``field``."""
    if len(text) > MAX_TEXT_LENGTH:
        raise InputError(field, f"too long (at most {MAX_TEXT_LENGTH} characters)")
    stripped = text.strip()
    if not stripped:
        raise InputError(field, "enter a number")
    if not _PLAIN_NUMBER.fullmatch(stripped):
        raise InputError(field, _why_not_a_number(stripped))
    value = Decimal(stripped.replace(",", "."))
    if _GROUPED_THOUSANDS.fullmatch(stripped):
        decimal = unambiguous(f"{value.normalize():f}")
        raise InputError(
            field,
            f"'{stripped}' is ambiguous (a point or comma before three digits may separate thousands): "
            f"type {stripped.replace(',', '').replace('.', '')} if it is thousands, or {decimal} if it is a decimal",
        )
    if value == 0 and not allow_zero:
        raise InputError(field, "must be above zero")
    return value


def unambiguous(text: str) -> str:
    """A decimal number's text as it can be typed back: "2.125" (ambiguous, refused) is written
    "2.1250", since four decimals cannot be thousands; any other text is returned as it is."""
    return f"{text}0" if _GROUPED_THOUSANDS.fullmatch(text) else text


def _why_not_a_number(text: str) -> str:
    if text.startswith("-"):
        return "must be above zero"
    if text[0] in ".," and _PLAIN_NUMBER.fullmatch("0" + text):
        return f"write a leading zero (0{text})"
    return "enter a plain number such as 70.5 or 70,5 (digits and one decimal mark)"


def parse_measurement(text: str, spec: FieldSpec, unit: str | None = None) -> Measurement:
    """Read "70,5", "154 lb" or "18 months" for the field ``spec``.

    ``unit`` is a unit chosen outside the text (a selector or a command-line option); a unit
    in the text must agree with it. The value must lie within the field's range.
    """
    if len(text) > MAX_TEXT_LENGTH:
        raise InputError(spec.label, f"too long (at most {MAX_TEXT_LENGTH} characters)")
    # str.strip() takes the file and group separators (\x1c to \x1f) for white space: a control
    # character is refused before anything is stripped, so "\x1f1" is never read as 1
    if any(unicodedata.category(char) == "Cc" and char != "\t" for char in text):
        raise InputError(spec.label, "must not hold control characters or line breaks")
    if _EXPONENT.match(text.strip()):
        raise InputError(spec.label, "enter a plain number: exponents such as 1e5 are not accepted")
    number_text, unit_text = _split_unit(text.strip())
    chosen = _unit_of(spec, unit) if unit else None
    typed = _unit_of(spec, unit_text) if unit_text else None
    if chosen and typed and chosen != typed:
        raise InputError(spec.label, f"two different units given ({typed} and {chosen})")
    final_unit = typed or chosen or spec.default_unit
    if final_unit is None:
        raise InputError(spec.label, spec.no_unit_message or f"give a unit: {spec.accepted_units()}")
    # zero is read as a number here; whether the field takes it is the spec's to say
    return spec.accept(float(parse_decimal(number_text, spec.label, allow_zero=True)), final_unit)


def _out_of_range(measurement: Measurement, typed_decimals: int, canonical: float, spec: FieldSpec) -> str:
    """The value as typed (never rounded onto the limit it is outside of) and the accepted range."""
    shown = format_quantity(measurement.value, measurement.unit, typed_decimals)
    if measurement.unit != spec.canonical_unit:
        limits = {format_number(limit, 12) for limit in (spec.low, spec.high)}
        decimals = next((places for places in range(3, 13) if format_number(canonical, places) not in limits), 12)
        shown += f" ({format_quantity(canonical, spec.canonical_unit, decimals)})"
    if spec.low == 0:
        return f"{shown} is above the accepted maximum of {format_quantity(spec.high, spec.canonical_unit)}"
    return f"{shown} is outside the accepted {spec.range_text()}"


def _decimals(value: float) -> int:
    """The decimal places of ``value`` as typed: those of its shortest exact writing ("400.0000001"
    has 7), since a typed number is read into the nearest float."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _split_unit(text: str) -> tuple[str, str]:
    for index, char in enumerate(text):
        if char.isalpha() or char in "/µμ":
            return text[:index].strip(), text[index:].strip()
    return text, ""


def _unit_of(spec: FieldSpec, text: str) -> str:
    unit = spec.units.get(text.lower())
    if unit is None:
        raise InputError(spec.label, f"unknown unit '{printable(text, 12)}': use one of {spec.accepted_units()}")
    return unit


def parse_whole_number(text: str, field: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (a count such as IVIG days)."""
    stripped = text.strip()
    if len(text) > MAX_TEXT_LENGTH or not re.fullmatch(r"[0-9]+", stripped, re.ASCII):
        raise InputError(field, f"enter a whole number from {low} to {high}")
    value = int(stripped)
    if not low <= value <= high:
        raise InputError(field, f"{value} is outside {low} to {high}")
    return value


def parse_text(text: str, field: str, max_length: int = 80) -> str:
    """Free text such as a patient's name: printable, one line, not too long."""
    stripped = text.strip()
    if len(stripped) > max_length:
        raise InputError(field, f"too long (at most {max_length} characters)")
    if any("\ud800" <= char <= "\udfff" for char in stripped):  # bytes of no character (a command line's)
        raise InputError(field, "holds bytes that are not UTF-8 text: set the terminal to UTF-8")
    if not stripped.isprintable():
        raise InputError(field, "must not hold control characters or line breaks")
    pictograph = next((char for char in stripped if _is_pictograph(char)), None)
    if pictograph is not None:
        raise InputError(
            field, f"emoji and pictographs (here U+{ord(pictograph):04X}) are not accepted: the printed summary cannot show them"
        )
    return stripped


# Emoji and pictographs: the printing font (DejaVu Sans) has no glyph for most of them, so a
# name holding one would print an empty box. Symbols, dingbats, emoji, their variation selectors
# and the keycap mark; letters of every script and ordinary punctuation are not touched.
_PICTOGRAPHS = ((0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF), (0xFE0E, 0xFE0F), (0x20E3, 0x20E3))


def _is_pictograph(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _PICTOGRAPHS)


def printable(text: str, limit: int | None = None) -> str:
    """``text`` fit to echo in a one-line message: each control character or line break as "?",
    cut after ``limit`` characters ("...")."""
    shown = "".join(char if char.isprintable() else "?" for char in (text if limit is None else text[:limit]))
    return shown + ("..." if limit is not None and len(text) > limit else "")
