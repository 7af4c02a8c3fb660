"""The dosing engine: a patient and orders in, doses, steps and alerts out. No Qt here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from cc_dosecalc.administration.order import administer
from cc_dosecalc.checks import DOSE_KINDS, CheckContext, apply_check
from cc_dosecalc.dosing_weight import choose_dosing_weight
from cc_dosecalc.formulary import BuiltInChecks, Drug, Formulary, Level, Regimen
from cc_dosecalc.parsing import InputError, Measurement
from cc_dosecalc.plan import Order, Patient, WeightSource
from cc_dosecalc.results import (
    Alert,
    Dose,
    DosingWeight,
    InteractionAlert,
    OrderResult,
    PlanResult,
    ScheduledDose,
    sort_alerts,
)
from cc_dosecalc.units import Quantity, convert
from cc_dosecalc.writing import (
    format_mass,
    format_mass_range,
    format_number,
    format_per_kg_range,
    format_quantity,
    format_volume_ml,
    format_weight,
    round_dose,
)

_PERIOD_SUFFIX = {"day": "/day", "week": "/week", "course": " per course"}


def calculate_plan(formulary: Formulary, patient: Patient, orders: Sequence[Order]) -> PlanResult:
    """Calculate every order for the patient, and the interactions between them.

    Raises :class:`InputError` for an order the formulary cannot answer (unknown drug or
    regimen, IVIG days out of range); alerts never raise.
    """
    results = tuple(calculate_order(formulary, patient, order) for order in orders)
    return PlanResult(
        formulary=formulary,
        patient=patient,
        orders=results,
        interactions=_interactions(formulary, results),
        patient_alerts=_patient_alerts(formulary, patient),
    )


def resolve(formulary: Formulary, order: Order) -> tuple[Drug, Regimen, int | None]:
    """The drug, regimen and number of days an order names, or :class:`InputError`."""
    if not formulary.has_drug(order.drug_id):
        known = ", ".join(drug.id for drug in formulary.drugs)
        raise InputError("Drug", f"unknown drug '{order.drug_id[:40]}': use one of {known}")
    drug = formulary.drug(order.drug_id)
    try:
        regimen = drug.regimen(order.regimen_id)
    except KeyError:
        known = ", ".join(regimen.id for regimen in drug.regimens)
        raise InputError("Regimen", f"unknown regimen '{str(order.regimen_id)[:40]}' for {drug.id}: use one of {known}") from None
    if regimen.period != "course":
        if order.days is not None:
            raise InputError("Days", f"{regimen.id} is not given over a number of days")
        return drug, regimen, None
    assert regimen.days_min is not None and regimen.days_max is not None
    days = regimen.days_default if order.days is None else order.days
    if days is None or not regimen.days_min <= days <= regimen.days_max:
        raise InputError("Days", f"{regimen.id} is given over {regimen.days_min} to {regimen.days_max} days")
    return drug, regimen, days


def calculate_order(formulary: Formulary, patient: Patient, order: Order) -> OrderResult:
    drug, regimen, days = resolve(formulary, order)
    limits = formulary.built_in_checks
    weight, weight_steps, alerts = choose_dosing_weight(patient, regimen, order.dosing_weight, limits.adult_age_years.value)
    steps = _weight_entry_steps(patient) + weight_steps
    dose, dose_steps = _dose(regimen, weight)
    steps += dose_steps
    course_total, schedule, course_steps = _course(regimen, dose, days)
    steps += course_steps

    order_range = _order_period_range(regimen, dose, days)
    ordered_mg = order.ordered.to("mg") if order.ordered else None
    per_kg_equivalent = None
    if regimen.basis == "fixed" and dose is not None:
        per_kg_equivalent, child_steps, child_alerts = _fixed_dose_in_child(patient, regimen, dose, limits)
        steps += child_steps
        alerts += child_alerts
    if regimen.basis == "none":
        alerts.append(Alert("info", "no-reference-dose", "No dose is established in the reference: none is calculated.", regimen.source))
        steps.append("No dose in the reference: none calculated.")
    if order.ordered is not None:
        adult_dose_in_child = per_kg_equivalent is not None
        alerts += _ordered_dose_alerts(patient, regimen, order_range, order.ordered, adult_dose_in_child, limits.decimal_error_factor.value)

    context = _check_context(patient, regimen, order_range, order.ordered)
    for check in drug.checks:
        alert = apply_check(check, context)
        if alert:
            alerts.append(alert)
    if drug.double_check:
        alerts.append(Alert("info", "double-check", drug.double_check, drug.double_check_source or ""))
    allowed = _within_limits(patient, drug, regimen, order_range)
    given = administer(formulary, patient, order, drug, regimen, weight, schedule, order_range, allowed)
    alerts += given.alerts
    steps += given.steps

    return OrderResult(
        order=order,
        drug=drug,
        regimen=regimen,
        dosing_weight=weight,
        dose=dose,
        course_total=course_total,
        schedule=schedule,
        days=days,
        per_kg_equivalent=per_kg_equivalent,
        ordered_mg=ordered_mg,
        text=_order_text(drug, regimen, dose, course_total, schedule),
        steps=tuple(steps),
        alerts=sort_alerts(alerts),
        side_effects=drug.side_effects + regimen.side_effects,
        monitoring=drug.monitoring + regimen.monitoring,
        cautions=drug.cautions + regimen.cautions,
        sources=tuple(dict.fromkeys(formulary.source_text(key) for key in _source_keys(drug, regimen))),
        suggested_orders=given.suggested_orders,
        made_up=given.made_up,
        infusion=given.infusion,
    )


def _within_limits(
    patient: Patient, drug: Drug, regimen: Regimen, order_range: tuple[float, float] | None
) -> Callable[[float], bool]:
    """Whether a dose of so many mg per the regimen's period crosses none of the drug's dose
    limits for this patient: no stop, and no warning that the bottom of the calculated range
    does not already raise (an 800 mg etidronate dose above 10 mg/kg/day stays suggestible
    when the calculated dose is that dose)."""
    dose_checks = [check for check in drug.checks if check.level != "info" and any(c.kind in DOSE_KINDS for c in check.conditions)]

    def fired(mg: float) -> set[str]:
        context = _check_context(patient, regimen, None, Measurement(mg, "mg"))
        return {check.code for check in dose_checks if (alert := apply_check(check, context)) and alert.level != "info"}

    stops = {check.code for check in dose_checks if check.level == "stop"}
    baseline = fired(order_range[0]) - stops if order_range else set()

    known: dict[float, bool] = {}

    def allowed(mg: float) -> bool:
        if mg not in known:
            known[mg] = fired(mg) <= baseline
        return known[mg]

    return allowed


def _source_keys(drug: Drug, regimen: Regimen) -> list[str]:
    keys = [regimen.source, drug.source]
    keys += [check.source for check in drug.checks]
    keys += [item.source for item in drug.side_effects + drug.monitoring + drug.cautions]
    keys += [item.source for item in regimen.side_effects + regimen.monitoring + regimen.cautions]
    if regimen.dosing_weight:
        keys.append(regimen.dosing_weight.source)
    return keys


def _weight_entry_steps(patient: Patient) -> list[str]:
    weight = patient.weight
    if weight.unit == "kg":
        return []
    factor = convert(1, weight.unit, "kg")
    entered = format_quantity(weight.value, weight.unit, 3)
    return [f"Weight: {entered} x {format_number(factor, 8)} kg/{weight.unit} = {format_weight(patient.weight_kg)}"]


def _dose(regimen: Regimen, weight: DosingWeight) -> tuple[Dose | None, list[str]]:
    if regimen.basis == "none":
        return None, []
    assert regimen.dose_low is not None and regimen.dose_high is not None and regimen.dose_unit is not None
    suffix = _PERIOD_SUFFIX[regimen.period]
    if regimen.basis == "fixed":
        low = Quantity(regimen.dose_low, regimen.dose_unit).to("mg").magnitude
        high = Quantity(regimen.dose_high, regimen.dose_unit).to("mg").magnitude
        text = format_mass_range(low, high, regimen.mass_unit)
        return Dose(float(low), float(high), regimen.period), [f"Fixed dose: {text}{suffix} (not weight-based)"]
    steps = []
    doses = []
    for per_kg in dict.fromkeys((regimen.dose_low, regimen.dose_high)):
        mg = float((Quantity(per_kg, regimen.dose_unit) * Quantity(weight.kg, "kg")).to("mg").magnitude)
        doses.append(mg)
        steps.append(
            f"{format_number(per_kg, 2)} {regimen.dose_unit}{suffix} x {format_weight(weight.kg)} ({weight.basis} weight)"
            f" = {format_mass(mg, regimen.mass_unit)}{suffix}"
        )
    return Dose(doses[0], doses[-1], regimen.period), steps


def _course(regimen: Regimen, dose: Dose | None, days: int | None) -> tuple[Dose | None, tuple[ScheduledDose, ...], list[str]]:
    """The course total and, for a course given over days, the daily schedule."""
    if dose is None:
        return None, (), []
    unit = regimen.mass_unit
    if regimen.period == "day" and regimen.course_days:
        total = Dose(dose.low_mg * regimen.course_days, dose.high_mg * regimen.course_days, "course")
        step = (
            f"{format_mass_range(dose.low_mg, dose.high_mg, unit)}/day x {regimen.course_days} days = "
            f"{format_mass_range(total.low_mg, total.high_mg, unit)} course total"
        )
        return total, (), [step]
    if regimen.period != "course" or days is None:
        return None, (), []
    daily = dose.high_mg / days
    schedule = tuple(ScheduledDose(day, daily) for day in range(1, days + 1))
    steps = [f"{format_mass(dose.high_mg, unit)} / {days} days = {format_mass(daily, unit)} daily"]
    if regimen.product_concentration_mg_per_ml:
        concentration = regimen.product_concentration_mg_per_ml
        percent = format_number(concentration / 10, 1)
        steps.append(
            f"Volume of a {percent}% product ({format_number(concentration, 0)} mg/mL): "
            f"{format_volume_ml(dose.high_mg / concentration)} per course, {format_volume_ml(daily / concentration)} daily"
        )
    return dose, schedule, steps


def _order_period_range(regimen: Regimen, dose: Dose | None, days: int | None) -> tuple[float, float] | None:
    """The calculated range in mg per order: per day, per week, or per day of a course."""
    if dose is None:
        return None
    if regimen.period == "course" and days:
        return dose.low_mg / days, dose.high_mg / days
    return dose.low_mg, dose.high_mg


def _order_period_words(regimen: Regimen) -> str:
    return {"day": "/day", "week": " once weekly", "course": " daily"}[regimen.period]


def describe_ordered(ordered: Measurement, regimen: Regimen) -> str:
    """The ordered dose exactly as entered, with its value in the regimen's unit when that differs:
    "1,999 mg/day (1.999 g)". Never rounded: the nurse must recognise what was typed."""
    words = _order_period_words(regimen)
    text = f"{format_quantity(ordered.value, ordered.unit, 6)}{words}"
    if ordered.unit != regimen.mass_unit:
        text += f" ({format_quantity(ordered.to(regimen.mass_unit), regimen.mass_unit, 6)})"
    return text


def _check_context(
    patient: Patient, regimen: Regimen, order_range: tuple[float, float] | None, ordered: Measurement | None
) -> CheckContext:
    unit, words = regimen.mass_unit, _order_period_words(regimen)
    if ordered is not None:
        amount: float | None = ordered.to("mg")
        subject = f"ordered dose {describe_ordered(ordered, regimen)}"
    elif order_range is not None:
        amount = order_range[1]
        subject = f"calculated dose {format_mass_range(order_range[0], order_range[1], unit)}{words}"
        if order_range[0] != order_range[1]:
            subject += " (upper end checked)"
    else:
        amount, subject = None, ""
    per_week = regimen.period == "week"
    return CheckContext(
        age=patient.age,
        crcl_ml_min=patient.crcl_ml_min,
        weight_kg=patient.weight_kg,
        daily_mg=None if amount is None else amount / 7 if per_week else amount,
        single_mg=amount if amount is not None and regimen.period in ("week", "course") else None,
        interval_days={"day": 1.0, "week": 7.0}.get(regimen.period),
        dose_subject=subject,
    )


def _ordered_dose_alerts(
    patient: Patient,
    regimen: Regimen,
    order_range: tuple[float, float] | None,
    ordered: Measurement,
    adult_dose_in_child: bool,
    decimal_error_factor: float,
) -> list[Alert]:
    """Compare the prescriber's dose with the calculated range as the nurse sees it written."""
    unit, words = regimen.mass_unit, _order_period_words(regimen)
    ordered_text = f"Ordered dose {describe_ordered(ordered, regimen)}"

    def alert(level: Level, code: str, text: str) -> list[Alert]:
        return [Alert(level, code, f"{ordered_text} {text}", regimen.source)]

    if order_range is None:
        return alert("info", "ordered-no-reference", "has no dose in the reference to compare with: checked against label limits only.")
    low, high = (round_dose(convert(mg, "mg", unit)) for mg in order_range)
    value = ordered.to(unit)
    range_text = f"{format_mass_range(order_range[0], order_range[1], unit)}{words}"
    if value >= decimal_error_factor * high:
        return alert(
            "stop",
            "ordered-decimal-error",
            f"is {format_number(decimal_error_factor, 2)} times or more the top of the calculated range {range_text}: "
            "possible decimal point error.",
        )
    if value < low and adult_dose_in_child:
        # A child's dose below the adult dose is expected, so it is not called a decimal error;
        # but nothing here knows the child's range: the nurse confirms it, with its mg/kg shown.
        per_kg = format_per_kg_range(ordered.to("mg") / patient.weight_kg, ordered.to("mg") / patient.weight_kg, "mg")
        return alert(
            "warning",
            "ordered-below-adult-dose",
            f"is {per_kg}{_PERIOD_SUFFIX[regimen.period]} for this patient, below the adult dose {range_text}: "
            "confirm the dose for this patient.",
        )
    if value <= low / decimal_error_factor:
        fraction = "a tenth" if decimal_error_factor == 10 else f"1/{format_number(decimal_error_factor, 2)}"
        return alert(
            "stop",
            "ordered-decimal-error",
            f"is {fraction} or less of the bottom of the calculated range {range_text}: possible decimal point error.",
        )
    if value > high:
        return alert("warning", "ordered-above-range", f"is above the calculated range {range_text}.")
    if value < low:
        return alert("warning", "ordered-below-range", f"is below the calculated range {range_text}.")
    return alert("info", "ordered-within-range", f"is within the calculated range {range_text}.")


def _fixed_dose_in_child(
    patient: Patient, regimen: Regimen, dose: Dose, limits: BuiltInChecks
) -> tuple[tuple[float, float] | None, list[str], list[Alert]]:
    """A fixed (adult) dose for a patient under the formulary's adult age or child weight
    (18 years, 40 kg): show it per kg and warn."""
    age = patient.age_years
    weight = patient.weight_kg
    reasons = []
    sources = []
    if age is not None and age < limits.adult_age_years.value:
        reasons.append(f"under {format_quantity(limits.adult_age_years.value, 'years')}")
        sources.append(limits.adult_age_years.source)
    if weight < limits.child_weight_kg.value:
        reasons.append(f"under {format_weight(limits.child_weight_kg.value)}")
        sources.append(limits.child_weight_kg.source)
    if not reasons:
        if age is None:
            return (
                None,
                [],
                [
                    Alert(
                        "info",
                        "adult-dose-age-not-given",
                        "Age not given: the check for a fixed adult dose in a child was applied on weight only.",
                        limits.adult_age_years.source,
                    )
                ],
            )
        return None, [], []
    per_kg = (dose.low_mg / weight, dose.high_mg / weight)
    suffix = _PERIOD_SUFFIX[regimen.period]
    dose_text = f"{format_mass_range(dose.low_mg, dose.high_mg, regimen.mass_unit)}{suffix}"
    per_kg_text = f"{format_per_kg_range(per_kg[0], per_kg[1], 'mg')}{suffix}"
    step = f"{dose_text} / {format_weight(weight)} = {per_kg_text}"
    message = (
        f"Fixed adult dose for a patient {' and '.join(reasons)}: {dose_text} is {per_kg_text} for this patient. "
        "The adult dose must be confirmed for this patient."
    )
    return per_kg, [step], [Alert("warning", "adult-dose-in-child", message, sources[0])]


