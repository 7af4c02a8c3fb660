"""Suggested orders: practical orders made only of listed strengths, inside the calculated
range, never crossing a limit; and how an ordered dose is made up of them.

A suggestion is what the prescriber may take; the ordered dose is still what is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import combinations_with_replacement

from cc_dosecalc.formulary import Drug, Product, Regimen
from cc_dosecalc.frequency import Frequency, frequency
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_mass, format_number

MAX_SUGGESTIONS = 3
# an administration is at most this many units (tablets, capsules, vials, spoonfuls) of at
# most two strengths: more is not a practical order
MAX_UNITS = 4
MAX_STRENGTHS = 2
_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}
_FORM_WORDS = {"tablet": "tablet", "capsule": "capsule", "vial": "vial", "suspension": "suspension"}


@value_class
class UnitCount:
    strength_mg: float
    count: int


@value_class
class SuggestedOrder:
    text: str  # "" while it is only a candidate (see _worded)
    product: Product
    frequency: Frequency
    per_administration_mg: float
    # the total per the regimen's period (per day, or per week for a weekly regimen)
    per_period_mg: float
    per_day_mg: float
    units: tuple[UnitCount, ...]
    # for a fixed dose with no exact whole-unit match: the difference from it in %
    difference_percent: float | None


def _fits_period(freq: Frequency, regimen: Regimen) -> bool:
    if regimen.period == "day":
        return freq.daily
    if regimen.period == "week":
        return freq.every_days == 7
    return False


def _unit_sets(product: Product) -> tuple[tuple[UnitCount, ...], ...]:
    return _unit_sets_of(product.strengths_mg)


@lru_cache(maxsize=256)  # the same few strengths at every keystroke; a formulary lists fewer products
def _unit_sets_of(strengths_mg: tuple[float, ...]) -> tuple[tuple[UnitCount, ...], ...]:
    """Every way to make one administration of at most MAX_UNITS units of at most MAX_STRENGTHS strengths."""
    sets = []
    for count in range(1, MAX_UNITS + 1):
        for chosen in combinations_with_replacement(sorted(strengths_mg, reverse=True), count):
            strengths = sorted(set(chosen), reverse=True)
            if len(strengths) <= MAX_STRENGTHS:
                sets.append(tuple(UnitCount(strength, chosen.count(strength)) for strength in strengths))
    return tuple(sets)


def _mass(mg: float, unit: str) -> str:
    """A dose in the regimen's unit, but under 1 g in mg ("500 mg", "1.5 g")."""
    return format_mass(mg, "mg" if unit == "g" and mg < 1000 else unit)


def _unit_word(product: Product, count: int) -> str:
    word = _FORM_WORDS[product.form]
    return word if count == 1 else word + "s"


def units_text(product: Product, units: tuple[UnitCount, ...], unit: str) -> str:
    """ "two 200 mg tablets", "one 90 mg and one 30 mg tablet", "10 mL of 320 mg/5 mL suspension" """
    if product.form == "suspension":
        assert product.unit_ml is not None
        ml = sum(item.count for item in units) * product.unit_ml
        return f"{format_number(ml, 1)} mL of {_mass(units[0].strength_mg, unit)}/{format_number(product.unit_ml, 1)} mL suspension"
    parts = [f"{_NUMBERS[item.count]} {_mass(item.strength_mg, unit)}" for item in units]
    total = sum(item.count for item in units)
    return f"{' and '.join(parts)} {_unit_word(product, total if len(units) == 1 else 1)}"


def _text(product: Product, amount: float, units: tuple[UnitCount, ...], freq: Frequency, per_day: float, unit: str, drug: Drug) -> str:
    head = f"{product.release} " if product.release and len(drug.products) > 1 else ""
    made_of = ""
    single = len(units) == 1 and units[0].count == 1
    if product.form == "suspension" or product.form == "vial" or not single:
        made_of = f" ({units_text(product, units, unit)})"
    text = f"{head}{_mass(amount, unit)}{made_of} {freq.text}"
    if freq.daily and freq.doses > 1:
        text += f" ({_mass(per_day, unit)}/day)"
    return text


