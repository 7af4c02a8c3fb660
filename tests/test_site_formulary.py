"""A pharmacy's site formulary: laid over the built-in one, validated the same way, refused
whole when anything in it is wrong (and then the built-in formulary stays in force)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cc_dosecalc.active_formulary import SITE_FORMULARY_ENV, load_active_formulary
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import FormularyError, load_site_formulary
from cc_dosecalc.paths import builtin_formulary_path, resource_dir
from cc_dosecalc.plan import Order
from cc_dosecalc.serialize import formulary_info
from tests.conftest import make_patient

HEADER = """
[formulary]
name = "Test site"
version = "site-7"

[sources]
site-ptc = "Test pharmacy and therapeutics committee"
"""

REPLACE = """
[[drug]]
id = "aluminum-hydroxide"

[[drug.regimen]]
id = "aluminum-hydroxide-1800mg"
label = "oral, 1.8 g/day (local tablets)"
route = "oral"
basis = "fixed"
dose_low = 1.8
dose_high = 1.8
dose_unit = "g"
period = "day"
source = "site-ptc"
"""

ADD = """
[[drug]]
id = "minocycline"

[[drug.regimen]]
id = "minocycline-site-low"
label = "oral, 50 mg/day (site test)"
route = "oral"
basis = "fixed"
dose_low = 50
dose_high = 50
dose_unit = "mg"
period = "day"
source = "site-ptc"
"""

REPLACE_AND_ADD = REPLACE + ADD

ADDED_REGIMEN = """
[[drug]]
id = "minocycline"

[[drug.regimen]]
id = "minocycline-site-low"
label = "oral, 50 mg/day (site test)"
route = "oral"
basis = "fixed"
dose_low = LOW
dose_high = 50
dose_unit = "UNIT"
period = "day"
source = "site-ptc"
"""


def write(tmp_path: Path, text: str, name: str = "site.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def builtin_sha() -> str:
    return hashlib.sha256(builtin_formulary_path().read_bytes()).hexdigest()


def test_a_valid_site_file_adds_and_replaces_regimens(tmp_path):
    path = write(tmp_path, HEADER + REPLACE_AND_ADD)
    active = load_active_formulary(path)
    formulary = active.formulary
    assert active.notices == ()
    assert formulary.kind == "site"
    aluminum = formulary.drug("aluminum-hydroxide")
    assert [regimen.id for regimen in aluminum.regimens] == [
        "aluminum-hydroxide-1800mg",
        "aluminum-hydroxide-2240mg",
        "aluminum-hydroxide-2400mg",
    ]
    assert aluminum.regimens[0].label == "oral, 1.8 g/day (local tablets)"
    assert aluminum.regimens[0].origin == "site"
    assert aluminum.regimens[1].origin == "built-in"
    assert [regimen.id for regimen in formulary.drug("minocycline").regimens] == ["minocycline-oral", "minocycline-site-low"]
    # the built-in is unchanged elsewhere, and the checks of a drug apply to its site regimens
    assert formulary.drug("diltiazem").regimens[0].label == "oral, 2 to 4 mg/kg/day"
    plan = calculate_plan(formulary, make_patient("70", age="6"), [Order("minocycline", "minocycline-site-low")])
    assert plan.orders[0].text == "minocycline oral 50 mg/day"
    assert "minocycline-under-8" in [alert.code for alert in plan.orders[0].alerts]
    assert "Test pharmacy and therapeutics committee" in plan.orders[0].sources


def test_the_formulary_in_force_names_both_files_and_their_combination(tmp_path):
    path = write(tmp_path, HEADER + REPLACE_AND_ADD)
    site_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    info = formulary_info(load_active_formulary(path).formulary)
    assert info["kind"] == "site"
    assert info["version"] == "2026.11.0 + site-7"
    assert info["name"] == "cc-dosecalc built-in formulary + Test site"
    assert info["sha256"] == hashlib.sha256(f"{builtin_sha()}\n{site_sha}\n".encode()).hexdigest()
    assert info["built_in"]["sha256"] == builtin_sha()
    assert info["site"] == {"name": "Test site", "version": "site-7", "sha256": site_sha, "path": str(path)}


def test_without_a_site_file_the_built_in_is_in_force(monkeypatch):
    monkeypatch.delenv(SITE_FORMULARY_ENV, raising=False)
    active = load_active_formulary()
    info = formulary_info(active.formulary)
    assert (info["kind"], info["sha256"], info["site"], active.notices) == ("built-in", builtin_sha(), None, ())


def test_the_environment_variable_names_the_site_file(tmp_path, monkeypatch):
    monkeypatch.setenv(SITE_FORMULARY_ENV, str(write(tmp_path, HEADER + REPLACE_AND_ADD)))
    assert load_active_formulary().formulary.kind == "site"


def test_the_example_site_file_is_valid():
    formulary = load_active_formulary(resource_dir() / "site-formulary.example.toml").formulary
    assert formulary.kind == "site"
    assert "EXAMPLE" in formulary.drug("colchicine").regimens[1].label


INVALID = {
    "syntax error": (HEADER + "[[drug]\nid = 'x'\n", "", "TOML syntax error"),
    "unknown drug in an interaction": (
        HEADER + '[[interaction]]\ndrugs = ["diltiazem", "nosuchdrug"]\nlevel = "warning"\nmessage = "m"\nsource = "site-ptc"\n',
        "interaction[diltiazem + nosuchdrug].drugs",
        "unknown drug 'nosuchdrug'",
    ),
    "duplicate regimen id in the site file": (
        HEADER + ADDED_REGIMEN.replace("LOW", "50").replace("UNIT", "mg") * 2,
        "drug[minocycline].regimen[minocycline-site-low].id",
        "duplicate regimen id",
    ),
    "regimen id of another drug": (
        HEADER + ADDED_REGIMEN.replace("LOW", "50").replace("UNIT", "mg").replace("minocycline-site-low", "diltiazem-oral"),
        "drug[minocycline].regimen[diltiazem-oral].id",
        "duplicate regimen id 'diltiazem-oral' (first at drug[diltiazem].regimen[diltiazem-oral] in ",
    ),
    "negative dose": (
        HEADER + ADDED_REGIMEN.replace("LOW", "-50").replace("UNIT", "mg"),
        "drug[minocycline].regimen[minocycline-site-low].dose_low",
        "must be a number above zero",
    ),
    "unknown unit": (
        HEADER + ADDED_REGIMEN.replace("LOW", "50").replace("UNIT", "MG"),
        "drug[minocycline].regimen[minocycline-site-low].dose_unit",
        "unknown unit 'MG'",
    ),
    "low above high": (
        HEADER + ADDED_REGIMEN.replace("LOW", "500").replace("UNIT", "mg"),
        "drug[minocycline].regimen[minocycline-site-low].dose_low",
        "500 is above dose_high 50",
    ),
    "missing field": (
        HEADER + ADDED_REGIMEN.replace("LOW", "50").replace("UNIT", "mg").replace('route = "oral"\n', ""),
        "drug[minocycline].regimen[minocycline-site-low].route",
        "missing",
    ),
    "missing regimen id": (
        HEADER + ADDED_REGIMEN.replace("LOW", "50").replace("UNIT", "mg").replace('id = "minocycline-site-low"\n', ""),
        "drug[minocycline].regimen[0].id",
        "missing",
    ),
    "unknown source": (
        HEADER + ADDED_REGIMEN.replace("LOW", "50").replace("UNIT", "mg").replace('"site-ptc"', '"nowhere"'),
        "drug[minocycline].regimen[minocycline-site-low].source",
        "unknown source 'nowhere'",
    ),
    "a built-in drug's name changed": (
        HEADER + '[[drug]]\nid = "warfarin"\nname = "warfarin sodium"\n',
        "drug[warfarin].name",
        "cannot change a built-in drug's name",
    ),
    "a built-in source redefined": (
        HEADER.replace("site-ptc", "reference"),
        "sources.reference",
        "already a source of the built-in formulary",
    ),
    "a section a site file may not hold": (HEADER + '[guidance]\nsource = "site-ptc"\n', "guidance", "not allowed in a site formulary"),
    "the built-in checks changed": (
        HEADER + '[built_in_checks]\nchild_weight_kg = 30\nchild_weight_kg_source = "site-ptc"\n',
        "built_in_checks",
        "a site formulary cannot change the built-in checks (adult age, child weight, decimal error factor)",
    ),
    "no header": ("[sources]\nx = 'y'\n", "formulary", "missing"),
    "look-alike id": (
        HEADER + ADDED_REGIMEN.replace("LOW", "50").replace("UNIT", "mg").replace("minocycline-site-low", "minocycline-sіte"),
        "drug[minocycline].regimen[0].id",
        "is not an id",
    ),
    "new drug without a regimen": (
        HEADER + '[[drug]]\nid = "new-drug"\nname = "new drug"\nclass = "c"\nsource = "site-ptc"\n',
        "drug[new-drug].regimen",
        "missing",
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_an_invalid_site_file_is_refused_whole_naming_file_entry_and_field(tmp_path, case):
    text, entry, why = INVALID[case]
    # a valid regimen first: refusing the file must refuse it too
    path = write(tmp_path, text.replace(HEADER, HEADER + REPLACE, 1) if HEADER in text else text)
    with pytest.raises(FormularyError) as raised:
        load_site_formulary(builtin_formulary_path(), path)
    assert raised.value.path == str(path)
    assert raised.value.entry == entry
    assert why in raised.value.reason
    active = load_active_formulary(path)
    assert active.formulary.kind == "built-in"
    assert active.formulary.sha256 == builtin_sha()
    assert active.formulary.drug("aluminum-hydroxide").regimens[0].label == "oral, 1.8 g/day"
    assert active.site_refused
    (notice,) = active.notices
    assert notice.startswith(f"Site formulary refused: {path}: {entry + ': ' if entry else ''}")
    assert why in notice
    assert notice.endswith("Working on the built-in formulary 2026.11.0.")
    assert "\n" not in notice


def test_a_refused_site_file_is_logged_once_with_its_cause(tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="cc_dosecalc.formulary")
    missing = tmp_path / "missing.toml"
    with pytest.raises(FormularyError) as raised:
        load_site_formulary(builtin_formulary_path(), missing)
    assert str(raised.value) == f"{missing}: cannot be read (No such file or directory)"
    (record,) = caplog.records
    assert record.name == "cc_dosecalc.formulary.site"
    assert record.getMessage() == (
        f"Site formulary refused: {missing}: cannot be read (No such file or directory)"
        f" (cause: FileNotFoundError: [Errno 2] No such file or directory: '{missing}')"
    )
    caplog.clear()
    path = write(tmp_path, HEADER + "[built_in_checks]\nadult_age_years = 16\n")
    with pytest.raises(FormularyError):
        load_site_formulary(builtin_formulary_path(), path)
    assert [record.getMessage() for record in caplog.records] == [
        f"Site formulary refused: {path}: built_in_checks: a site formulary cannot change the built-in checks"
        " (adult age, child weight, decimal error factor)"
    ]


def test_an_unreadable_site_file_is_refused(tmp_path):
    active = load_active_formulary(tmp_path / "missing.toml")
    assert active.formulary.kind == "built-in"
    assert active.notices == (
        f"Site formulary refused: {tmp_path / 'missing.toml'}: cannot be read (No such file or directory). "
        "Working on the built-in formulary 2026.11.0.",
    )


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cc_dosecalc", *args], capture_output=True, text=True, timeout=60, env={**os.environ, **env}
    )


def test_the_command_line_says_on_stderr_that_the_site_file_was_refused_and_still_computes(tmp_path):
    path = write(tmp_path, HEADER + ADDED_REGIMEN.replace("LOW", "500").replace("UNIT", "mg"))
    done = run_cli("calc", "--weight", "70", "--drug", "diltiazem", "--json", env={SITE_FORMULARY_ENV: str(path)})
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"cc-dosecalc: Site formulary refused: {path}: drug[minocycline].regimen[minocycline-site-low].dose_low: "
        "500 is above dose_high 50. Working on the built-in formulary 2026.11.0."
    ]
    result = json.loads(done.stdout)
    assert result["formulary"]["kind"] == "built-in"
    assert result["orders"][0]["text"] == "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"


def test_the_command_line_json_names_the_site_formulary(tmp_path):
    path = write(tmp_path, HEADER + REPLACE_AND_ADD)
    done = run_cli("calc", "--weight", "70", "--drug", "aluminum-hydroxide", "--json", env={SITE_FORMULARY_ENV: str(path)})
    assert (done.returncode, done.stderr) == (0, "")
    result = json.loads(done.stdout)
    assert result["formulary"]["kind"] == "site"
    assert result["formulary"]["site"]["path"] == str(path)
    assert result["orders"][0]["regimen"] == "aluminum-hydroxide-1800mg"


def test_the_drugs_command_marks_the_site_regimens(tmp_path):
    path = write(tmp_path, HEADER + REPLACE_AND_ADD)
    done = run_cli("drugs", env={SITE_FORMULARY_ENV: str(path)})
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("cc-dosecalc built-in formulary + Test site 2026.11.0 + site-7 (sha256 ")
    assert "  minocycline-site-low: oral, 50 mg/day (site test)  [site formulary]" in lines
    assert "  minocycline-oral: oral, 50 to 100 mg/day" in lines
