"""Validating the products of a drug (forms and strengths; IVIG products and their rates) and
the ``[administration]`` settings (vial rounding, the IVIG at-risk rules).

Kept apart from :mod:`.validator`, which calls :func:`products`, :func:`infusion_products` and
:func:`administration` once each.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import TYPE_CHECKING, cast

from cc_dosecalc.formulary.model import (
    SourcedNumber,
)
from cc_dosecalc.formulary.product_model import (
    PRODUCT_FORMS,
    Administration,
    InfusionProduct,
    InfusionStep,
    Product,
    ProductForm,
    RiskFactor,
)
from cc_dosecalc.formulary.reader import Table
from cc_dosecalc.frequency import FREQUENCIES
from cc_dosecalc.units import convert, is_known_unit

if TYPE_CHECKING:
    from cc_dosecalc.formulary.validator import Validator

RATE_UNITS = ("mg/kg/min", "mL/kg/h")
# The tolerance may not exceed 10%: an IVIG order more than 10% above the calculated course
# is a stop (clinical-rules.md, second edition), so rounding must never reach it.
MAX_TOLERANCE_PERCENT = 10.0


def products(validator: Validator, tables: list[Table], drug_id: str) -> tuple[Product, ...]:
    result = []
    known = {frequency.text for frequency in FREQUENCIES}
    for table in tables:
        product_id = table.ident("id")
        table.renamed(f"drug[{drug_id}].product[{product_id}]")
        validator.unique(table, "id", product_id, "product")
        form = cast(ProductForm, table.choice("form", PRODUCT_FORMS))
        unit = table.text("strength_unit")
        if not is_known_unit(unit, "mg"):
            table.fail("strength_unit", f"unknown unit '{unit[:20]}': must be a mass (mcg, mg, g)")
        strengths = tuple(convert(value, unit, "mg") for value in table.numbers("strengths"))
        if len(set(strengths)) != len(strengths):
            table.fail("strengths", "a strength is listed twice")
        unit_ml = table.number("unit_ml", required=False)
        if (form == "suspension") != (unit_ml is not None):
            table.fail("unit_ml", "a suspension needs unit_ml (the volume its strength is per); other forms must not give it")
        frequencies = table.texts("frequencies")
        for text in frequencies:
            if text not in known:
                table.fail("frequencies", f"'{text[:40]}' is not a frequency of the list ({', '.join(sorted(known))})")
        result.append(
            Product(
                id=product_id,
                name=table.text("name", max_length=80),
                form=form,
                strengths_mg=tuple(sorted(strengths)),
                frequencies=frequencies,
                source=table.source(),
                release=table.text("release", required=False, max_length=40) or None,
                unit_ml=unit_ml,
                note=table.text("note", required=False),
                origin="site" if table.from_site else "built-in",
            )
        )
        table.done()
    return tuple(result)


def _sourced(table: Table, key: str) -> SourcedNumber:
    value = table.number(key)
    assert value is not None
    return SourcedNumber(value, table.source(f"{key}_source"))


def infusion_products(validator: Validator, tables: list[Table], drug_id: str) -> tuple[InfusionProduct, ...]:
    result = []
    for table in tables:
        product_id = table.ident("id")
        table.renamed(f"drug[{drug_id}].infusion_product[{product_id}]")
        validator.unique(table, "id", product_id, "product")
        concentration = _sourced(table, "concentration_mg_per_ml")
        vials = table.numbers("vial_sizes_g")
        if len(set(vials)) != len(vials):
            table.fail("vial_sizes_g", "a vial size is listed twice")
        for size in vials:
            if size * 10 != math.floor(size * 10):
                table.fail("vial_sizes_g", f"{size:g} g: vial sizes are in steps of 0.1 g")
        rate_unit = table.choice("rate_unit", RATE_UNITS)
        # mL/kg/h x mg/mL = mg/kg/h, / 60 = mg/kg/min
        factor = 1.0 if rate_unit == "mg/kg/min" else concentration.value / 60

        def rate(value: float, factor: float = factor) -> float:
            return value * factor

        start = table.number("start_rate")
        start_minutes = table.number("start_minutes")
        step_minutes = table.number("step_minutes", required=False)
        step_rates = table.numbers("step_rates") if "step_rates" in table.data else ()
        assert start is not None and start_minutes is not None
        if step_rates and step_minutes is None:
            table.fail("step_minutes", "steps need step_minutes (how long each runs)")
        label_rates = (start, *step_rates)
        if any(later <= earlier for earlier, later in pairwise(label_rates)):
            table.fail("step_rates", "each step must be faster than the one before (start_rate, then step_rates)")
        max_rate = _sourced(table, "max_rate")
        for value in label_rates:
            if value > max_rate.value:
                table.fail("step_rates", f"a rate of {value:g} {rate_unit} is above max_rate {max_rate.value:g} {rate_unit}")
        at_risk = table.number("at_risk_max_rate", required=False)
        at_risk_max = SourcedNumber(rate(at_risk), table.source("at_risk_max_rate_source")) if at_risk is not None else None
        if at_risk is not None and at_risk > max_rate.value:
            table.fail("at_risk_max_rate", f"{at_risk:g} is above max_rate {max_rate.value:g}")
        minutes = (start_minutes, *([step_minutes] * (len(step_rates))))
        steps = tuple(
            InfusionStep(rate(value), None if index == len(label_rates) - 1 else minutes[index]) for index, value in enumerate(label_rates)
        )
        result.append(
            InfusionProduct(
                id=product_id,
                name=table.text("name", max_length=80),
                concentration_mg_per_ml=concentration,
                vial_sizes_g=tuple(sorted(vials)),
                vial_sizes_source=table.source("vial_sizes_source"),
                steps=steps,
                start_source=table.source("start_source"),
                steps_source=table.source("steps_source"),
                max_rate=SourcedNumber(rate(max_rate.value), max_rate.source),
                max_rate_for=table.text("max_rate_for", max_length=80),
                at_risk_max=at_risk_max,
                rate_unit=rate_unit,
                label_rates=label_rates,
                source=table.source(),
                origin="site" if table.from_site else "built-in",
            )
        )
        table.done()
    return tuple(result)


def administration(table: Table) -> Administration:
    tolerance = table._get("vial_rounding_tolerance_percent", True)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not 0 <= tolerance <= MAX_TOLERANCE_PERCENT:
        table.fail(
            "vial_rounding_tolerance_percent",
            f"must be a number from 0 (no rounding) to {MAX_TOLERANCE_PERCENT:g}: "
            "an IVIG dose more than 10% above the calculated one is a stop",
        )
    factors: list[RiskFactor] = []
    for sub in table.tables("ivig_risk_factor", required=True):
        factor_id = sub.ident("id")
        sub.renamed(f"administration.ivig_risk_factor[{factor_id}]")
        if factor_id in {factor.id for factor in factors}:
            sub.fail("id", f"duplicate risk factor id '{factor_id}'")
        factors.append(RiskFactor(factor_id, sub.text("text", max_length=120), sub.source()))
        sub.done()
    result = Administration(
        vial_rounding_tolerance_percent=SourcedNumber(float(tolerance), table.source("vial_rounding_tolerance_percent_source")),
        ivig_at_risk_max_rate=_sourced(table, "ivig_at_risk_max_rate_mg_kg_min"),
        ivig_at_risk_age_above_years=_sourced(table, "ivig_at_risk_age_above_years"),
        ivig_at_risk_crcl_below_ml_min=_sourced(table, "ivig_at_risk_crcl_below_ml_min"),
        ivig_risk_factors=tuple(factors),
        origin="site" if table.from_site else "built-in",
    )
    table.done()
    return result
