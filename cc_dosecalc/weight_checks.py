"""The patient's weight checked against the age, sex and height entered (clinical rules,
"Weight plausibility for every age", "Weight entry" and "Missing inputs"). No Qt here.

- Under the formulary's ``growth_reference_below_years`` (20, where the CDC tables end): the
  LMS z-score (|z| above 3: warning) and CDC's modified z-score (above +8 or below -5: stop)
  against the CDC 2000 weight-for-age tables. Without a sex, both sexes' tables are read and
  the one where the weight is the less unusual is used (the wider band: no false stop).
- A whole number of years ("6") is read as the whole year of age (6 years 0 months to 6 years
  11 months), and the least unusual age in it is used; days, weeks and months are exact.
- From that age: the adult weight range ([[weight_plausibility]]) and, with a height, the body
  mass index (below 12 or above 70: warning).
- No age and a weight under the child weight (40 kg): stop, the age is needed.
- The 2.2-fold error: when the weight as entered is implausible but the same number in the
  other unit (lb for kg, kg for lb) is not, the alert asks whether that was meant.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from cc_dosecalc.formulary import Formulary, Level
from cc_dosecalc.growth_reference import GrowthReference, centile, growth_reference
from cc_dosecalc.parsing import Measurement
from cc_dosecalc.plan import SEXES, Patient, Sex
from cc_dosecalc.results import LEVEL_RANK, Alert, PlanResult, WeightForAge
from cc_dosecalc.units import convert
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number, format_quantity, format_weight, format_weight_entered

_SEX_WORDS: dict[Sex, str] = {"male": "boys", "female": "girls"}
_OTHER_UNIT = {"kg": "lb", "lb": "kg"}
# a figure on the line is not over it: float error never fires a check
_EPSILON = 1e-9
_DAYS_PER_MONTH = 30.4375


@value_class
class WeightCheck:
    figures: WeightForAge | None
    alerts: tuple[Alert, ...]


def check_weight(formulary: Formulary, patient: Patient) -> WeightCheck:
    """The weight's figures for age and the alerts they raise."""
    checker = _Checker(formulary, patient)
    return checker.run()


def shown_beside(value: float, threshold: float, decimals: int = 2) -> str:
    """``value`` written precisely enough to see which side of ``threshold`` it falls."""
    for places in range(decimals, 10):
        text = format_number(value, places)
        if value == threshold or float(text.replace(",", "")) != threshold:
            return text
    return format_number(value, 10)


def signed(text: str) -> str:
    return text if text.startswith("-") or text == "0" else f"+{text}"


def centile_text(value: float) -> str:
    if value > 99.9:
        return "above 99.9"
    if value < 0.1:
        return "below 0.1"
    return format_number(value, 1)


def age_in_months_text(months: float) -> str:
    """ "18 months", "6 years 11 months": how old the figures are for."""
    if months < 24:
        return format_quantity(months, "months", 1)
    years, rest = divmod(months, 12)
    # completed months, as an age is said ("6 years 11 months" up to the last day of that year)
    return f"{format_quantity(years, 'years', 0)} {format_quantity(math.floor(rest + _EPSILON), 'months', 0)}"


def describe_weight_for_age(figures: WeightForAge) -> str:
    """The figures as shown with the weight, the reference named."""
    return (
        f"z-score {signed(format_number(figures.z, 2))} (centile {centile_text(figures.centile)}), "
        f"modified z-score {signed(format_number(figures.modified_z, 2))}; {reference_context(figures)}"
    )


def reference_context(figures: WeightForAge) -> str:
    """ "CDC 2000 growth charts (weight-for-age), boys, at 18 months": which table and age."""
    sex = _SEX_WORDS[figures.sex]
    if not figures.sex_given:
        sex += " (sex not given: the wider of the boys' and girls' bands)"
    at = f"at {age_in_months_text(figures.age_months)}"
    if figures.age_span is not None:
        low, high = figures.age_span
        at += f" (an age in whole years is read as the whole year, {age_in_months_text(low)} to {age_in_months_text(high)})"
    return f"{figures.reference}, {sex}, {at}"


def ages_read(age: Measurement) -> tuple[float, ...]:
    """The ages in months that an age as typed may be: exact in days, weeks and months (and
    decimal years); a whole number of years is every month of that year, to its last day."""
    if age.unit == "years" and float(age.value).is_integer():
        start = age.value * 12
        return (*(start + month for month in range(12)), start + 12 - 1 / _DAYS_PER_MONTH)
    return (age.to("months"),)


