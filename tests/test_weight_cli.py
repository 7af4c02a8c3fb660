"""The issue's weight cases, run again on the command line as a nurse would: each gives a stop or
an open warning and a status that is not "Checked"; the weight for age in the JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cc_dosecalc", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "level", "said"),
    [
        (("--weight", "154", "--age", "6", "--drug", "diltiazem"), "stop", "Weight 154 kg is implausible for age"),
        (("--weight", "44", "--age", "18 months", "--drug", "ivig"), "stop", "Was this 44 lb (19.96 kg)?"),
        (
            ("--weight", "220", "--age", "52", "--height", "175", "--sex", "male", "--drug", "ivig"),
            "warning",
            "Was this 220 lb (99.79 kg)?",
        ),
        (("--weight", "3.5", "--drug", "ceftriaxone"), "stop", "Age is needed: a patient under 40 kg may be a child"),
    ],
)
def test_each_weight_case_of_the_issue_is_caught(args: tuple[str, ...], level: str, said: str) -> None:
    done = run("calc", *args, "--weight-source", "measured", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert any(alert["level"] == level and said in alert["message"] for alert in data["patient_alerts"]), data["patient_alerts"]
    assert not data["status"]["text"].startswith("Checked")
    text = run("calc", *args, "--weight-source", "measured").stdout
    assert f"[{level.upper()}]" in text and said in text
    assert not text.rstrip().splitlines()[-1].startswith("Status: Checked")


def test_the_json_gives_the_weight_for_age_of_a_child_and_null_for_an_adult() -> None:
    done = run(
        "calc", "--weight", "12.5", "--age", "24 months", "--sex", "male", "--drug", "warfarin", "--weight-source", "measured", "--json"
    )
    figures = json.loads(done.stdout)["patient"]["weight_for_age"]
    assert set(figures) >= {"z", "modified_z", "centile", "reference"}
    assert figures["reference"] == "CDC 2000 growth charts (weight-for-age)"
    assert isinstance(figures["z"], float) and figures["z"] == pytest.approx(-0.1254, abs=1e-3)
    assert figures["centile"] == pytest.approx(45.0, abs=0.1)
    adult = run("calc", "--weight", "70", "--age", "40", "--drug", "warfarin", "--weight-source", "measured", "--json")
    assert json.loads(adult.stdout)["patient"]["weight_for_age"] is None


def test_the_readable_output_shows_the_figures_with_the_reference_named() -> None:
    done = run("calc", "--weight", "12.5", "--age", "24 months", "--sex", "male", "--drug", "warfarin", "--weight-source", "measured")
    # modified z by hand: (12.5 - 12.67076) / ((12.67076 - 10.25461) / 2) = -0.1414
    line = "Weight for age: z-score -0.13 (centile 45), modified z-score -0.14; CDC 2000 growth charts (weight-for-age), boys, at 2 years 0 months"
    assert line in done.stdout


def test_without_a_weight_source_the_status_says_so_and_the_patient_line_says_not_stated() -> None:
    done = run("calc", "--weight", "70", "--age", "40", "--no-known-allergies", "--drug", "warfarin", "--json")
    data = json.loads(done.stdout)
    assert data["patient"]["weight_source"] is None
    assert data["status"]["open_items"] == ["weight source not stated (choose measured, stated, estimated)"]
    assert data["status"]["text"].startswith("Not yet checked: weight source not stated")
    text = run("calc", "--weight", "70", "--age", "40", "--no-known-allergies", "--drug", "warfarin").stdout
    assert text.startswith("Allergies: no known allergies\nPatient: 70 kg, weight source not stated; 40 years")
