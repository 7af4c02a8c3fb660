"""The issue's cases for kidney function, allergies and the children's limits, run again on the
command line: each gives a stop or an open warning and a status that is not "Checked"."""

from __future__ import annotations

import json

import pytest

from cc_dosecalc.allergies import NOT_RECORDED
from tests.test_cli import run


def calc_json(*args: str) -> dict:  # type: ignore[type-arg]
    done = run("calc", *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def alerts(data: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {alert["code"]: alert["level"] for order in data["orders"] for alert in order["alerts"]}


@pytest.mark.parametrize(
    ("args", "code", "level"),
    [
        (["--weight", "4", "--age", "2 months", "--drug", "ceftriaxone"], "ceftriaxone-child-above-100-per-kg", "stop"),
        (["--weight", "12", "--age", "2", "--drug", "probenecid"], "probenecid-child-per-kg", "stop"),
        (
            ["--weight", "3.5", "--drug", "ceftriaxone", "--drug", "minocycline", "--drug", "probenecid"],
            "minocycline-under-8-not-applied",
            "warning",
        ),
        (["--weight", "70", "--age", "60", "--drug", "ivig"], "ivig-kidney-function-not-given", "warning"),
        (["--weight", "70", "--age", "60", "--allergies", "cephalosporins", "--drug", "ceftriaxone"], "allergy", "stop"),
        (["--weight", "70", "--age", "60", "--drug", "diltiazem"], "diltiazem-contraindications", "warning"),
    ],
)
def test_each_case_is_a_stop_or_an_open_warning_and_not_checked(args: list[str], code: str, level: str) -> None:
    recorded = () if "--allergies" in args else ("--no-known-allergies",)
    data = calc_json(*args, *recorded, "--weight-source", "measured")
    assert alerts(data)[code] == level
    assert data["status"]["checked"] is False
    assert not data["status"]["text"].startswith("Checked")


def test_the_worked_example_in_json() -> None:
    data = calc_json("--weight", "70", "--age", "60", "--sex", "male", "--scr", "88.4 µmol/L", "--drug", "alendronate")
    patient = data["patient"]
    assert patient["crcl_ml_min"] == 77.8
    kidney = patient["kidney"]
    assert {key: kidney[key] for key in ("crcl_ml_min", "method", "weight_basis")} == {
        "crcl_ml_min": 77.8,
        "method": "cockcroft-gault",
        "weight_basis": "actual",
    }
    assert kidney["scr_mg_dl"] == pytest.approx(1.0)
    assert patient["allergies"] is None
    assert NOT_RECORDED in data["status"]["open_items"]


def test_allergies_print_first_and_the_kidney_working_is_shown() -> None:
    done = run("calc", "--weight", "70", "--age", "60", "--sex", "male", "--scr", "1 mg/dL", "--allergies", "penicillin", "--drug", "warfarin")
    lines = done.stdout.splitlines()
    assert lines[0] == "Allergies: penicillin"
    assert "Kidney function: creatinine clearance 77.8 mL/min (Cockcroft-Gault, actual weight; used); serum creatinine 1 mg/dL (88.4 µmol/L)" in lines
    assert "  = (140 - 60) x 70 kg (actual weight) / (72 x 1 mg/dL) = 77.8 mL/min (used)" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scr", "1.1"], "Serum creatinine: a bare number is ambiguous"),
        (["--scr", "97 mmol/L"], "Serum creatinine: unknown unit 'mmol/L'"),
        (["--allergies", "penicillin", "--no-known-allergies"], "Allergies: give either the allergies or no known allergies, not both"),
        (["--allergies", "  "], "Allergies: write the allergies"),
    ],
)
def test_bad_kidney_and_allergy_input_is_one_line(args: list[str], message: str) -> None:
    done = run("calc", "--weight", "70", *args, "--drug", "warfarin")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr
