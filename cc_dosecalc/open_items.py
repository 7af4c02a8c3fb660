"""What must still be entered before a plan can be called checked: inputs the rules say have
no default ("Weight entry": the weight source; "Allergies and contraindications": the
allergies; issue 14: the IVIG risk factor checklist of an infusion plan). An open item is not an
alert: nothing can acknowledge it; only entering the input closes it."""

from __future__ import annotations

from collections.abc import Sequence

from cc_dosecalc.allergies import NOT_RECORDED
from cc_dosecalc.plan import Patient, WeightSource
from cc_dosecalc.results import OrderResult

# short: the plan's status line carries it (the at-risk alert and the checklist say what it changes)
RISK_FACTORS_NOT_ANSWERED = "IVIG risk factor checklist not answered"


def open_items(patient: Patient, orders: Sequence[OrderResult] = ()) -> tuple[str, ...]:
    """Each missing input in words, as the status line says it."""
    items: list[str] = []
    if patient.weight_source is None:
        choices = ", ".join(source.value for source in WeightSource)
        items.append(f"weight source not stated (choose {choices})")
    if patient.allergies is None:
        items.append(NOT_RECORDED)
    if patient.ivig_risk_factors is None and any(result.infusion is not None for result in orders):
        items.append(RISK_FACTORS_NOT_ANSWERED)
    return tuple(items)
