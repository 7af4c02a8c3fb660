"""A calculated plan as plain text, for the terminal."""

from __future__ import annotations

from cc_dosecalc.administration.text import order_lines
from cc_dosecalc.allergies import describe_allergies
from cc_dosecalc.kidney import kidney_lines
from cc_dosecalc.levels import LEVEL_WORDS
from cc_dosecalc.orders import order_details
from cc_dosecalc.plan import Patient
from cc_dosecalc.results import Alert, PlanResult
from cc_dosecalc.review import Review, alert_key, order_scope, review_status
from cc_dosecalc.weight_checks import describe_weight_for_age
from cc_dosecalc.writing import format_quantity, format_weight, format_weight_entered

NOT_STATED = "not stated"


def describe_patient(patient: Patient) -> str:
    """ "154 lb entered = 69.85 kg, measured; 40 years; 175 cm; male; creatinine clearance 55 mL/min"."""
    source = patient.weight_source.value if patient.weight_source else f"weight source {NOT_STATED}"
    parts = [f"{format_weight_entered(patient.weight.value, patient.weight.unit)}, {source}"]
    for measurement in (patient.age, patient.height):
        if measurement is not None:
            parts.append(format_quantity(measurement.value, measurement.unit, 3))
    if patient.sex:
        parts.append(patient.sex)
    if patient.crcl is not None:
        parts.append(f"creatinine clearance {format_quantity(patient.crcl.value, patient.crcl.unit, 1)}")
    return "; ".join(parts)


def alert_line(alert: Alert, review: Review | None = None, scope: str = "") -> str:
    """One alert; a stop with its override (reason and clinician) when ``review`` holds one."""
    line = f"[{LEVEL_WORDS[alert.level]}] {alert.message}"
    given = review.override_of(alert_key(scope, alert.code, alert.message)) if review and alert.level == "stop" else None
    if given is not None:
        problem = given.problem()
        line += f" (overridden, {given.described()})" if problem is None else f" (override recorded, not counted: {problem})"
    return line


def plan_text(plan: PlanResult, review: Review | None = None) -> str:
    """The plan for the terminal; its status as reviewed (nothing acknowledged without ``review``)."""
    review = review or Review()
    lines = [
        f"Allergies: {describe_allergies(plan.patient.allergies)}",
        f"Patient: {describe_patient(plan.patient)}",
        f"Formulary: {plan.formulary.name} {plan.formulary.version} (sha256 {plan.formulary.sha256})",
    ]
    if plan.kidney is not None:
        headline, steps = kidney_lines(plan.kidney)
        lines += [f"Kidney function: {headline}", *(f"  = {step}" for step in steps)]
    if plan.weight_for_age is not None:
        lines.append(f"Weight for age: {describe_weight_for_age(plan.weight_for_age)}")
    lines += [f"  {alert_line(alert, review, 'patient')}" for alert in plan.patient_alerts]
    for index, result in enumerate(plan.orders):
        lines += ["", result.text]
        lines += [f"  {label}: {value}" for label, value in order_details(result)]
        if result.regimen.basis == "per_kg":
            lines.append(f"  Dosing weight: {format_weight(result.dosing_weight.kg)} ({result.dosing_weight.basis})")
        if result.regimen.note:
            lines.append(f"  Note: {result.regimen.note}")
        lines += [f"  = {step}" for step in result.steps]
        lines += [f"  {line}" for line in order_lines(result)]
        lines += [f"  {alert_line(alert, review, order_scope(index, result.drug.id))}" for alert in result.alerts]
        if result.side_effects:
            lines.append("  Side effects: " + "; ".join(item.text for item in result.side_effects))
        if result.monitoring:
            lines.append("  Monitoring: " + "; ".join(item.text for item in result.monitoring))
        if result.cautions:
            lines.append("  Cautions: " + " ".join(item.text for item in result.cautions))
        lines.append("  Source: " + "; ".join(result.sources))
    if plan.interactions:
        lines += ["", "Interactions:"]
        lines += [f"  [{LEVEL_WORDS[item.level]}] {item.names(plan.formulary)}: {item.message}" for item in plan.interactions]
    status = review_status(plan, review)
    if status.open:  # what keeps the plan from being checked; the status stays the last line
        lines += ["", "Still open:"] + [f"  {item}" for item in status.open]
    lines += ["", f"Status: {status.text()}"]
    return "\n".join(lines)
