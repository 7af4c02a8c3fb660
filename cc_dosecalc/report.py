"""A calculated plan as plain text, for the terminal."""

from __future__ import annotations

from cc_dosecalc.administration.text import order_lines
from cc_dosecalc.levels import LEVEL_WORDS
from cc_dosecalc.plan import Patient
from cc_dosecalc.results import Alert, PlanResult
from cc_dosecalc.review import Review, review_status
from cc_dosecalc.writing import format_quantity, format_weight, format_weight_entered


def describe_patient(patient: Patient) -> str:
    """ "154 lb entered = 69.85 kg, measured; 40 years; 175 cm; male; creatinine clearance 55 mL/min"."""
    parts = [f"{format_weight_entered(patient.weight.value, patient.weight.unit)}, {patient.weight_source.value}"]
    for measurement in (patient.age, patient.height):
        if measurement is not None:
            parts.append(format_quantity(measurement.value, measurement.unit, 3))
    if patient.sex:
        parts.append(patient.sex)
    if patient.crcl is not None:
        parts.append(f"creatinine clearance {format_quantity(patient.crcl.value, patient.crcl.unit, 1)}")
    return "; ".join(parts)


def alert_line(alert: Alert) -> str:
    return f"[{LEVEL_WORDS[alert.level]}] {alert.message}"


def plan_text(plan: PlanResult) -> str:
    lines = [
        f"Patient: {describe_patient(plan.patient)}",
        f"Formulary: {plan.formulary.name} {plan.formulary.version} (sha256 {plan.formulary.sha256})",
    ]
    lines += [f"  {alert_line(alert)}" for alert in plan.patient_alerts]
    for result in plan.orders:
        lines += ["", result.text]
        if result.regimen.basis == "per_kg":
            lines.append(f"  Dosing weight: {format_weight(result.dosing_weight.kg)} ({result.dosing_weight.basis})")
        if result.regimen.note:
            lines.append(f"  Note: {result.regimen.note}")
        lines += [f"  = {step}" for step in result.steps]
        lines += [f"  {line}" for line in order_lines(result)]
        lines += [f"  {alert_line(alert)}" for alert in result.alerts]
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
    lines += ["", f"Status: {review_status(plan, Review()).text()}"]
    return "\n".join(lines)
