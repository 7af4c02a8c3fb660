"""Plain-data views of the formulary and of a calculated plan, for JSON output, and the
plan's inputs as plain data that can be stored and run again.

Stored inputs are read back through the same checks as typed ones (:meth:`FieldSpec.accept`,
:func:`parse_text`): a record reopens whatever the form accepted, and nothing else."""

from __future__ import annotations

import logging
import math
from typing import Any

from cc_dosecalc.administration.text import administration_dict
from cc_dosecalc.formulary import Drug, Formulary, FormularyFile
from cc_dosecalc.parsing import AGE, CRCL, HEIGHT, ORDERED_DOSE, WEIGHT, FieldSpec, InputError, Measurement, parse_text
from cc_dosecalc.plan import DOSING_WEIGHT_CHOICES, SEXES, Order, Patient, WeightSource
from cc_dosecalc.results import Dose, OrderResult, PlanResult
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
        **administration_dict(result),
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
            "name": patient.name,
            "identifier": patient.identifier,
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
            "weight_source": patient.weight_source.value,
            "age": _measurement_to_dict(patient.age),
            "height": _measurement_to_dict(patient.height),
            "sex": patient.sex,
            "crcl": _measurement_to_dict(patient.crcl),
            "name": patient.name,
            "identifier": patient.identifier,
            "ivig_risk_factors": None if patient.ivig_risk_factors is None else list(patient.ivig_risk_factors),
        },
        "orders": [
            {
                "drug": order.drug_id,
                "regimen": order.regimen_id,
                "days": order.days,
                "ordered": _measurement_to_dict(order.ordered),
                "dosing_weight": order.dosing_weight,
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


def inputs_from_dict(data: object) -> tuple[Patient, tuple[Order, ...]]:
    """The inverse of :func:`inputs_to_dict`; :class:`InputError` for anything malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("patient"), dict) or not isinstance(data.get("orders"), list):
        raise _refused("Stored inputs", "not a patient and a list of orders")
    given = data["patient"]
    sex = _field(given, "sex", str)
    if sex is not None and sex not in SEXES:
        raise _refused("Stored inputs", "'sex' is not valid")
    source = _field(given, "weight_source", str, optional=False)
    if source not in {item.value for item in WeightSource}:
        raise _refused("Stored inputs", "'weight_source' is not valid")
    weight = _measurement_from_dict(given.get("weight"), WEIGHT, optional=False)
    assert weight is not None
    patient = Patient(
        weight=weight,
        weight_source=WeightSource(source),
        age=_measurement_from_dict(given.get("age"), AGE),
        height=_measurement_from_dict(given.get("height"), HEIGHT),
        sex=sex,
        crcl=_measurement_from_dict(given.get("crcl"), CRCL),
        name=_text_field(given, "name", "Patient name"),
        identifier=_text_field(given, "identifier", "Patient identifier"),
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
                product_id=_field(item, "product", str),
            )
        )
    return patient, tuple(orders)


def _risk_factors(value: object) -> tuple[str, ...] | None:
    """The stored IVIG risk factor checklist; a record from before it existed has none (not answered)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) and len(item) <= 64 for item in value):
        raise _refused("Stored inputs", "'ivig_risk_factors' is not valid")
    return tuple(value)
