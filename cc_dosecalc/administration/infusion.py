"""The IVIG infusion plan for each day of the course: whole vials, the volume, and the rate
steps a nurse follows (start slowly, step up by the label's steps, never above the maximum)."""

from __future__ import annotations

import math

from cc_dosecalc.administration.at_risk import AtRisk
from cc_dosecalc.administration.vials import RoundedDose
from cc_dosecalc.formulary import Administration, InfusionProduct, SourcedNumber
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number


@value_class
class StepPlan:
    """One rate of the day's infusion. ``start_min`` is the clock time from the start."""

    start_min: float
    minutes: float
    rate_ml_h: float
    rate_mg_kg_min: float
    volume_ml: float
    cumulative_ml: float
    # True for the step that runs until the day's volume is given
    last: bool


@value_class
class Checkpoint:
    minute: float
    what: str


@value_class
class InfusionDay:
    day: int
    dose: RoundedDose
    volume_ml: float
    steps: tuple[StepPlan, ...]
    checkpoints: tuple[Checkpoint, ...]

    @property
    def duration_min(self) -> float:
        return sum(step.minutes for step in self.steps)


@value_class
class InfusionPlan:
    product: InfusionProduct
    weight_kg: float
    weight_basis: str
    at_risk: AtRisk
    max_rate: SourcedNumber
    days: tuple[InfusionDay, ...]
    # the site's tolerance in %, as used
    tolerance_percent: float


def max_rate(product: InfusionProduct, administration: Administration, at_risk: bool) -> SourcedNumber:
    """The highest rate of the schedule: the label's, or the at-risk maximum when at risk
    (the label's number, else the site's for a label that says "minimum practicable rate")."""
    if not at_risk:
        return product.max_rate
    limit = product.at_risk_max or administration.ivig_at_risk_max_rate
    return limit if limit.value < product.max_rate.value else product.max_rate


def pump_rate_ml_h(weight_kg: float, rate_mg_kg_min: float, concentration_mg_per_ml: float) -> float:
    """mL/h = kg x mg/kg/min x 60 / (mg/mL), rounded down to 0.1 mL/h (a pump's setting;
    down, so that the rate set is never above the rate allowed)."""
    exact = weight_kg * rate_mg_kg_min * 60 / concentration_mg_per_ml
    return math.floor(round(exact * 10, 6)) / 10


def day_plan(day: int, dose: RoundedDose, product: InfusionProduct, weight_kg: float, limit: float) -> InfusionDay:
    concentration = product.concentration_mg_per_ml.value
    volume = dose.dose_g * 1000 / concentration
    steps: list[StepPlan] = []
    clock = given = 0.0
    for index, label_step in enumerate(product.steps):
        rate = min(label_step.rate_mg_kg_min, limit)
        ml_h = pump_rate_ml_h(weight_kg, rate, concentration)
        capped = label_step.rate_mg_kg_min >= limit  # the schedule climbs no further
        last_label_step = label_step.minutes is None or index == len(product.steps) - 1
        minutes = None if capped or last_label_step else label_step.minutes
        remaining = volume - given
        if minutes is None or ml_h * minutes / 60 >= remaining - 1e-9:
            minutes = remaining / ml_h * 60
            steps.append(StepPlan(clock, minutes, ml_h, rate, remaining, volume, True))
            break
        step_ml = ml_h * minutes / 60
        given += step_ml
        steps.append(StepPlan(clock, minutes, ml_h, rate, step_ml, given, False))
        clock += minutes
    return InfusionDay(day, dose, volume, tuple(steps), checkpoints(tuple(steps)))


def checkpoints(steps: tuple[StepPlan, ...]) -> tuple[Checkpoint, ...]:
    """Vital signs before the start, 15 minutes after it, at every rate change, and at the end."""
    points = [Checkpoint(0, "before the start"), Checkpoint(15, "15 minutes after the start")]
    for step in steps[1:]:
        points.append(Checkpoint(step.start_min, f"rate change to {format_number(step.rate_ml_h, 1)} mL/h"))
    end = steps[-1].start_min + steps[-1].minutes
    points.append(Checkpoint(end, "end of the infusion"))
    by_minute: dict[float, list[str]] = {}
    for point in sorted(points, key=lambda point: point.minute):
        by_minute.setdefault(round(point.minute, 6), []).append(point.what)
    return tuple(Checkpoint(minute, "; ".join(whats)) for minute, whats in by_minute.items())


def format_clock(minutes: float) -> str:
    """ "0:00", "4:48" (hours:minutes from the start; minutes rounded up, so a step is never
    shown ending before it does)."""
    whole = math.ceil(round(minutes, 6))
    return f"{whole // 60}:{whole % 60:02d}"


def format_duration(minutes: float) -> str:
    """ "4 h 48 min", "30 min" (rounded up to the minute)."""
    whole = math.ceil(round(minutes, 6))
    hours, rest = divmod(whole, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
