"""Plain-data views of the formulary and of a calculated plan, for JSON output, and the
plan's inputs as plain data that can be stored and run again.

Stored inputs are read back through the same checks as typed ones (:meth:`FieldSpec.accept`,
:func:`parse_text`): a record reopens whatever the form accepted, and nothing else."""

from __future__ import annotations

import logging
import math
from typing import Any

from cc_dosecalc.administration.text import administration_dict
from cc_dosecalc.allergies import MAX_ALLERGY_TEXT
from cc_dosecalc.formulary import Drug, Formulary, FormularyFile
from cc_dosecalc.frequency import frequency
from cc_dosecalc.kidney import KidneyFunction
from cc_dosecalc.parsing import AGE, CRCL, HEIGHT, ORDERED_DOSE, SCR, WEIGHT, FieldSpec, InputError, Measurement, parse_text
from cc_dosecalc.plan import DOSING_WEIGHT_CHOICES, SEXES, Allergies, Order, Patient, WeightSource
from cc_dosecalc.results import Dose, OrderedDose, OrderResult, PlanResult
from cc_dosecalc.review import Review, review_status

logger = logging.getLogger(__name__)


def _file_info(file: FormularyFile) -> dict[str, Any]:
    return {"name": file.name, "version": file.version, "sha256": file.sha256, "path": file.path}


def formulary_info(formulary: Formulary) -> dict[str, Any]:
    """Which formulary was used. ``kind`` is "built-in" or "site"; for a site formulary
    ``name``, ``version`` and ``sha256`` identify the combination (see :class:`Formulary`)
    and ``built_in`` and ``site`` identify each file."""
    site = formulary.site
    return {
        "kind": formulary.kind,
        "name": formulary.name,
        "version": formulary.version,
        "sha256": formulary.sha256,
        "path": formulary.path,
        "built_in": _file_info(formulary.built_in),
        "site": _file_info(site) if site else None,
    }


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
                        "origin": regimen.origin,
                        "forms": [
                            {"id": form.id, "name": form.name, "frequencies": list(form.frequencies)} for form in regimen.forms
                        ],
                    }
                    for regimen in drug.regimens
                ],
                "products": products_to_list(drug),
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


def products_to_list(drug: Drug) -> list[dict[str, Any]]:
    """A drug's products: forms and strengths, and IVIG products with their vials and rates."""
    items: list[dict[str, Any]] = [
        {
            "id": product.id,
            "kind": "strengths",
            "name": product.name,
            "form": product.form,
            "release": product.release,
            "strengths_mg": list(product.strengths_mg),
            "unit_ml": product.unit_ml,
            "frequencies": list(product.frequencies),
            "origin": product.origin,
        }
        for product in drug.products
    ]
    items += [
        {
            "id": product.id,
            "kind": "infusion",
            "name": product.name,
            "concentration_mg_per_ml": product.concentration_mg_per_ml.value,
            "vial_sizes_g": list(product.vial_sizes_g),
            "steps": [{"rate_mg_kg_min": step.rate_mg_kg_min, "minutes": step.minutes} for step in product.steps],
            "max_rate_mg_kg_min": product.max_rate.value,
            "max_rate_for": product.max_rate_for,
            "at_risk_max_rate_mg_kg_min": product.at_risk_max.value if product.at_risk_max else None,
            "origin": product.origin,
        }
        for product in drug.infusion_products
    ]
    return items


def _dose(dose: Dose | None) -> dict[str, Any] | None:
    if dose is None:
        return None
    return {"low_mg": dose.low_mg, "high_mg": dose.high_mg, "per": dose.per}


def _ordered(ordered: OrderedDose | None) -> dict[str, Any] | None:
    """The order as the prescriber wrote it, with its totals (null where they have no meaning)."""
    if ordered is None:
        return None
    return {
        "amount_mg": ordered.amount.to("mg"),
        "frequency": ordered.frequency.text if ordered.frequency else None,
        "form": ordered.form.id if ordered.form else None,
        "per_day_mg": ordered.per_day_mg,
        "per_week_mg": ordered.per_week_mg,
        "per_course_mg": ordered.per_course_mg,
    }


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
        "ordered": _ordered(result.ordered_dose),
        "incomplete": result.incomplete or None,
        "calculated_text": result.calculated_text,
        "verdict": result.verdict,
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
        **administration_dict(result),
    }


def kidney_to_dict(kidney: KidneyFunction | None) -> dict[str, Any] | None:
    """The kidney function in force, or None when there is none (nothing given, or a creatinine
    from which nothing could be estimated)."""
    if kidney is None or kidney.crcl_ml_min is None or kidney.method is None:
        return None
    estimate = kidney.estimate
    return {
        "crcl_ml_min": kidney.crcl_ml_min,
        "method": kidney.method,
        "weight_basis": kidney.weight_basis,
        "scr_mg_dl": kidney.scr_mg_dl,
        "estimate": None
        if estimate is None
        else {
            "method": estimate.method,
            "value": estimate.ml_min,
            "unit": estimate.unit,
            "weight_basis": estimate.weight_basis,
            "results": [
                {"basis": item.basis, "weight_kg": item.weight_kg, "crcl_ml_min": item.ml_min, "used": item.used}
                for item in estimate.results
            ],
        },
        "steps": list(kidney.steps),
    }


def allergies_to_dict(allergies: Allergies | None) -> dict[str, Any] | None:
    return None if allergies is None else {"text": allergies.text, "none_known": allergies.none_known}


def plan_to_dict(plan: PlanResult, review: Review | None = None) -> dict[str, Any]:
    """The plan as data; its status is as reviewed (nothing acknowledged when no review is given)."""
    patient = plan.patient
    status = review_status(plan, review or Review())
    return {
        "formulary": formulary_info(plan.formulary),
        "patient": {
            "weight_kg": patient.weight_kg,
            "weight_entered": {"value": patient.weight.value, "unit": patient.weight.unit},
            "weight_source": patient.weight_source.value if patient.weight_source else None,
            "weight_for_age": _weight_for_age(plan),
            "name": patient.name,
            "identifier": patient.identifier,
            "age_years": patient.age_years,
            "height_cm": patient.height_cm,
            "sex": patient.sex,
            "crcl_ml_min": plan.kidney.crcl_ml_min if plan.kidney else None,
            "scr_mg_dl": patient.scr_mg_dl,
            "kidney": kidney_to_dict(plan.kidney),
            "allergies": allergies_to_dict(patient.allergies),
        },
        "patient_alerts": [{"level": alert.level, "code": alert.code, "message": alert.message} for alert in plan.patient_alerts],
        "orders": [order_to_dict(result) for result in plan.orders],
        "interactions": [{"drugs": list(item.drugs), "level": item.level, "message": item.message} for item in plan.interactions],
        "status": {
            "for_ordering": status.for_ordering,
            "checked": status.checked,
            "text": status.text(),
            "open": list(status.open),
            "open_items": list(status.open_items),
        },
    }


def _weight_for_age(plan: PlanResult) -> dict[str, Any] | None:
    figures = plan.weight_for_age
    if figures is None:
        return None
    return {
        "z": figures.z,
        "modified_z": figures.modified_z,
        "centile": figures.centile,
        "reference": figures.reference,
        "sex": figures.sex,
        "sex_given": figures.sex_given,
        "age_months": figures.age_months,
        "age_span_months": list(figures.age_span) if figures.age_span else None,
    }


# ---------------------------------------------------------------------------------------
# The plan's inputs, as entered: stored with each record and run again on reopening
# ---------------------------------------------------------------------------------------


def _measurement_to_dict(measurement: Measurement | None) -> dict[str, Any] | None:
    return None if measurement is None else {"value": measurement.value, "unit": measurement.unit}


def inputs_to_dict(patient: Patient, orders: tuple[Order, ...] | list[Order]) -> dict[str, Any]:
    """The patient and orders as entered, each value with the unit it was typed in."""
    return {
        "patient": {
            "weight": _measurement_to_dict(patient.weight),
            "weight_source": patient.weight_source.value if patient.weight_source else None,
            "age": _measurement_to_dict(patient.age),
            "height": _measurement_to_dict(patient.height),
            "sex": patient.sex,
            "crcl": _measurement_to_dict(patient.crcl),
            "name": patient.name,
            "identifier": patient.identifier,
            "scr": _measurement_to_dict(patient.scr),
            "allergies": allergies_to_dict(patient.allergies),
            "ivig_risk_factors": None if patient.ivig_risk_factors is None else list(patient.ivig_risk_factors),
        },
        "orders": [
            {
                "drug": order.drug_id,
                "regimen": order.regimen_id,
                "days": order.days,
                "ordered": _measurement_to_dict(order.ordered),
                "dosing_weight": order.dosing_weight,
                "frequency": order.frequency,
                "form": order.form,
                "product": order.product_id,
            }
            for order in orders
        ],
    }


def _refused(field: str, message: str, cause: InputError | None = None) -> InputError:
    """The refusal of a stored value, logged with its cause (values and field names only: a
    refused name or identifier is never written to the log)."""
    error = InputError(field, message if cause is None else f"{message}: {cause.message}")
    logger.warning("stored inputs refused: %s", error)
    return error


def _field(data: dict[str, Any], key: str, kinds: type | tuple[type, ...], optional: bool = True) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise _refused("Stored inputs", f"'{key}' is not valid")
    return value