def _order_text(drug: Drug, regimen: Regimen, dose: Dose | None, course_total: Dose | None, schedule: tuple[ScheduledDose, ...]) -> str:
    """The order line, written the ISMP way."""
    head = f"{drug.display_name} {regimen.route}"
    if dose is None:
        return f"{head}: no dose in the reference"
    unit = regimen.mass_unit
    amount = format_mass_range(dose.low_mg, dose.high_mg, unit)
    per_kg = ""
    if regimen.basis == "per_kg":
        assert regimen.dose_low is not None and regimen.dose_high is not None
        suffix = "" if regimen.period == "course" else _PERIOD_SUFFIX[regimen.period]
        per_kg = f" ({format_per_kg_range(regimen.dose_low, regimen.dose_high, unit)}{suffix})"
    if regimen.period == "week":
        return f"{head} {amount} once weekly"
    if regimen.period == "course":
        daily = format_mass(schedule[0].dose_mg, unit) if schedule else ""
        return f"{head} {amount} per course{per_kg}: {daily} daily for {len(schedule)} days"
    text = f"{head} {amount}/day{per_kg}"
    if course_total is not None and regimen.course_days:
        text += f" for {regimen.course_days} days (course total {format_mass_range(course_total.low_mg, course_total.high_mg, unit)})"
    return text


