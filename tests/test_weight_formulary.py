"""The weight checks' numbers as formulary data ([weight_for_age]): each with its source,
validated on load, beyond a site file's reach; the engine follows them; the summary and the
stored inputs say what was (and was not) entered."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.exit_codes import EXIT_CANNOT_RUN
from cc_dosecalc.formulary import Formulary, FormularyError, SourcedNumber, load_formulary, load_site_formulary
from cc_dosecalc.parsing import AGE, WEIGHT, parse_measurement
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.plan import Order, Patient, WeightSource
from cc_dosecalc.review import Review
from cc_dosecalc.serialize import inputs_from_dict, inputs_to_dict
from cc_dosecalc.summary.document import build_summary

TEXT = builtin_formulary_path().read_text(encoding="utf-8")


def test_the_numbers_and_their_sources(formulary: Formulary) -> None:
    checks = formulary.weight_for_age
    numbers = (
        checks.growth_reference_below_years, checks.z_warning, checks.modified_z_stop_above,
        checks.modified_z_stop_below_minus, checks.bmi_warning_below, checks.bmi_warning_above,
    )  # fmt: skip
    assert [number.value for number in numbers] == [20, 3, 8, 5, 12, 70]
    assert formulary.source_text(checks.modified_z_stop_above.source).startswith("CDC: modified z-scores")
    assert formulary.source_text(checks.growth_reference_below_years.source).startswith("CDC 2000 growth charts")
    assert formulary.source_text(checks.bmi_warning_above.source).startswith("cc-dosecalc clinical rules")
    assert [rule.min_age_years for rule in formulary.weight_plausibility] == [20]


def _refused(tmp_path: Path, old: str, new: str) -> str:
    assert old in TEXT, old
    path = tmp_path / "formulary.toml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormularyError) as caught:
        load_formulary(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("z_warning = 3\n", "", "weight_for_age.z_warning: missing"),
        ("z_warning = 3\n", "z_warning = 0\n", "weight_for_age.z_warning: must be a number above zero"),
        ("modified_z_stop_above = 8\n", "modified_z_stop_above = 2\n", "modified_z_stop_above: must be above z_warning"),
        ("modified_z_stop_below_minus = 5\n", "modified_z_stop_below_minus = nan\n", "must be a number above zero"),
        ("bmi_warning_below = 12\n", "bmi_warning_below = 80\n", "bmi_warning_below: must be below bmi_warning_above"),
        ("growth_reference_below_years = 20\n", "growth_reference_below_years = 21\n", "runs to 20 years only"),
        ('z_warning_source = "project"\n', 'z_warning_source = "nobody"\n', "unknown source 'nobody'"),
        ("min_age_years = 20\n", "min_age_years = 25\n", "weight_plausibility: an adult weight range must start by 20 years"),
        ("[weight_for_age]\n", "[weight_for_ages]\n", "weight_for_age: missing"),
    ],
)
def test_a_wrong_number_refuses_the_whole_file(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert expected in _refused(tmp_path, old, new)


def test_a_site_file_cannot_hold_the_weight_checks(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('[formulary]\nname = "Ward 7"\nversion = "1"\n\n[weight_for_age]\nz_warning = 5\n', encoding="utf-8")
    with pytest.raises(FormularyError, match="not allowed in a site formulary"):
        load_site_formulary(builtin_formulary_path(), path)


def test_the_engine_follows_the_formulary_numbers(formulary: Formulary) -> None:
    patient = Patient(WEIGHT.accept(37, "kg"), WeightSource.MEASURED, parse_measurement("72 months", AGE), sex="male")
    codes = [alert.code for alert in calculate_plan(formulary, patient, []).patient_alerts]
    assert "weight-unusual-for-age" in codes
    looser = replace(formulary, weight_for_age=replace(formulary.weight_for_age, z_warning=SourcedNumber(4, "project")))
    assert "weight-unusual-for-age" not in [alert.code for alert in calculate_plan(looser, patient, []).patient_alerts]


def test_the_summary_says_the_source_was_not_stated_and_shows_the_figures_beside_the_weight(formulary: Formulary) -> None:
    patient = Patient(parse_measurement("44", WEIGHT), age=parse_measurement("18 months", AGE))
    document = build_summary(
        calculate_plan(formulary, patient, [Order("ivig")]), Review(), printed_at=datetime(2026, 12, 1, tzinfo=UTC)
    )
    rows = dict(document.patient)
    labels = [label for label, _ in document.patient]
    assert rows["Weight"] == "44 kg (weight source not stated)"
    assert labels.index("Weight for age") == labels.index("Weight") + 1
    assert rows["Weight for age"].startswith("z-score +9.62 (centile above 99.9), modified z-score +24.21; CDC 2000 growth charts")
    assert document.banner == "NOT FOR ORDERING" and "weight source not stated" in document.status
    assert "measured" not in document.text().split("Weight for age")[0].split("Weight")[-1]


def test_a_record_without_a_weight_source_reopens_without_one() -> None:
    patient = Patient(parse_measurement("70", WEIGHT), age=parse_measurement("40", AGE))
    stored = inputs_to_dict(patient, [Order("warfarin")])
    assert stored["patient"]["weight_source"] is None
    assert inputs_from_dict(stored)[0].weight_source is None
    stored["patient"]["weight_source"] = "weighed"
    with pytest.raises(ValueError, match="'weight_source' is not valid"):
        inputs_from_dict(stored)


def test_a_damaged_growth_reference_stops_the_program_in_one_line(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(builtin_formulary_path().parent, resources)
    table = resources / "growth" / "cdc2000-weight-for-age-0-36-months.csv"
    table.write_text(table.read_text(encoding="ascii").replace("# licence:", "# licensed:"), encoding="ascii")
    env = {**os.environ, "CC_DOSECALC_RESOURCES": str(resources)}
    done = subprocess.run(
        [sys.executable, "-m", "cc_dosecalc", "calc", "--weight", "70", "--drug", "warfarin"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == EXIT_CANNOT_RUN and done.stdout == ""
    assert done.stderr.startswith("cc-dosecalc: formulary refused: ") and done.stderr.count("\n") == 1
    assert "the growth reference cannot be used" in done.stderr and "no '# licence:' line" in done.stderr
