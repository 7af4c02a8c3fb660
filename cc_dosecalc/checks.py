"""The kinds of label limit, applied to one order. The numbers come from the formulary."""

from __future__ import annotations

from collections.abc import Callable

from cc_dosecalc.formulary import PLAN_DRUG_KIND, Check, Condition
from cc_dosecalc.parsing import Measurement
from cc_dosecalc.results import Alert
from cc_dosecalc.units import convert
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number, format_quantity, format_weight

# An age typed in months or years is coarse next to a limit in days ("28 days or under"): a
# calendar month is 28 to 31 days, a year 365 or 366. Such limits are judged on the bound that
# could breach them, so "1 month" is not taken as safely over 28 days.
_AGE_UNIT_SPAN_DAYS = {"days": (1.0, 1.0), "weeks": (7.0, 7.0), "months": (28.0, 31.0), "years": (365.0, 366.0)}
_FINE_AGE_UNITS = frozenset({"days", "weeks"})

# A condition compares one figure of the order with the formulary's value.
_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "below": lambda figure, limit: figure < limit * (1 - 1e-9),
    "above": lambda figure, limit: figure > limit * (1 + 1e-9),
    "at_most": lambda figure, limit: figure <= limit * (1 + 1e-9),
    "at_least": lambda figure, limit: figure >= limit * (1 - 1e-9),
}


@value_class
class CheckContext:
    """The figures of one order that the checks look at, in canonical units.

    A figure that is None could not be known (an input was not given, or there is no dose);
    a check that needs it is reported as not applied, never as passed.
    """

    age: Measurement | None
    crcl_ml_min: float | None
    weight_kg: float
    daily_mg: float | None
    single_mg: float | None
    interval_days: float | None
    # what the dose figures are, in words: "ordered dose 400 mg/day"
    dose_subject: str
    # the drugs of the whole plan (for plan_includes_drug)
    plan_drugs: frozenset[str] = frozenset()


# condition kind -> (figure name, comparison, canonical unit, what is missing in words)
_KINDS: dict[str, tuple[str, str, str, str]] = {
    "age_below": ("age", "below", "years", "age not given"),
    "age_above": ("age", "above", "years", "age not given"),
    "age_at_most": ("age", "at_most", "years", "age not given"),
    "age_at_least": ("age", "at_least", "years", "age not given"),
    "weight_below": ("weight_kg", "below", "kg", "weight not given"),
    "crcl_below": ("crcl_ml_min", "below", "mL/min", "creatinine clearance not given"),
    "crcl_at_most": ("crcl_ml_min", "at_most", "mL/min", "creatinine clearance not given"),
    "daily_dose_above": ("daily_mg", "above", "mg", "no dose to check"),
    "single_dose_above": ("single_mg", "above", "mg", "no single dose to check"),
    "daily_dose_per_kg_above": ("daily_mg_per_kg", "above", "mg/kg", "no dose to check"),
    "dosing_interval_below": ("interval_days", "below", "days", "no dosing interval"),
}
_AGE_KINDS = frozenset({"age_below", "age_above", "age_at_most", "age_at_least"})
DOSE_KINDS = frozenset({"daily_dose_above", "single_dose_above", "daily_dose_per_kg_above"})


def _figure(context: CheckContext, name: str) -> float | None:
    if name == "daily_mg_per_kg":
        return None if context.daily_mg is None else context.daily_mg / context.weight_kg
    if name == "age":
        return context.age.to("years") if context.age else None
    value: float | None = getattr(context, name)
    return value


def _holds(condition: Condition, context: CheckContext) -> bool | str:
    """True or False, or the reason it cannot be known."""
    if condition.kind == PLAN_DRUG_KIND:
        return condition.drug in context.plan_drugs
    figure_name, comparison, unit, missing = _KINDS[condition.kind]
    figure = _figure(context, figure_name)
    if figure is None:
        return missing
    limit = convert(condition.value, condition.unit, unit)
    if figure_name == "age" and _coarse_age(condition, context):
        return _COMPARISONS[comparison](_age_bound(context, comparison), limit)
    return _COMPARISONS[comparison](figure, limit)


def _coarse_age(condition: Condition, context: CheckContext) -> bool:
    return context.age is not None and condition.unit in _FINE_AGE_UNITS and context.age.unit not in _FINE_AGE_UNITS


def _age_bound(context: CheckContext, comparison: str) -> float:
    """The youngest (for an upper age limit) or oldest the typed age could be, in years."""
    assert context.age is not None
    short, long = _AGE_UNIT_SPAN_DAYS[context.age.unit]
    days = context.age.value * (long if comparison in ("above", "at_least") else short)
    return convert(days, "days", "years")


def apply_check(check: Check, context: CheckContext) -> Alert | None:
    """The alert this check raises for the order: fired, not applied (info), or None."""
    outcomes = [_holds(condition, context) for condition in check.conditions]
    if any(outcome is False for outcome in outcomes):
        return None
    missing = [outcome for outcome in outcomes if isinstance(outcome, str)]
    if missing:
        reasons = " and ".join(dict.fromkeys(missing))
        text = f"Not checked ({reasons}): {check.message}"
        if check.level == "stop":
            # no rule is not a pass: a stop that could not run is a warning to acknowledge, never a quiet note
            return Alert("warning", f"{check.code}-not-applied", f"{text} If it applies, this would be a stop.", check.source)
        return Alert("info", f"{check.code}-not-applied", text, check.source)
    message = check.message
    if any(condition.kind in DOSE_KINDS for condition in check.conditions):
        message += f" Checked: {context.dose_subject}"
        if context.daily_mg is not None and any(condition.kind == "daily_dose_per_kg_above" for condition in check.conditions):
            message += f", {format_number(context.daily_mg / context.weight_kg, 2)} mg/kg/day for {format_weight(context.weight_kg)}"
        message += "."
    coarse = [condition for condition in check.conditions if condition.kind in _AGE_KINDS and _coarse_age(condition, context)]
    if coarse and context.age is not None:
        typed = format_quantity(context.age.value, context.age.unit, 3)
        message += f" Age entered as {typed}, too coarse for this limit: enter the age in days to confirm."
    return Alert(check.level, check.code, message, check.source)
