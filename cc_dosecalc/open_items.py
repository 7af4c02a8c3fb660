"""What must still be entered before a plan can be called checked: inputs the rules say have
no default ("Weight entry": the weight source; "Allergies and contraindications": the allergies). An open item is not an alert: nothing can
acknowledge it; only entering the input closes it."""

from __future__ import annotations

from cc_dosecalc.allergies import NOT_RECORDED
from cc_dosecalc.plan import Patient, WeightSource


def open_items(patient: Patient) -> tuple[str, ...]:
    """Each missing input in words, as the status line says it."""
    items: list[str] = []
    if patient.weight_source is None:
        choices = ", ".join(source.value for source in WeightSource)
        items.append(f"weight source not stated (choose {choices})")
    if patient.allergies is None:
        items.append(NOT_RECORDED)
    return tuple(items)
