"""How doses are written (ISMP and NHS conventions)."""

from __future__ import annotations

import pytest

from cc_dosecalc.writing import (
    format_mass,
    format_mass_range,
    format_number,
    format_per_kg_range,
    format_quantity,
    format_volume_ml,
    format_weight_entered,
)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1.0, 2, "1"),  # no trailing zero
        (2.50, 2, "2.5"),
        (0.5, 2, "0.5"),  # leading zero
        (0.05, 3, "0.05"),
        (1000, 0, "1,000"),  # thousands separator from 1,000 up
        (999, 0, "999"),
        (1234567.891, 1, "1,234,567.9"),
        (139.706, 1, "139.7"),
        (0.125, 2, "0.13"),  # half-up, not banker's rounding
        (2.675, 2, "2.68"),
    ],
)
def test_numbers(value: float, decimals: int, text: str) -> None:
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("mg", "unit", "text"),
    [
        (1, "mg", "1 mg"),
        (0.5, "mg", "0.5 mg"),
        (1600, "mg", "1,600 mg"),
        (2000, "g", "2 g"),
        (2240, "g", "2.24 g"),
        (164_574.8, "g", "164.6 g"),
        (0.25, "mcg", "250 mcg"),
    ],
)
def test_masses_have_a_space_and_the_ismp_unit(mg: float, unit: str, text: str) -> None:
    assert format_mass(mg, unit) == text


def test_ranges_are_written_with_to_never_a_hyphen() -> None:
    assert format_mass_range(50, 100, "mg") == "50 to 100 mg"
    assert format_mass_range(800, 800, "mg") == "800 mg"
    assert format_per_kg_range(2, 4, "mg") == "2 to 4 mg/kg"
    assert "-" not in format_mass_range(139.7, 279.4, "mg")


def test_quantities_and_volumes() -> None:
    assert format_quantity(1, "years") == "1 year"
    assert format_quantity(18, "months") == "18 months"
    assert format_quantity(55, "mL/min") == "55 mL/min"
    assert format_volume_ml(1645.7) == "1,646 mL"
    assert format_volume_ml(82.28) == "82.3 mL"


@pytest.mark.parametrize(
    ("value", "unit", "written", "beside_entry"),
    [
        (154, "lb", "154 lb entered = 69.85 kg", "= 69.85 kg"),
        (3250, "g", "3,250 g entered = 3.25 kg", "= 3.25 kg"),
        (70.5, "kg", "70.5 kg", ""),  # entered in kg: no second figure
    ],
)
def test_the_weight_is_written_as_entered_and_in_kg(value: float, unit: str, written: str, beside_entry: str) -> None:
    assert format_weight_entered(value, unit) == written
    assert format_weight_entered(value, unit, beside_entry=True) == beside_entry


def test_the_terminal_and_the_summary_write_the_patient_and_the_levels_alike(formulary) -> None:  # type: ignore[no-untyped-def]
    from cc_dosecalc.engine import calculate_plan
    from cc_dosecalc.plan import Order
    from cc_dosecalc.report import plan_text
    from cc_dosecalc.review import Review
    from cc_dosecalc.summary.document import build_summary
    from tests.summary_plans import PRINTED_AT, patient

    plan = calculate_plan(formulary, patient("154 lb", age="70"), [Order("warfarin")])
    summary = build_summary(plan, Review(), printed_at=PRINTED_AT)
    terminal = plan_text(plan)
    assert dict(summary.patient)["Weight"] == "154 lb entered = 69.85 kg (measured)"
    assert terminal.startswith("Allergies: no known allergies\nPatient: 154 lb entered = 69.85 kg, measured; 70 years\n")
    info = [alert for alert in plan.orders[0].alerts if alert.level == "info"]
    assert info, "warfarin carries an info alert"
    assert f"  [INFO] {info[0].message}" in terminal.splitlines()
    assert f"  [INFO] {info[0].message} (no acknowledgement needed)" in summary.text().splitlines()