@value_class
class _Reading:
    figures: WeightForAge
    level: Level | None
    what: str


class _Checker:
    def __init__(self, formulary: Formulary, patient: Patient) -> None:
        self.formulary = formulary
        self.checks = formulary.weight_for_age
        self.patient = patient

    def run(self) -> WeightCheck:
        patient = self.patient
        limits = self.formulary.built_in_checks
        weight = patient.weight_kg
        if patient.age is None:
            if weight < limits.child_weight_kg.value:
                message = (
                    f"Age is needed: a patient under {format_weight(limits.child_weight_kg.value)} may be a child, and the "
                    f"children's limits cannot be checked (weight {format_weight_entered(patient.weight.value, patient.weight.unit)}, "
                    "no age given)."
                )
                return WeightCheck(None, (Alert("stop", "age-needed", message, limits.child_weight_kg.source),))
            text = "Age not given: the weight was not checked for plausibility against the age."
            alerts = [Alert("info", "weight-plausibility-not-applied", text, self.checks.z_warning.source)]
            # above the adults' highest plausible weight, no age can make it plausible
            for rule in self.formulary.weight_plausibility:
                if weight > rule.high_kg:
                    message = f"{self._weight_words()}, no age given: above {format_weight(rule.high_kg)} at any age. {rule.message}"
                    alerts.insert(0, Alert(rule.level, "weight-implausible", message, rule.source))
            return WeightCheck(None, tuple(alerts))
        ages = self._growth_ages(patient.age)
        if ages:
            return self._children(ages)
        return WeightCheck(None, self._adult())

    def _growth_ages(self, age: Measurement) -> tuple[float, ...]:
        reference = growth_reference()
        below = self.checks.growth_reference_below_years.value * 12
        return tuple(months for months in ages_read(age) if months < below * (1 - _EPSILON) and reference.covers(months))

    # --- birth to 20 years ------------------------------------------------------------

    def _children(self, ages: tuple[float, ...]) -> WeightCheck:
        reference = growth_reference()
        assert self.patient.age is not None
        span = (ages[0], ages[-1]) if len(ages) > 1 else None
        reading = self._read(reference, self.patient.weight_kg, ages, span)
        alerts: list[Alert] = []
        if reading.level is not None:
            message = f"{self._weight_words()} is {reading.what}; {reference_context(reading.figures)}."
            message += self._suggestion(reading.level, lambda kg: self._read(reference, kg, ages, span).level, "usual for this age")
            source = self.checks.modified_z_stop_above.source if reading.level == "stop" else self.checks.z_warning.source
            code = "weight-implausible-for-age" if reading.level == "stop" else "weight-unusual-for-age"
            alerts.append(Alert(reading.level, code, message, source))
        return WeightCheck(reading.figures, tuple(alerts))

    def _read(self, reference: GrowthReference, weight: float, ages: tuple[float, ...], span: tuple[float, float] | None) -> _Reading:
        sexes: tuple[Sex, ...] = (self.patient.sex,) if self.patient.sex else SEXES
        readings = [self._reading(reference, weight, sex, months, span) for sex in sexes for months in ages]
        return min(readings, key=lambda reading: (_severity(reading.level), abs(reading.figures.z)))

    def _reading(self, reference: GrowthReference, weight: float, sex: Sex, months: float, span: tuple[float, float] | None) -> _Reading:
        lms = reference.lms(sex, months)
        z, modified = lms.z(weight), lms.modified_z(weight)
        figures = WeightForAge(z, modified, centile(z), reference.name, sex, self.patient.sex is not None, months, span)
        above, below = self.checks.modified_z_stop_above.value, -self.checks.modified_z_stop_below_minus.value
        limit = self.checks.z_warning.value
        if modified > above * (1 + _EPSILON):
            shown = signed(shown_beside(modified, above))
            return _Reading(figures, "stop", f"implausible for age (modified z-score {shown}, above +{format_number(above, 2)})")
        if modified < below * (1 + _EPSILON):
            shown = shown_beside(modified, below)
            return _Reading(figures, "stop", f"implausible for age (modified z-score {shown}, below {format_number(below, 2)})")
        if abs(z) > limit * (1 + _EPSILON):
            side = "above +" if z > 0 else "below -"
            return _Reading(
                figures,
                "warning",
                f"unusual for age: check the weight and its unit (z-score {signed(shown_beside(z, limit if z > 0 else -limit))}, "
                f"{side}{format_number(limit, 2)})",
            )
        return _Reading(figures, None, "")

    # --- adults -----------------------------------------------------------------------

    def _adult(self) -> tuple[Alert, ...]:
        alerts: list[Alert] = []
        assert self.patient.age_years is not None
        weight = self.patient.weight_kg
        for rule in self.formulary.weight_plausibility:
            if self.patient.age_years >= rule.min_age_years and not rule.low_kg <= weight <= rule.high_kg:
                message = f"{self._weight_words()}: {rule.message}"
                message += self._suggestion(rule.level, self._adult_level, "plausible for an adult")
                alerts.append(Alert(rule.level, "weight-implausible", message, rule.source))
        height = self.patient.height_cm
        if height is None:
            text = "Height not given: the body mass index was not checked."
            alerts.append(Alert("info", "bmi-not-applied", text, self.checks.bmi_warning_below.source))
            return tuple(alerts)
        bmi = self._bmi(self.patient.weight_kg)
        low, high = self.checks.bmi_warning_below, self.checks.bmi_warning_above
        if self._bmi_level(self.patient.weight_kg) is not None:
            side, limit = ("below", low.value) if bmi < low.value else ("above", high.value)
            message = (
                f"{self._weight_words()}, {format_quantity(height, 'cm', 1)}: body mass index {shown_beside(bmi, limit, 1)} kg/m2 "
                f"is {side} {format_number(limit, 1)}: check the weight, the height and their units."
            )
            message += self._suggestion("warning", self._adult_level, "plausible for an adult of this height")
            alerts.append(Alert("warning", "bmi-implausible", message, low.source if side == "below" else high.source))
        return tuple(alerts)

    def _adult_range_level(self, weight: float) -> Level | None:
        assert self.patient.age_years is not None
        worst: Level | None = None
        for rule in self.formulary.weight_plausibility:
            outside = self.patient.age_years >= rule.min_age_years and not rule.low_kg <= weight <= rule.high_kg
            if outside and (worst is None or LEVEL_RANK[rule.level] < LEVEL_RANK[worst]):
                worst = rule.level
        return worst

    def _bmi(self, weight: float) -> float:
        assert self.patient.height_cm is not None
        return weight / (self.patient.height_cm / 100) ** 2

    def _bmi_level(self, weight: float) -> Level | None:
        if self.patient.height_cm is None:
            return None
        bmi = self._bmi(weight)
        low, high = self.checks.bmi_warning_below.value, self.checks.bmi_warning_above.value
        if bmi < low * (1 - _EPSILON) or bmi > high * (1 + _EPSILON):
            return "warning"
        return None

    def _adult_level(self, weight: float) -> Level | None:
        worst: Level | None = None
        for level in (self._adult_range_level(weight), self._bmi_level(weight)):
            if level is not None and (worst is None or LEVEL_RANK[level] < LEVEL_RANK[worst]):
                worst = level
        return worst

    # --- both -------------------------------------------------------------------------

    def _weight_words(self) -> str:
        return f"Weight {format_weight_entered(self.patient.weight.value, self.patient.weight.unit)}"

    def _suggestion(self, level: Level, level_of: Callable[[float], Level | None], usual: str) -> str:
        """ " Was this 44 lb (19.96 kg)? That would be usual for this age." when the same number
        in the other unit passes every weight check this one failed; for an implausible weight
        (a stop) whose other reading is only unusual (a warning), that is said instead."""
        entered = self.patient.weight
        other = _OTHER_UNIT.get(entered.unit)
        if other is None:
            return ""
        other_kg = convert(entered.value, other, "kg")
        other_level = level_of(other_kg)
        if _severity(other_level) >= _severity(level):
            return ""
        number = format_quantity(entered.value, other, 3)
        in_kg = f" ({format_weight(other_kg)})" if other != "kg" else ""
        if other_level is None:
            return f" Was this {number}{in_kg}? That would be {usual}."
        return f" Was this {number}{in_kg}? That would be unusual, but not implausible, for this age."


def _severity(level: Level | None) -> int:
    return 0 if level is None else 3 - LEVEL_RANK[level]


def beside_weight(rows: tuple[tuple[str, str], ...], extra: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``extra`` placed right after the "Weight" row of a patient's rows."""
    at = next((index + 1 for index, (label, _) in enumerate(rows) if label == "Weight"), len(rows))
    return rows[:at] + extra + rows[at:]


def weight_for_age_rows(plan: PlanResult) -> tuple[tuple[str, str], ...]:
    """The summary's row for the figures, beside the weight ("" when there are none)."""
    if plan.weight_for_age is None:
        return ()
    return (("Weight for age", describe_weight_for_age(plan.weight_for_age)),)
