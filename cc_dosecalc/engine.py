"""The dosing engine: a patient and orders in, doses, steps and alerts out. No Qt here."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from cc_dosecalc.administration.order import administer
from cc_dosecalc.allergies import allergy_alerts
from cc_dosecalc.checks import DOSE_KINDS, apply_check
from cc_dosecalc.dosing_weight import choose_dosing_weight
from cc_dosecalc.formulary import BuiltInChecks, Drug, Formulary, Regimen
from cc_dosecalc.kidney import kidney_function
from cc_dosecalc.open_items import open_items
from cc_dosecalc.order_limits import check_context, checks_for, has_child_limit, within_limits
from cc_dosecalc.orders import (
    compare_with_range,
    duplicate_class_alerts,
    frequency_alerts,
    incomplete_reason,
    no_reference_dose,
    order_form,
    order_line,
    ordered_dose,
)
from cc_dosecalc.parsing import InputError
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
from cc_dosecalc.units import convert
from cc_dosecalc.weight_checks import check_weight
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
    plan_drugs = frozenset(order.drug_id for order in orders)
    results = tuple(calculate_order(formulary, patient, order, plan_drugs) for order in orders)
    kidney = kidney_function(formulary, patient)
    weight = check_weight(formulary, patient)
    return PlanResult(
        formulary=formulary,
        patient=patient,
        orders=results,
        interactions=_interactions(formulary, results) + tuple(duplicate_class_alerts(formulary, results)),
        patient_alerts=sort_alerts([*_patient_alerts(patient, weight.alerts), *(kidney.alerts if kidney else ())]),
        weight_for_age=weight.figures,
        kidney=kidney,
        open_items=open_items(patient, results),
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


def calculate_order(formulary: Formulary, patient: Patient, order: Order, plan_drugs: frozenset[str]) -> OrderResult:
    """One order of a plan whose drugs are ``plan_drugs`` (for the checks that ask what else is in the plan)."""
    drug, regimen, days = resolve(formulary, order)
    limits, rules = formulary.built_in_checks, formulary.order_rules
    assert rules is not None
    weight, weight_steps, alerts = choose_dosing_weight(patient, regimen, order.dosing_weight, limits.adult_age_years.value)
    steps = _weight_entry_steps(patient) + weight_steps
    dose, dose_steps = _dose(regimen, weight)
    steps += dose_steps
    course_total, schedule, course_steps = _course(regimen, dose, days)
    steps += course_steps

    order_range = _order_period_range(regimen, dose, days)
    ordered_mg = order.ordered.to("mg") if order.ordered else None
    ordered = ordered_dose(regimen, order, days)
    incomplete = incomplete_reason(regimen, order)
    checked = ordered if ordered is not None and not incomplete else None
    checks = checks_for(drug, ordered.form if ordered else order_form(regimen, order))
    if ordered is not None:
        steps += ordered.steps
    per_kg_equivalent = None
    if regimen.basis == "fixed" and dose is not None:
        per_kg_equivalent, child_steps, child_alerts = _fixed_dose_in_child(patient, regimen, dose, limits, has_child_limit(drug))
        steps += child_steps
        alerts += child_alerts
    if regimen.basis == "none":
        alerts.append(Alert("info", "no-reference-dose", "No dose is established in the reference: none is calculated.", regimen.source))
        steps.append("No dose in the reference: none calculated.")
    verdict = ""
    if checked is not None:
        if dose is None:
            has_limit = any(condition.kind in DOSE_KINDS for check in checks for condition in check.conditions)
            found, verdict = no_reference_dose(regimen, checked, has_limit, rules)
        else:
            adult_dose_in_child = per_kg_equivalent is not None
            period_range = (dose.low_mg, dose.high_mg)
            found, verdict = compare_with_range(
                patient, regimen, period_range, checked, adult_dose_in_child, limits.decimal_error_factor.value, rules
            )
        alerts += found + frequency_alerts(drug, regimen, checked, rules)

    kidney = kidney_function(formulary, patient)
    context = check_context(patient, regimen, order_range, checked, plan_drugs, kidney.crcl_ml_min if kidney else None)
    alerts += allergy_alerts(drug, patient.allergies)
    if drug.kidney_function_needed and kidney is None:
        needed = drug.kidney_function_needed
        alerts.append(Alert(needed.level, needed.code, needed.message, needed.source))
    for check in checks:
        alert = apply_check(check, context)
        if alert:
            alerts.append(alert)
    if regimen.replaces:
        alerts.append(Alert("info", "site-regimen", f"site regimen: replaces the built-in {regimen.replaces}", regimen.source))
    if drug.double_check:
        alerts.append(Alert("info", "double-check", drug.double_check, drug.double_check_source or ""))
    crcl = kidney.crcl_ml_min if kidney else None
    allowed = within_limits(patient, drug, regimen, order_range, plan_drugs, crcl)
    given = administer(formulary, patient, order, drug, regimen, weight, schedule, order_range, allowed, crcl)
    alerts += given.alerts
    steps += given.steps

    calculated_text = _order_text(drug, regimen, dose, course_total, schedule)
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
        text=calculated_text if ordered is None else order_line(drug, regimen, ordered, days, incomplete),
        steps=tuple(steps),
        alerts=sort_alerts(alerts),
        side_effects=drug.side_effects + regimen.side_effects,
        monitoring=drug.monitoring + regimen.monitoring,
        cautions=drug.cautions + regimen.cautions,
        sources=tuple(dict.fromkeys(formulary.source_text(key) for key in _source_keys(drug, regimen) + _alert_sources(formulary, alerts))),
        ordered_dose=ordered,
        incomplete=incomplete,
        calculated_text=calculated_text,
        verdict=verdict,
        suggested_orders=given.suggested_orders,
        made_up=given.made_up,
        infusion=given.infusion,
    )


def _alert_sources(formulary: Formulary, alerts: list[Alert]) -> list[str]:
    """The sources of the alerts raised beyond the drug's own (a form's limits, the order rules)."""
    return [alert.source for alert in alerts if alert.source in formulary.sources]


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
        low, high = (convert(dose, regimen.dose_unit, "mg") for dose in (regimen.dose_low, regimen.dose_high))
        text = format_mass_range(low, high, regimen.mass_unit)
        return Dose(low, high, regimen.period), [f"Fixed dose: {text}{suffix} (not weight-based)"]
    steps = []
    doses = []
    for per_kg in dict.fromkeys((regimen.dose_low, regimen.dose_high)):
        # the dose per kg times the weight, converted once: pint's order of operations
        mg = convert(per_kg * weight.kg, f"{regimen.dose_unit} * kg", "mg")
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
    shown_daily, shown_course = (round_dose(convert(mg, "mg", unit)) for mg in (daily, dose.high_mg))
    if round_dose(shown_daily * days) != shown_course:
        # the daily doses as printed do not add up to the course as printed: say so
        added = round_dose(shown_daily * days)
        difference = format_mass(convert(abs(added - shown_course), unit, "mg"), unit)
        steps.append(
            f"The daily dose is rounded: {days} x {format_mass(daily, unit)} = {format_mass(convert(added, unit, 'mg'), unit)}, "
            f"{difference} {'less' if added < shown_course else 'more'} than the course {format_mass(dose.high_mg, unit)}"
        )
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


def _fixed_dose_in_child(
    patient: Patient, regimen: Regimen, dose: Dose, limits: BuiltInChecks, has_child_limit: bool
) -> tuple[tuple[float, float] | None, list[str], list[Alert]]:
    """A fixed (adult) dose for a patient under the formulary's adult age or child weight
    (18 years, 40 kg): show it per kg and warn. Where the formulary holds a children's limit
    for the drug, that check is a stop of its own; where it holds none, the warning says so."""
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
    if not has_child_limit:
        message += " No children's limit is known for this drug: the dose could not be checked against one."
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


def _patient_alerts(patient: Patient, weight_alerts: tuple[Alert, ...]) -> tuple[Alert, ...]:
    alerts = list(weight_alerts)
    if patient.weight_source is not None and patient.weight_source is not WeightSource.MEASURED:
        alerts.append(
            Alert(
                "info",
                "weight-not-measured",
                f"Weight is {patient.weight_source.value}, not measured: a measured weight is the standard.",
                "local",
            )
        )
    return sort_alerts(alerts)