def suggest_orders(
    drug: Drug, regimen: Regimen, order_range: tuple[float, float] | None, allowed: Callable[[float, str | None], bool]
) -> tuple[SuggestedOrder, ...]:
    """Up to three orders for the range (in mg per the regimen's period), best first.

    Ranked by fewest administrations, then fewest units, then the highest total inside the
    range; after the first, an order of another product at the same total comes next (the
    same daily dose in each form), then the rest. A fixed dose with no exact match gets the
    nearest orders instead, with their difference in %. ``allowed`` says whether a total per
    period crosses no limit of the drug.
    """
    if order_range is None or not drug.products or regimen.period not in ("day", "week"):
        return ()
    low, high = order_range
    unit = regimen.mass_unit
    candidates: list[SuggestedOrder] = []
    for product in drug.products:
        for freq in (frequency(text) for text in product.frequencies):
            if not _fits_period(freq, regimen):
                continue
            for units in _unit_sets(product):
                amount = sum(item.strength_mg * item.count for item in units)
                per_period = amount * freq.doses
                per_day = freq.amount_per_day(amount)
                assert per_day is not None
                candidates.append(SuggestedOrder("", product, freq, amount, per_period, per_day, units, None))
    inside = [
        item for item in candidates if low - 1e-9 <= item.per_period_mg <= high + 1e-9 and allowed(item.per_period_mg, item.product.release)
    ]

    def rank(item: SuggestedOrder) -> tuple[float, int, float]:
        return (item.frequency.doses, sum(unit.count for unit in item.units), -item.per_period_mg)

    if inside:
        return tuple(_worded(item, unit, drug) for item in _pick(sorted(inside, key=rank)))
    if low != high or not candidates:
        return ()
    nearest = sorted(candidates, key=lambda item: (round(abs(item.per_period_mg - low), 6), item.per_period_mg, *rank(item)))
    result: list[SuggestedOrder] = []
    for item in nearest:
        if len(result) >= MAX_SUGGESTIONS:
            break
        if any(_same(item, other) for other in result) or not allowed(item.per_period_mg, item.product.release):
            continue
        difference = 100 * (item.per_period_mg - low) / low
        sign = "+" if difference > 0 else ""
        text = f"{_worded(item, unit, drug).text} (nearest: {sign}{format_number(difference, 1)}% from {format_mass(low, unit)})"
        result.append(
            SuggestedOrder(
                text, item.product, item.frequency, item.per_administration_mg, item.per_period_mg, item.per_day_mg, item.units, difference
            )
        )
    return tuple(result)


def _worded(item: SuggestedOrder, unit: str, drug: Drug) -> SuggestedOrder:
    """The order with its text. Only the orders suggested are worded: a candidate's text is not
    used to rank or compare them, and wording every candidate (about 180 for a three-drug plan)
    was most of a keystroke's time in the window (issue 9)."""
    return replace(item, text=_text(item.product, item.per_administration_mg, item.units, item.frequency, item.per_day_mg, unit, drug))


def _pick(ranked: list[SuggestedOrder]) -> tuple[SuggestedOrder, ...]:
    first = ranked[0]
    same_total = [item for item in ranked[1:] if item.product != first.product and abs(item.per_period_mg - first.per_period_mg) < 1e-9]
    chosen = [first, *same_total[:1]]
    for item in ranked:
        if len(chosen) >= MAX_SUGGESTIONS:
            break
        if not any(_same(item, other) for other in chosen):
            chosen.append(item)
    return tuple(chosen)


def _same(first: SuggestedOrder, second: SuggestedOrder) -> bool:
    """The same order made up another way (three 200 mg tablets, or one 400 and one 200 mg)."""
    return (
        first.product == second.product and first.frequency == second.frequency and abs(first.per_period_mg - second.per_period_mg) < 1e-9
    )


def made_up(drug: Drug, regimen: Regimen, amount_mg: float, frequency_text: str | None, form_id: str | None) -> str:
    """How one administration of an ordered dose is made up of listed strengths, in the fewest
    units, of the product of the ordered form (a product's release) when the drug has forms:
    "400 mg: two 200 mg tablets once daily"; "" when no listed strength makes it exactly, or
    the order has no frequency yet."""
    if regimen.period not in ("day", "week") or frequency_text is None:
        return ""
    best: tuple[int, str] | None = None
    unit = regimen.mass_unit
    for product in drug.products:
        if form_id is not None and product.release is not None and product.release != form_id:
            continue
        for units in _unit_sets(product):
            if abs(sum(item.strength_mg * item.count for item in units) - amount_mg) > 1e-6:
                continue
            key = sum(item.count for item in units)
            head = f"{product.release} " if product.release and len(drug.products) > 1 else ""
            text = f"{_mass(amount_mg, unit)}: {head}{units_text(product, units, unit)} {frequency_text}"
            if best is None or key < best[0]:
                best = (key, text)
    return best[1] if best else ""
