"""The formulary's products (what a dose is given as: strengths per form, IVIG products with
vials and rates) and its [administration] rules (vial rounding, the IVIG at-risk maximum and
risk factors). Plain data, validated by :mod:`cc_dosecalc.formulary.products`."""

from __future__ import annotations

from typing import Literal, get_args

from cc_dosecalc.formulary.model import FormularyKind, SourcedNumber
from cc_dosecalc.value_class import value_class

ProductForm = Literal["tablet", "capsule", "suspension", "vial"]
PRODUCT_FORMS: tuple[ProductForm, ...] = get_args(ProductForm)


@value_class
class Product:
    """A form of a drug and the strengths it comes in, for suggested orders.

    ``strengths_mg`` are per unit: a tablet, a capsule, a vial, or ``unit_ml`` of a suspension.
    ``frequencies`` are texts of :data:`cc_dosecalc.frequency.FREQUENCIES`, the ways it is given.
    """

    id: str
    name: str
    form: ProductForm
    strengths_mg: tuple[float, ...]
    frequencies: tuple[str, ...]
    source: str
    # "immediate-release", "extended-release": written in the order when a drug has both
    release: str | None = None
    unit_ml: float | None = None
    note: str = ""
    origin: FormularyKind = "built-in"


@value_class
class InfusionStep:
    """One rate of an infusion's schedule; ``minutes`` None: runs until the volume is given."""

    rate_mg_kg_min: float
    minutes: float | None


@value_class
class InfusionProduct:
    """An IVIG product: its concentration, vial sizes and the label's rates (in mg/kg/min).

    ``steps`` start at the label's start rate; the last step has no duration. A rate written
    by the label in mL/kg/h is converted on load with the concentration.
    ``at_risk_max`` is None when the label gives no number ("minimum practicable rate"):
    the site's at-risk maximum applies (:class:`Administration`).
    """

    id: str
    name: str
    concentration_mg_per_ml: SourcedNumber
    vial_sizes_g: tuple[float, ...]
    vial_sizes_source: str
    steps: tuple[InfusionStep, ...]
    start_source: str
    steps_source: str
    max_rate: SourcedNumber
    max_rate_for: str
    at_risk_max: SourcedNumber | None
    rate_unit: str
    label_rates: tuple[float, ...]
    source: str
    origin: FormularyKind = "built-in"


@value_class
class RiskFactor:
    id: str
    text: str
    source: str


@value_class
class Administration:
    """How doses become what is given: vial rounding and the IVIG at-risk rules.

    A site file may set the tolerance and the at-risk maximum (see :mod:`.site`).
    """

    # 0 turns rounding to whole vials off
    vial_rounding_tolerance_percent: SourcedNumber
    # for products whose label gives no number ("minimum practicable rate")
    ivig_at_risk_max_rate: SourcedNumber
    ivig_at_risk_age_above_years: SourcedNumber
    ivig_at_risk_crcl_below_ml_min: SourcedNumber
    ivig_risk_factors: tuple[RiskFactor, ...]
    # "site" when the site file set the tolerance or the at-risk maximum
    origin: FormularyKind = "built-in"
