"""How often an ordered dose is given: the fixed list of frequencies a prescriber writes.

The list is the second edition's (clinical-rules.md, "Orders as prescribers write them"):
frequencies are written in words, never as abbreviations, and nothing else is accepted. An
ordered amount is per administration; the totals per day, per week and per course follow from
the frequency. "once" is a single dose: it has no daily or weekly rate.
"""

from __future__ import annotations

import re
from fractions import Fraction

from cc_dosecalc.parsing import InputError
from cc_dosecalc.value_class import value_class

FIELD = "Frequency"


@value_class
class Frequency:
    """One frequency of the list: ``doses`` administrations every ``every_days`` days.

    ``every_days`` is None for a single dose ("once").
    """

    text: str
    doses: int
    every_days: int | None

    @property
    def single(self) -> bool:
        return self.every_days is None

    @property
    def daily(self) -> bool:
        """Given every day (once to four times daily, or every 6, 8 or 12 hours)."""
        return self.every_days == 1

    @property
    def per_day(self) -> Fraction | None:
        """Administrations per day (1/7 for once weekly); None for a single dose."""
        return None if self.every_days is None else Fraction(self.doses, self.every_days)

    def amount_per_day(self, amount: float) -> float | None:
        """The daily total of ``amount`` given at this frequency (None for a single dose)."""
        per_day = self.per_day
        return None if per_day is None else amount * per_day.numerator / per_day.denominator

    def amount_per_week(self, amount: float) -> float | None:
        """The weekly total of ``amount`` given at this frequency (None for a single dose)."""
        per_day = self.amount_per_day(amount)
        return None if per_day is None else per_day * 7


FREQUENCIES: tuple[Frequency, ...] = (
    Frequency("once daily", 1, 1),
    Frequency("twice daily", 2, 1),
    Frequency("three times daily", 3, 1),
    Frequency("four times daily", 4, 1),
    Frequency("every 6 hours", 4, 1),
    Frequency("every 8 hours", 3, 1),
    Frequency("every 12 hours", 2, 1),
    Frequency("once weekly", 1, 7),
    Frequency("every 2 weeks", 1, 14),
    Frequency("every 4 weeks", 1, 28),
    Frequency("once", 1, None),
)
_BY_TEXT = {frequency.text: frequency for frequency in FREQUENCIES}


def accepted_frequencies() -> str:
    return ", ".join(f'"{frequency.text}"' for frequency in FREQUENCIES)


def frequency(text: str) -> Frequency:
    """The frequency of the list written ``text`` (case and repeated or surrounding spaces ignored)."""
    found = _BY_TEXT.get(re.sub(" +", " ", text.strip(" ")).lower()) if len(text) <= 40 else None
    if found is None:
        raise InputError(FIELD, f"use one of {accepted_frequencies()}")
    return found
