"""The formulary file: complete, and refused whole when anything in it is wrong."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest

from cc_dosecalc.formulary import Formulary, FormularyError, load_formulary
from cc_dosecalc.paths import builtin_formulary_path

DRUG_IDS = [
    "diltiazem", "warfarin", "etidronate", "alendronate", "pamidronate", "minocycline", "ceftriaxone",
    "aluminum-hydroxide", "probenecid", "sodium-thiosulfate", "colchicine", "ivig", "intralesional-corticosteroid",
]  # fmt: skip
TEXT = builtin_formulary_path().read_text(encoding="utf-8")


def test_every_treatment_in_the_reference_is_present(formulary: Formulary) -> None:
    assert [drug.id for drug in formulary.drugs] == DRUG_IDS
    assert {procedure.name for procedure in formulary.procedures} == {
        "surgical excision", "curettage", "carbon dioxide laser", "extracorporeal shockwave lithotripsy",
    }  # fmt: skip
    assert [regimen.id for regimen in formulary.drug("aluminum-hydroxide").regimens] == [
        "aluminum-hydroxide-1800mg", "aluminum-hydroxide-2240mg", "aluminum-hydroxide-2400mg",
    ]  # fmt: skip
    assert [regimen.route for regimen in formulary.drug("sodium-thiosulfate").regimens] == ["topical", "intralesional", "IV"]
    for drug_id in ("sodium-thiosulfate", "colchicine", "intralesional-corticosteroid"):
        assert all(regimen.basis == "none" for regimen in formulary.drug(drug_id).regimens)


def test_guidance_from_the_reference(formulary: Formulary) -> None:
    guidance = formulary.guidance
    assert guidance.general_measures == ("Avoid trauma.", "Stop smoking.", "Reduce stress.", "Reduce exposure to the cold.")
    sizes = {item.size: item for item in guidance.lesion_size}
    assert sizes["small"].drugs == ("warfarin", "ceftriaxone", "ivig")
    assert "probenecid" in sizes["large"].drugs and "curettage" in sizes["large"].procedures


def test_reference_regimens_carry_the_reference_numbers(formulary: Formulary) -> None:
    def numbers(drug_id: str, regimen_id: str | None = None) -> tuple[object, ...]:
        regimen = formulary.drug(drug_id).regimen(regimen_id)
        return (regimen.basis, regimen.dose_low, regimen.dose_high, regimen.dose_unit, regimen.period)

    assert numbers("diltiazem") == ("per_kg", 2, 4, "mg/kg", "day")
    assert numbers("warfarin") == ("fixed", 1, 1, "mg", "day")
    assert numbers("etidronate") == ("fixed", 800, 800, "mg", "day")
    assert numbers("alendronate") == ("fixed", 70, 70, "mg", "week")
    assert numbers("pamidronate") == ("fixed", 90, 90, "mg", "week")
    assert numbers("minocycline") == ("fixed", 50, 100, "mg", "day")
    assert numbers("ceftriaxone") == ("fixed", 2, 2, "g", "day")
    assert formulary.drug("ceftriaxone").regimen(None).course_days == 20
    assert numbers("probenecid") == ("fixed", 1.5, 1.5, "g", "day")
    assert numbers("ivig") == ("per_kg", 2, 2, "g/kg", "course")
    assert formulary.drug("ceftriaxone").display_name == "cefTRIAXone"


def test_version_and_sha256_of_the_file(formulary: Formulary) -> None:
    assert formulary.version == "2026.11.0"
    assert formulary.sha256 == hashlib.sha256(builtin_formulary_path().read_bytes()).hexdigest()


def _refused(tmp_path: Path, text: str) -> str:
    path = tmp_path / "formulary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormularyError) as caught:
        load_formulary(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


def _replace(old: str, new: str, count: int = 1) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, count)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("dose_high = 4\n", "dose_high = 4\ndose_high = 5\n", "TOML syntax error"),
        (
            '[[drug.regimen]]\nid = "diltiazem-oral"\nlabel',
            '[[drug.regimen]]\nid = "diltiazem-oral"\nlabl',
            "drug[diltiazem].regimen[diltiazem-oral].label: missing",
        ),
        ('dose_unit = "mg/kg"', 'dose_unit = "mg/lb"', "drug[diltiazem].regimen[diltiazem-oral].dose_unit: unknown unit 'mg/lb'"),
        ('dose_unit = "mg/kg"', 'dose_unit = "mg"', "dose_unit: unknown unit 'mg': must be a dose per kg"),
        ("dose_low = 2\n", "dose_low = 0\n", "drug[diltiazem].regimen[diltiazem-oral].dose_low: must be a number above zero"),
        ("dose_low = 2\n", "dose_low = -2\n", "dose_low: must be a number above zero"),
        ("dose_low = 2\n", "dose_low = nan\n", "dose_low: must be a number above zero"),
        ("dose_low = 2\n", "dose_low = inf\n", "dose_low: must be a number above zero"),
        ("dose_low = 2\n", 'dose_low = "2"\n', "dose_low: must be a number"),
        ("dose_low = 2\n", "dose_low = 5\n", "drug[diltiazem].regimen[diltiazem-oral].dose_low: 5 is above dose_high 4"),
        (
            'drugs = ["diltiazem", "colchicine"]',
            'drugs = ["diltiazem", "colchicin"]',
            "interaction[diltiazem + colchicin].drugs: unknown drug 'colchicin'",
        ),
        ('id = "warfarin"', 'id = "diltiazem"', "drug[diltiazem].id: duplicate drug id 'diltiazem'"),
        ('id = "warfarin-oral"', 'id = "diltiazem-oral"', "regimen[diltiazem-oral].id: duplicate regimen id 'diltiazem-oral'"),
        (
            'source = "us-labels-diltiazem"',
            'source = "us-labelz"',
            "drug[diltiazem].check[diltiazem-above-usual-max].source: unknown source 'us-labelz'",
        ),
        (
            'period = "week"',
            'period = "fortnight"',
            "drug[alendronate].regimen[alendronate-oral].period: 'fortnight' is not one of: day, week, course",
        ),
        (
            'code = "diltiazem-above-usual-max"\nlevel = "warning"',
            'code = "diltiazem-above-usual-max"\nlevel = "caution"',
            "check[diltiazem-above-usual-max].level: 'caution' is not one of: stop, warning, info",
        ),
        (
            'kind = "daily_dose_above", value = 360, unit = "mg"',
            'kind = "daily_dose_above", value = 360, unit = "mL"',
            "unit: unknown unit 'mL' for daily_dose_above",
        ),
        ('kind = "daily_dose_above", value = 360', 'kind = "daily_cap", value = 360', "kind: 'daily_cap' is not one of"),
        ('kind = "daily_dose_above", value = 360', 'kind = "daily_dose_above", value = 0', "value: must be a number above zero"),
        ("days_max = 5", "days_max = 1", "drug[ivig].regimen[ivig-iv].days_default: days_min <= days_default <= days_max must hold"),
        (
            'basis = "none"\nperiod = "day"\nsource = "reference"\n\n[[drug.regimen]]\nid = "sodium-thiosulfate-intralesional"',
            'basis = "none"\nperiod = "day"\ndose_low = 1\nsource = "reference"\n\n[[drug.regimen]]\nid = "sodium-thiosulfate-intralesional"',
            "regimen[sodium-thiosulfate-topical].basis: a regimen with no dose must not give dose_low",
        ),
        ('version = "2026.11.0"', 'version = ""', "formulary.version: must be non-empty text"),
        ('version = "2026.11.0"', 'version = "2026.11.0"\nversoin = "x"', "formulary.versoin: unknown field"),
        ('tall_man = "cefTRIAXone"', 'tall_man = "cefOTAXime"', "drug[ceftriaxone].tall_man: 'cefOTAXime' does not spell the name"),
        (
            "obese_above_percent_of_ibw = 120",
            "obese_above_percent_of_ibw = 90",
            "dosing_weight.obese_above_percent_of_ibw: must be above 100",
        ),
        ('name = "warfarin"', 'name = "warfarin\\u0000"', "name: must not hold control characters"),
    ],
)
def test_any_error_refuses_the_whole_file_naming_entry_and_field(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert expected in _refused(tmp_path, _replace(old, new))


def test_refused_files_that_are_not_formularies(tmp_path: Path) -> None:
    assert "formulary: missing" in _refused(tmp_path, "")
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FormularyError, match="not UTF-8"):
        load_formulary(path)
    with pytest.raises(FormularyError, match="cannot be read"):
        load_formulary(tmp_path / "missing.toml")
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 1_100_000, encoding="utf-8")
    with pytest.raises(FormularyError, match="larger than"):
        load_formulary(big)


# --- the numbers of the program's own checks --------------------------------------------------


def test_the_built_in_checks_numbers_and_their_sources(formulary: Formulary) -> None:
    checks = formulary.built_in_checks
    assert (checks.adult_age_years.value, checks.child_weight_kg.value, checks.decimal_error_factor.value) == (18, 40, 10)
    for number in (checks.adult_age_years, checks.child_weight_kg, checks.decimal_error_factor):
        assert formulary.source_text(number.source) == "Local practice (cc-dosecalc clinical rules)"


# the whole [built_in_checks] table, as the built-in file has it
BUILT_IN_CHECKS = TEXT[TEXT.index("[built_in_checks]\n") : TEXT.index('decimal_error_factor_source = "local"\n')] + (
    'decimal_error_factor_source = "local"\n'
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("child_weight_kg = 40\n", "", "built_in_checks.child_weight_kg: missing"),
        ("adult_age_years = 18\n", "", "built_in_checks.adult_age_years: missing"),
        ("decimal_error_factor = 10\n", "", "built_in_checks.decimal_error_factor: missing"),
        ("child_weight_kg = 40\n", 'child_weight_kg = "40 kg"\n', "built_in_checks.child_weight_kg: must be a number"),
        ("child_weight_kg = 40\n", "child_weight_kg = true\n", "built_in_checks.child_weight_kg: must be a number"),
        ("child_weight_kg = 40\n", "child_weight_kg = 0\n", "built_in_checks.child_weight_kg: must be a number above zero"),
        ("adult_age_years = 18\n", "adult_age_years = -18\n", "built_in_checks.adult_age_years: must be a number above zero"),
        ("adult_age_years = 18\n", "adult_age_years = nan\n", "built_in_checks.adult_age_years: must be a number above zero"),
        ("decimal_error_factor = 10\n", "decimal_error_factor = inf\n", "built_in_checks.decimal_error_factor: must be a number above zero"),
        ("decimal_error_factor = 10\n", "decimal_error_factor = 0\n", "built_in_checks.decimal_error_factor: must be a number above zero"),
        ("decimal_error_factor = 10\n", "decimal_error_factor = 1\n", "built_in_checks.decimal_error_factor: must be above 1"),
        ("decimal_error_factor = 10\n", "decimal_error_factor = 0.1\n", "built_in_checks.decimal_error_factor: must be above 1"),
        ('child_weight_kg_source = "local"\n', "", "built_in_checks.child_weight_kg_source: missing"),
        ('child_weight_kg_source = "local"\n', 'child_weight_kg_source = "locale"\n', "child_weight_kg_source: unknown source 'locale'"),
        ("child_weight_kg = 40\n", "child_weight_kg = 40\nchild_weight_lb = 88\n", "built_in_checks.child_weight_lb: unknown field"),
        (BUILT_IN_CHECKS, "", "built_in_checks: missing"),
        ("[built_in_checks]\n", "[built_in_check]\n", "built_in_checks: missing"),
    ],
)
def test_a_wrong_built_in_checks_number_refuses_the_whole_file(tmp_path: Path, old: str, new: str, expected: str) -> None:
    message = _refused(tmp_path, _replace(old, new))
    assert expected in message
    assert message.startswith(f"{tmp_path / 'formulary.toml'}: built_in_check")


def test_a_refused_file_is_logged_with_its_cause_and_the_message_is_unchanged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="cc_dosecalc.formulary")
    message = _refused(tmp_path, _replace("child_weight_kg = 40\n", "child_weight_kg = 0\n"))
    assert message == f"{tmp_path / 'formulary.toml'}: built_in_checks.child_weight_kg: must be a number above zero and at most 100,000"
    assert [(record.name, record.levelname, record.getMessage()) for record in caplog.records] == [
        ("cc_dosecalc.formulary.validator", "ERROR", f"Formulary refused: {message}")
    ]
    caplog.clear()
    message = _refused(tmp_path, "[formulary\n")
    assert message == f"{tmp_path / 'formulary.toml'}: TOML syntax error: Expected ']' at the end of a table declaration (at line 1, column 11)"
    (record,) = caplog.records
    assert record.getMessage() == f"Formulary refused: {message} (cause: TOMLDecodeError: Expected ']' at the end of a table declaration (at line 1, column 11))"
