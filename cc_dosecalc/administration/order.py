"""What the engine asks of this package for one order: the suggested orders, how an ordered
dose is made up, and for IVIG with a product chosen, the infusion plan with its alerts."""

from __future__ import annotations

from collections.abc import Callable

from cc_dosecalc.administration.at_risk import assess, check_risk_factors
from cc_dosecalc.administration.infusion import InfusionPlan, day_plan, format_duration, max_rate, pump_rate_ml_h
from cc_dosecalc.administration.suggestions import SuggestedOrder, made_up, suggest_orders
from cc_dosecalc.administration.vials import round_to_vials
from cc_dosecalc.formulary import Drug, Formulary, InfusionProduct, Regimen
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import Alert, DosingWeight, ScheduledDose
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number, format_volume_ml


@value_class
class Administered:
    suggested_orders: tuple[SuggestedOrder, ...]
    made_up: str
    infusion: InfusionPlan | None
    alerts: tuple[Alert, ...]
    steps: tuple[str, ...]


def infusion_product(drug: Drug, product_id: str | None) -> InfusionProduct | None:
    """The IVIG product an order names, or :class:`InputError`."""
    if product_id is None:
        return None
    if not drug.infusion_products:
        raise InputError("Product", f"{drug.id} has no products to choose from (--product is for IVIG)")
    for product in drug.infusion_products:
        if product.id == product_id:
            return product
    shown = f"'{product_id[:40]}'" if product_id.isprintable() else "that value"
    raise InputError("Product", f"unknown product {shown} for {drug.id}: use one of {', '.join(p.id for p in drug.infusion_products)}")


def administer(
    formulary: Formulary,
    patient: Patient,
    order: Order,
    drug: Drug,
    regimen: Regimen,
    weight: DosingWeight,
    schedule: tuple[ScheduledDose, ...],
    order_range: tuple[float, float] | None,
    allowed: Callable[[float, str | None], bool],
    crcl_ml_min: float | None,
) -> Administered:
    """``allowed(mg, form)``: True when a total of ``mg`` per the order's period, of that form
    (a product's release, or None), crosses no limit; ``crcl_ml_min``: the kidney function in force."""
    product = infusion_product(drug, order.product_id)
    suggested = suggest_orders(drug, regimen, order_range, allowed)
    ordered = made_up(drug, regimen, order.ordered.to("mg"), order.frequency, order.form) if order.ordered else ""
    administration = formulary.administration
    if administration is not None and patient.ivig_risk_factors and not drug.infusion_products:
        check_risk_factors(administration, patient.ivig_risk_factors)
    if product is None or administration is None or not schedule:
        alerts: tuple[Alert, ...] = ()
        if drug.infusion_products and product is None and schedule:
            alerts = (
                Alert(
                    "info",
                    "infusion-no-product",
                    "Choose the IVIG product for the infusion plan (whole vials and the rate steps).",
                    "local",
                ),
            )
        return Administered(suggested, ordered, None, alerts, ())
    return _infusion(formulary, patient, order, product, weight, schedule, allowed, suggested, ordered, crcl_ml_min)


def _infusion(
    formulary: Formulary,
    patient: Patient,
    order: Order,
    product: InfusionProduct,
    weight: DosingWeight,
    schedule: tuple[ScheduledDose, ...],
    allowed: Callable[[float, str | None], bool],
    suggested: tuple[SuggestedOrder, ...],
    ordered: str,
    crcl_ml_min: float | None,
) -> Administered:
    administration = formulary.administration
    assert administration is not None
    risk = assess(administration, patient, patient.ivig_risk_factors, crcl_ml_min)
    limit = max_rate(product, administration, risk.at_risk)
    tolerance = administration.vial_rounding_tolerance_percent.value
    calculated_g = schedule[0].dose_mg / 1000
    day_g = order.ordered.to("g") if order.ordered else calculated_g
    # never above a stop limit, nor above the calculated dose by more than the tolerance
    ceiling = calculated_g * (1 + tolerance / 100) + 1e-9

    def may_give(grams: float) -> bool:
        return grams <= ceiling and allowed(grams * 1000, None)

    # the days of a course are equal: one rounding serves them all
    rounded = round_to_vials(day_g, product.vial_sizes_g, tolerance, may_give)
    days = tuple(day_plan(item.day, rounded, product, weight.kg, limit.value) for item in schedule)
    plan = InfusionPlan(product, weight.kg, weight.basis, risk, limit, days, tolerance)
    concentration = product.concentration_mg_per_ml.value
    limit_ml_h = format_number(pump_rate_ml_h(weight.kg, limit.value, concentration), 1)
    limit_text = (
        f"{format_number(limit.value, 2)} mg/kg/min ({limit_ml_h} mL/h for {format_number(weight.kg, 2)} kg, {weight.basis} weight)"
    )
    alerts: list[Alert] = []
    if risk.at_risk:
        local = product.at_risk_max is None and administration.origin == "built-in"
        confirm = " This maximum is a local default for the pharmacy to confirm in the site formulary." if local else ""
        alerts.append(
            Alert(
                "info",
                "ivig-at-risk-rate",
                f"At risk of kidney dysfunction or thrombosis ({'; '.join(risk.reasons)}): "
                f"the infusion does not climb above {limit_text}.{confirm}",
                limit.source,
            )
        )
    if not days[0].dose.rounded:
        alerts.append(
            Alert(
                "info",
                "ivig-not-rounded",
                f"{product.name}: {days[0].dose.step_text()}.",
                administration.vial_rounding_tolerance_percent.source,
            )
        )
    steps = [f"{product.name}, day {day.day}: {day.dose.step_text()}" for day in days[:1]]
    first = days[0]
    steps.append(
        f"{product.name}: {format_volume_ml(first.volume_ml)} a day at {format_number(concentration, 0)} mg/mL; "
        f"rates on {format_number(weight.kg, 2)} kg ({weight.basis} weight), maximum {limit_text}; "
        f"each day's infusion takes {format_duration(first.duration_min)}"
    )
    return Administered(suggested, ordered, plan, tuple(alerts), tuple(steps))
