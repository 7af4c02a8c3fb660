"""Products in the formulary: validated on load; a site file may add products and set the
vial rounding tolerance and the IVIG at-risk maximum."""

from __future__ import annotations

from pathlib import Path

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary, FormularyError, load_formulary, load_site_formulary
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.plan import Order
from tests.conftest import make_patient

OCTAGAM = """max_rate = 4
max_rate_for = "dermatomyositis"
max_rate_source = "octagam-dm"
"""


def test_every_number_of_every_product_has_a_source(formulary: Formulary) -> None:
    ivig = formulary.drug("ivig")
    assert {product.id for product in ivig.infusion_products} == {"octagam-10", "privigen", "gamunex-c", "panzyga", "gammagard-liquid"}
    for product in ivig.infusion_products:
        for source in (product.vial_sizes_source, product.start_source, product.steps_source, product.max_rate.source, product.source):
            assert source in formulary.sources
    octagam = next(product for product in ivig.infusion_products if product.id == "octagam-10")
    assert octagam.vial_sizes_g == (2, 5, 10, 20, 30)
    assert [step.rate_mg_kg_min for step in octagam.steps] == [1, 2, 4]
    assert octagam.at_risk_max is not None and octagam.at_risk_max.value == 3.3
    assert "verify" in formulary.source_text("strengths-to-verify")
    for drug in formulary.drugs:
        for strengths in drug.products:
            assert strengths.source in formulary.sources


def refused(tmp_path: Path, old: str, new: str) -> str:
    text = builtin_formulary_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "formulary.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormularyError) as error:
        load_formulary(path)
    return str(error.value)


def test_a_step_above_the_maximum_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, OCTAGAM, OCTAGAM.replace("max_rate = 4", "max_rate = 3"))
    assert "infusion_product[octagam-10].step_rates" in message and "above max_rate 3" in message


def test_a_vial_of_0_g_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, "vial_sizes_g = [2, 5, 10, 20, 30]", "vial_sizes_g = [0, 5, 10, 20, 30]")
    assert "infusion_product[octagam-10].vial_sizes_g" in message and "above zero" in message


def test_an_unknown_unit_is_refused(tmp_path: Path) -> None:
    assert "unknown unit 'tablets'" in refused(tmp_path, 'strength_unit = "mg"', 'strength_unit = "tablets"')
    assert "'mg/kg/h' is not one of" in refused(tmp_path, 'rate_unit = "mg/kg/min"', 'rate_unit = "mg/kg/h"')


def test_an_unknown_frequency_is_refused(tmp_path: Path) -> None:
    assert "'qd' is not a frequency" in refused(tmp_path, 'frequencies = ["once daily"]', 'frequencies = ["qd"]')


def test_steps_that_do_not_climb_are_refused(tmp_path: Path) -> None:
    assert "faster than the one before" in refused(tmp_path, "step_rates = [2, 4]", "step_rates = [4, 2]")


def test_an_at_risk_maximum_above_the_maximum_is_refused(tmp_path: Path) -> None:
    assert "at_risk_max_rate" in refused(tmp_path, "at_risk_max_rate = 3.3", "at_risk_max_rate = 5")


@pytest.mark.parametrize("value", ["-1", "10.5", "true"])
def test_a_tolerance_outside_0_to_10_percent_is_refused(tmp_path: Path, value: str) -> None:
    message = refused(tmp_path, "vial_rounding_tolerance_percent = 10", f"vial_rounding_tolerance_percent = {value}")
    assert "administration.vial_rounding_tolerance_percent" in message


SITE = """
[formulary]
name = "Test site"
version = "site-1"

[sources]
site-ptc = "Test pharmacy and therapeutics committee"

[administration]
vial_rounding_tolerance_percent = 0
vial_rounding_tolerance_percent_source = "site-ptc"
ivig_at_risk_max_rate_mg_kg_min = 2
ivig_at_risk_max_rate_mg_kg_min_source = "site-ptc"

[[drug]]
id = "minocycline"

[[drug.product]]
id = "minocycline-site-tablets"
name = "tablets"
form = "tablet"
strength_unit = "mg"
strengths = [45]
frequencies = ["twice daily"]
source = "site-ptc"
"""


def test_a_site_file_sets_the_tolerance_and_at_risk_maximum_and_adds_products(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(SITE, encoding="utf-8")
    formulary = load_site_formulary(builtin_formulary_path(), path)
    assert formulary.administration is not None and formulary.administration.origin == "site"
    assert formulary.administration.vial_rounding_tolerance_percent.value == 0
    patient = make_patient("70", "70", crcl="90")
    result = calculate_plan(formulary, patient, [Order("ivig", product_id="privigen"), Order("minocycline")])
    plan = result.orders[0].infusion
    assert plan is not None and plan.max_rate.value == 2
    assert plan.days[0].dose.dose_g == 70 and plan.days[0].steps[-1].rate_ml_h == 84
    assert "local default" not in next(alert.message for alert in result.orders[0].alerts if alert.code == "ivig-at-risk-rate")
    added = [product for product in formulary.drug("minocycline").products if product.origin == "site"]
    assert [(product.id, product.strengths_mg) for product in added] == [("minocycline-site-tablets", (45,))]


def test_a_site_file_cannot_change_the_at_risk_age(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(SITE.replace("[administration]\n", "[administration]\nivig_at_risk_age_above_years = 80\n"), encoding="utf-8")
    with pytest.raises(FormularyError, match="ivig_at_risk_age_above_years"):
        load_site_formulary(builtin_formulary_path(), path)


def test_a_site_value_needs_its_source(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(SITE.replace('vial_rounding_tolerance_percent_source = "site-ptc"\n', ""), encoding="utf-8")
    with pytest.raises(FormularyError, match="give the value and its source together"):
        load_site_formulary(builtin_formulary_path(), path)