def _text_field(data: dict[str, Any], key: str, label: str) -> str:
    """A stored name or identifier, held to what the form accepts (:func:`parse_text`)."""
    value = _field(data, key, str) or ""
    try:
        return parse_text(value, label)
    except InputError as error:
        raise _refused(label, "stored value refused", error) from error


def _measurement_from_dict(value: object, spec: FieldSpec, optional: bool = True) -> Measurement | None:
    if value is None and optional:
        return None
    if not isinstance(value, dict):
        raise _refused(spec.label, "stored value is not valid")
    number, unit = value.get("value"), value.get("unit")
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise _refused(spec.label, "stored value is not a number")
    try:
        number = float(number)
    except OverflowError:  # a whole number too large for a float
        raise _refused(spec.label, "stored value is not a number") from None
    if not math.isfinite(number):
        raise _refused(spec.label, "stored value is not a number")
    if not isinstance(unit, str):
        raise _refused(spec.label, "stored unit is not valid")
    try:
        return spec.accept(number, unit)
    except InputError as error:
        raise _refused(spec.label, "stored value refused", error) from error


def _allergies_from_dict(value: object) -> Allergies | None:
    """Stored allergies; a record from before they were recorded has none ("not recorded")."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("none_known"), bool) or not isinstance(value.get("text"), str):
        raise _refused("Allergies", "stored value is not valid")
    try:
        text = parse_text(value["text"], "Allergies", MAX_ALLERGY_TEXT)
    except InputError as error:
        raise _refused("Allergies", "stored value refused", error) from error
    if value["none_known"] == bool(text):
        raise _refused("Allergies", "stored value is not valid")
    return Allergies(text, value["none_known"])


def inputs_from_dict(data: object) -> tuple[Patient, tuple[Order, ...]]:
    """The inverse of :func:`inputs_to_dict`; :class:`InputError` for anything malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("patient"), dict) or not isinstance(data.get("orders"), list):
        raise _refused("Stored inputs", "not a patient and a list of orders")
    given = data["patient"]
    sex = _field(given, "sex", str)
    if sex is not None and sex not in SEXES:
        raise _refused("Stored inputs", "'sex' is not valid")
    source = _field(given, "weight_source", str)
    if source is not None and source not in {item.value for item in WeightSource}:
        raise _refused("Stored inputs", "'weight_source' is not valid")
    weight = _measurement_from_dict(given.get("weight"), WEIGHT, optional=False)
    assert weight is not None
    patient = Patient(
        weight=weight,
        weight_source=WeightSource(source) if source is not None else None,
        age=_measurement_from_dict(given.get("age"), AGE),
        height=_measurement_from_dict(given.get("height"), HEIGHT),
        sex=sex,
        crcl=_measurement_from_dict(given.get("crcl"), CRCL),
        name=_text_field(given, "name", "Patient name"),
        identifier=_text_field(given, "identifier", "Patient identifier"),
        scr=_measurement_from_dict(given.get("scr"), SCR),
        allergies=_allergies_from_dict(given.get("allergies")),
        ivig_risk_factors=_risk_factors(given.get("ivig_risk_factors")),
    )
    orders: list[Order] = []
    for item in data["orders"]:
        if not isinstance(item, dict):
            raise _refused("Stored inputs", "an order is not valid")
        choice = _field(item, "dosing_weight", str, optional=False)
        if choice not in DOSING_WEIGHT_CHOICES:
            raise _refused("Stored inputs", "'dosing_weight' is not valid")
        orders.append(
            Order(
                drug_id=_field(item, "drug", str, optional=False),
                regimen_id=_field(item, "regimen", str),
                days=_field(item, "days", int),
                ordered=_measurement_from_dict(item.get("ordered"), ORDERED_DOSE),
                dosing_weight=choice,
                frequency=_stored_frequency(item),
                form=_stored_form(item),
                product_id=_field(item, "product", str),
            )
        )
    return patient, tuple(orders)


def _stored_frequency(item: dict[str, Any]) -> str | None:
    """A stored order's frequency; a record from before frequencies has none (its ordered dose
    reopens as an incomplete order, not checked)."""
    text = _field(item, "frequency", str)
    if text is None:
        return None
    try:
        return frequency(text).text
    except InputError as error:
        raise _refused("Frequency", "stored value refused", error) from error


def _stored_form(item: dict[str, Any]) -> str | None:
    text = _field(item, "form", str)
    if text is None:
        return None
    try:
        return parse_text(text, "Form", 64).lower()
    except InputError as error:
        raise _refused("Form", "stored value refused", error) from error
def _risk_factors(value: object) -> tuple[str, ...] | None:
    """The stored IVIG risk factor checklist; a record from before it existed has none (not answered)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) and len(item) <= 64 for item in value):
        raise _refused("Stored inputs", "'ivig_risk_factors' is not valid")
    return tuple(value)
