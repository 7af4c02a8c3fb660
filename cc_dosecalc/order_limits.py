"""Which limits an order is checked against, and the figures the checks look at: the ordered
dose as totalled or the calculated dose as shown, the kidney function in force, the plan's
drugs. Also whether a dose of a product's form crosses a limit (for suggested orders)."""

from __future__ import annotations

from collections.abc import Callable

from cc_dosecalc.checks import DOSE_KINDS, CheckContext, apply_check
from cc_dosecalc.formulary import Check, DoseForm, Drug, Regimen
from cc_dosecalc.orders import describe
from cc_dosecalc.plan import Patient
from cc_dosecalc.results import OrderedDose
from cc_dosecalc.units import convert
from cc_dosecalc.writing import format_mass_range, round_dose


def checks_for(drug: Drug, form: DoseForm | None) -> tuple[Check, ...]:
    """The drug's checks; for an order of a form with its own checks, the form's dose limits
    take the place of the drug's (the drug's other checks, such as age, still apply)."""
    if form is None or not form.checks:
        return drug.checks
    kept = tuple(check for check in drug.checks if not any(condition.kind in DOSE_KINDS for condition in check.conditions))
    return kept + form.checks


def within_limits(
    patient: Patient,
    drug: Drug,
    regimen: Regimen,
    order_range: tuple[float, float] | None,
    plan_drugs: frozenset[str],
    crcl_ml_min: float | None,
) -> Callable[[float, str | None], bool]:
    """Whether a dose of so many mg per the regimen's period, of a form (a product's release:
    "extended-release"; None for the drug's own limits), crosses none of the dose limits for
    this patient: no stop, and no warning that the bottom of the calculated range does not
    already raise (an 800 mg etidronate dose above 10 mg/kg/day stays suggestible when the
    calculated dose is that dose). A form with limits of its own is checked against them."""
    forms = {form.id: form for form in regimen.forms}

    def dose_checks(form_id: str | None) -> list[Check]:
        checks = checks_for(drug, forms.get(form_id) if form_id else None)
        return [check for check in checks if check.level != "info" and any(c.kind in DOSE_KINDS for c in check.conditions)]

    def fired(mg: float, form_id: str | None) -> set[str]:
        context = check_context(patient, regimen, (mg, mg), None, plan_drugs, crcl_ml_min)
        return {check.code for check in dose_checks(form_id) if (alert := apply_check(check, context)) and alert.level != "info"}

    known: dict[tuple[float, str | None], bool] = {}

    def allowed(mg: float, form_id: str | None) -> bool:
        if (mg, form_id) not in known:
            stops = {check.code for check in dose_checks(form_id) if check.level == "stop"}
            baseline = fired(order_range[0], form_id) - stops if order_range else set()
            known[(mg, form_id)] = fired(mg, form_id) <= baseline
        return known[(mg, form_id)]

    return allowed


def check_context(
    patient: Patient,
    regimen: Regimen,
    order_range: tuple[float, float] | None,
    ordered: OrderedDose | None,
    plan_drugs: frozenset[str],
    crcl_ml_min: float | None,
) -> CheckContext:
    """What the checks look at: the ordered dose as totalled (the most given in one day, each
    administration, how often), or else the calculated dose's upper end as it is shown;
    ``crcl_ml_min`` is the kidney function in force (entered or estimated)."""
    unit = regimen.mass_unit
    if ordered is not None and ordered.frequency is not None:
        freq = ordered.frequency
        return CheckContext(
            age=patient.age,
            crcl_ml_min=crcl_ml_min,
            weight_kg=patient.weight_kg,
            daily_mg=ordered.most_in_a_day_mg,
            single_mg=ordered.amount.to("mg"),
            interval_days=None if freq.every_days is None else freq.every_days / freq.doses,
            dose_subject=f"ordered dose {describe(ordered, regimen)}",
            plan_drugs=plan_drugs,
        )
    amount: float | None = None
    subject = ""
    if order_range is not None:
        # checked as shown: a dose written "360 mg/day" is not "above 360 mg/day"
        low, high = (convert(round_dose(convert(mg, "mg", unit)), unit, "mg") for mg in order_range)
        amount = high
        words = {"day": "/day", "week": " once weekly", "course": " daily"}[regimen.period]
        subject = f"calculated dose {format_mass_range(low, high, unit)}{words}"
        if low != high:
            subject += " (upper end checked)"
    per_week = regimen.period == "week"
    return CheckContext(
        age=patient.age,
        crcl_ml_min=crcl_ml_min,
        weight_kg=patient.weight_kg,
        daily_mg=None if amount is None else amount / 7 if per_week else amount,
        single_mg=amount if amount is not None and regimen.period in ("week", "course") else None,
        interval_days={"day": 1.0, "week": 7.0}.get(regimen.period),
        dose_subject=subject,
        plan_drugs=plan_drugs,
    )


def has_child_limit(drug: Drug) -> bool:
    """Whether the formulary holds a children's dose limit for ``drug``: a stop on the dose that
    applies by age or weight (ceftriaxone's 100 mg/kg/day under 18, probenecid's 40 mg/kg/day)."""
    patient_kinds = {"age_below", "age_at_most", "age_at_least", "weight_below"}
    return any(
        check.level == "stop"
        and any(condition.kind in patient_kinds for condition in check.conditions)
        and any(condition.kind in DOSE_KINDS for condition in check.conditions)
        for check in drug.checks
    )