def _interactions(formulary: Formulary, results: tuple[OrderResult, ...]) -> tuple[InteractionAlert, ...]:
    found: list[InteractionAlert] = []
    ids = [result.drug.id for result in results]
    for drug_id in dict.fromkeys(ids):
        same = [result for result in results if result.drug.id == drug_id]
        if len(same) > 1:
            name = same[0].drug.display_name
            routes = {result.regimen.route for result in same}
            if len(routes) < len(same):
                message = f"{name} is in the plan more than once by the same route: check for duplicate therapy."
                found.append(InteractionAlert((drug_id, drug_id), "warning", message, "local"))
            else:
                message = f"{name} is in the plan by {len(routes)} routes ({', '.join(sorted(routes))}): confirm each is intended."
                found.append(InteractionAlert((drug_id, drug_id), "info", message, "local"))
    pairs = {frozenset(pair) for pair in combinations(dict.fromkeys(ids), 2)}
    for interaction in formulary.interactions:
        if frozenset(interaction.drugs) in pairs:
            found.append(InteractionAlert(interaction.drugs, interaction.level, interaction.message, interaction.source))
    return tuple(found)


def _patient_alerts(formulary: Formulary, patient: Patient) -> tuple[Alert, ...]:
    alerts: list[Alert] = []
    weight = patient.weight_kg
    for rule in formulary.weight_plausibility:
        if patient.age_years is None:
            alerts.append(
                Alert(
                    "info",
                    "weight-plausibility-not-applied",
                    "Age not given: the weight was not checked for plausibility against the age.",
                    rule.source,
                )
            )
        elif patient.age_years >= rule.min_age_years and not rule.low_kg <= weight <= rule.high_kg:
            alerts.append(Alert(rule.level, "weight-implausible", f"{format_weight(weight)}: {rule.message}", rule.source))
    if patient.weight_source is not WeightSource.MEASURED:
        alerts.append(
            Alert(
                "info",
                "weight-not-measured",
                f"Weight is {patient.weight_source.value}, not measured: a measured weight is the standard.",
                "local",
            )
        )
    return sort_alerts(alerts)
