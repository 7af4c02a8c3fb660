"""The command line's contract for products: --product belongs to the IVIG --drug before it;
--risk-factor (repeatable) or --no-risk-factors; suggested_orders and infusion in the JSON;
the product and risk factors kept in the history record."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cc_dosecalc.serialize import inputs_from_dict, inputs_to_dict
from tests.conftest import make_patient


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cc_dosecalc", *args], capture_output=True, text=True, timeout=60)


def calc(*args: str) -> dict:  # type: ignore[type-arg]
    done = run("calc", "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_worked_example_on_the_command_line() -> None:
    data = calc(
        "--weight", "70", "--age", "40", "--crcl", "90", "--drug", "ivig", "--days", "2", "--product", "octagam-10", "--no-risk-factors"
    )
    infusion = data["orders"][0]["infusion"]
    assert infusion["product"] == "octagam-10" and infusion["at_risk"] is False and infusion["max_rate_mg_kg_min"] == 4
    day = infusion["days"][0]
    assert [item["day"] for item in infusion["days"]] == [1, 2]
    assert day["dose_g"] == 70 and day["volume_ml"] == 700
    assert sum(vial["size_g"] * vial["count"] for vial in day["vials"]) == 70
    assert [step["rate_ml_h"] for step in day["steps"]] == [42, 84, 168]
    assert [step["minutes"] for step in day["steps"]][:2] == [30, 30]
    assert [step["start_min"] for step in day["steps"]] == [0, 30, 60]
    assert [step["rate_mg_kg_min"] for step in day["steps"]] == [1, 2, 4]
    assert day["duration_min"] == pytest.approx(287.5)
    older = calc("--weight", "70", "--age", "70", "--crcl", "90", "--drug", "ivig", "--product", "octagam-10", "--no-risk-factors")
    assert older["orders"][0]["infusion"]["at_risk"] is True
    assert older["orders"][0]["infusion"]["max_rate_mg_kg_min"] == 3.3
    assert older["orders"][0]["infusion"]["days"][0]["steps"][-1]["rate_ml_h"] == 138.6


def test_a_risk_factor_ticked_on_the_command_line() -> None:
    data = calc(
        "--weight",
        "70",
        "--age",
        "40",
        "--crcl",
        "90",
        "--drug",
        "ivig",
        "--product",
        "privigen",
        "--risk-factor",
        "diabetes",
        "--risk-factor",
        "sepsis",
    )
    infusion = data["orders"][0]["infusion"]
    assert infusion["at_risk"] is True and infusion["max_rate_mg_kg_min"] == 3.3
    assert {"diabetes", "sepsis"} <= set(infusion["at_risk_reasons"])


def test_suggested_orders_in_the_json() -> None:
    data = calc("--weight", "69.85", "--age", "40", "--drug", "diltiazem")
    first = data["orders"][0]["suggested_orders"][0]
    assert first == {
        "text": "extended-release 240 mg once daily",
        "form": "capsule",
        "product": "diltiazem-er-capsules",
        "frequency": "once daily",
        "per_day_mg": 240.0,
        "difference_percent": None,
        "units": [{"strength_mg": 240.0, "count": 1}],
    }


def test_the_products_are_listed_by_drugs_json() -> None:
    done = run("drugs", "--json")
    drugs = {drug["id"]: drug for drug in json.loads(done.stdout)["drugs"]}
    ids = {product["id"] for product in drugs["ivig"]["products"]}
    assert ids == {"octagam-10", "privigen", "gamunex-c", "panzyga", "gammagard-liquid"}
    assert {product["id"] for product in drugs["diltiazem"]["products"]} == {"diltiazem-ir-tablets", "diltiazem-er-capsules"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--product", "octagam-10", "--drug", "ivig"), "must follow the --drug"),
        (("--drug", "ivig", "--product", "nosuch"), "Product: unknown product 'nosuch'"),
        (("--drug", "ivig", "--product", "privigen", "--risk-factor", "nosuch"), "Risk factor"),
        (("--drug", "ivig", "--risk-factor", "diabetes", "--no-risk-factors"), "not allowed with argument"),
    ],
)
def test_bad_product_options_are_refused_in_one_line(args: tuple[str, ...], field: str) -> None:
    done = run("calc", "--weight", "70", *args)
    assert done.returncode == 2
    assert field in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_product_and_risk_factors_are_stored_and_reopened() -> None:
    from dataclasses import replace

    from cc_dosecalc.plan import Order

    patient = replace(make_patient("70", "40"), ivig_risk_factors=("diabetes",))
    data = inputs_to_dict(patient, [Order("ivig", product_id="octagam-10")])
    reopened_patient, orders = inputs_from_dict(json.loads(json.dumps(data)))
    assert reopened_patient.ivig_risk_factors == ("diabetes",) and orders[0].product_id == "octagam-10"
    # a record from before products existed reopens, its checklist not answered
    del data["patient"]["ivig_risk_factors"]
    del data["orders"][0]["product"]
    old_patient, old_orders = inputs_from_dict(data)
    assert old_patient.ivig_risk_factors is None and old_orders[0].product_id is None
