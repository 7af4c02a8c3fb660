"""Plain-data views of the formulary and of a calculated plan, for JSON output."""

from __future__ import annotations

from typing import Any

from cc_dosecalc.formulary import Formulary
from cc_dosecalc.results import Dose, OrderResult, PlanResult
from cc_dosecalc.review import Review, review_status


def formulary_info(formulary: Formulary) -> dict[str, Any]:
    return {"name": formulary.name, "version": formulary.version, "sha256": formulary.sha256, "path": formulary.path}


def formulary_to_dict(formulary: Formulary) -> dict[str, Any]:
    return {
        "formulary": formulary_info(formulary),
        "drugs": [
            {
                "id": drug.id,
                "name": drug.name,
                "display_name": drug.display_name,
                "class": drug.drug_class,
                "indications": list(drug.indications),
                "regimens": [
                    {
                        "id": regimen.id,
                        "route": regimen.route,
                        "text": regimen.label,
                        "basis": regimen.basis,
                        "period": regimen.period,
                        "dose_low": regimen.dose_low,
                        "dose_high": regimen.dose_high,
                        "dose_unit": regimen.dose_unit,
                        "note": regimen.note,
                    }
                    for regimen in drug.regimens
                ],
            }
            for drug in formulary.drugs
        ],
        "guidance": {
            "general_measures": list(formulary.guidance.general_measures),
            "extent": list(formulary.guidance.extent),
            "lesion_size": [
                {"size": item.size, "text": item.text, "drugs": list(item.drugs), "procedures": list(item.procedures)}
                for item in formulary.guidance.lesion_size
            ],
        },
        "procedures": [{"id": item.id, "name": item.name, "text": item.text} for item in formulary.procedures],
    }


def _dose(dose: Dose | None) -> dict[str, Any] | None:
    if dose is None:
        return None
    return {"low_mg": dose.low_mg, "high_mg": dose.high_mg, "per": dose.per}


def order_to_dict(result: OrderResult) -> dict[str, Any]:
    weight = result.dosing_weight
    total = _dose(result.course_total)
    return {
        "drug": result.drug.id,
        "drug_name": result.drug.display_name,
        "regimen": result.regimen.id,
        "route": result.regimen.route,
        "dosing_weight_kg": weight.kg,
        "dosing_weight_basis": weight.basis,
        "dosing_weights": {
            "actual_kg": weight.actual_kg,
            "ideal_kg": weight.ideal_kg,
            "adjusted_kg": weight.adjusted_kg,
            "suggested": weight.suggested,
        },
        "dose": _dose(result.dose),
        "course_total": None if total is None else {"low_mg": total["low_mg"], "high_mg": total["high_mg"]},
        "days": result.days,
        "schedule": [{"day": item.day, "dose_mg": item.dose_mg} for item in result.schedule],
        "ordered_mg": result.ordered_mg,
        "per_kg_equivalent_mg_per_kg": list(result.per_kg_equivalent) if result.per_kg_equivalent else None,
        "alerts": [{"level": alert.level, "code": alert.code, "message": alert.message} for alert in result.alerts],
        "side_effects": [item.text for item in result.side_effects],
        "monitoring": [item.text for item in result.monitoring],
        "cautions": [item.text for item in result.cautions],
        "steps": list(result.steps),
        "note": result.regimen.note,
        "indications": list(result.drug.indications),
        "text": result.text,
        "requires_double_check": result.requires_double_check,
        "sources": list(result.sources),
    }


def plan_to_dict(plan: PlanResult, review: Review | None = None) -> dict[str, Any]:
    """The plan as data; its status is as reviewed (nothing acknowledged when no review is given)."""
    patient = plan.patient
    status = review_status(plan, review or Review())
    return {
        "formulary": formulary_info(plan.formulary),
        "patient": {
            "weight_kg": patient.weight_kg,
            "weight_entered": {"value": patient.weight.value, "unit": patient.weight.unit},
            "weight_source": patient.weight_source.value,
            "age_years": patient.age_years,
            "height_cm": patient.height_cm,
            "sex": patient.sex,
            "crcl_ml_min": patient.crcl_ml_min,
        },
        "patient_alerts": [{"level": alert.level, "code": alert.code, "message": alert.message} for alert in plan.patient_alerts],
        "orders": [order_to_dict(result) for result in plan.orders],
        "interactions": [{"drugs": list(item.drugs), "level": item.level, "message": item.message} for item in plan.interactions],
        "status": {"for_ordering": status.for_ordering, "text": status.text()},
    }
