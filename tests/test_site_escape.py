"""A site formulary cannot escape the built-in checks: no built-in drug under another name, no
replaced regimen with another dose or without the built-in dosing weight rule, no built-in
limit or interaction lost; and a site file cannot hang or exhaust a command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import FormularyError, load_site_formulary
from cc_dosecalc.formulary.nesting import MAX_KEYS, MAX_NESTING, nesting_depth
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.plan import Order
from tests import hostile_corpus as corpus
from tests.conftest import make_patient

HEADER = """
[formulary]
name = "Escape site"
version = "e1"

[sources]
site-ptc = "Test pharmacy and therapeutics committee"
"""

NEW_DRUG = """
[[drug]]
id = "ID"
name = "NAME"
TALL
class = "Calcium channel blocker"
source = "site-ptc"

[[drug.regimen]]
id = "ID-oral"
label = "oral, 120 mg/day"
route = "oral"
basis = "fixed"
dose_low = 120
dose_high = 120
dose_unit = "mg"
period = "day"
source = "site-ptc"
"""

IVIG = """
[[drug]]
id = "ivig"

[[drug.regimen]]
id = "ivig-iv"
label = "IV, site course"
route = "IV"
basis = "per_kg"
dose_low = LOW
dose_high = HIGH
dose_unit = "UNIT"
period = "course"
days_min = 2
days_max = 5
days_default = 2
source = "site-ptc"
"""


def load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "site.toml"
    path.write_bytes(text.encode("utf-8"))
    return load_site_formulary(builtin_formulary_path(), path)


def new_drug(drug_id: str, name: str, tall_man: str = "") -> str:
    tall = f'tall_man = "{tall_man}"\ntall_man_source = "site-ptc"' if tall_man else ""
    return HEADER + NEW_DRUG.replace("ID", drug_id).replace("NAME", name).replace("TALL", tall)


@pytest.mark.parametrize(("drug_id", "name", "field"), corpus.SITE_LOOK_ALIKE_DRUGS)
def test_a_site_drug_spelt_like_a_built_in_one_is_refused(tmp_path, drug_id, name, field):
    tall_man = field.split(":", 1)[1] if field.startswith("tall_man:") else ""
    if tall_man:
        name = tall_man.lower()  # a tall-man name spells the name
        drug_id = "site-" + drug_id
    with pytest.raises(FormularyError) as raised:
        load(tmp_path, new_drug(drug_id, name, tall_man))
    error = raised.value
    assert error.path == str(tmp_path / "site.toml")
    assert error.entry.startswith(f"drug[{drug_id}].")
    assert "is spelt like the built-in drug" in error.reason
    assert "so that its limits and interactions apply" in error.reason


def test_a_site_drug_of_its_own_is_accepted(tmp_path):
    formulary = load(tmp_path, new_drug("ward-balm", "ward balm"))
    assert formulary.drug("ward-balm").origin == "site"


def test_a_look_alike_colchicine_partner_cannot_hide_the_interaction(tmp_path):
    """The issue's case: "diltiazem" as a new site drug, ordered with colchicine. Refused,
    so the plan stays on the built-in diltiazem, whose interaction warning fires."""
    active = load_active_formulary(_write(tmp_path, new_drug("diltiazem-xr", "diltiazem")))
    assert active.formulary.kind == "built-in"
    assert "drug[diltiazem-xr].id" in active.notices[0]
    plan = calculate_plan(
        active.formulary, make_patient("70"), [Order("diltiazem", "diltiazem-oral"), Order("colchicine", "colchicine-oral")]
    )
    assert [alert.drugs for alert in plan.interactions] == [("diltiazem", "colchicine")]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def ivig(low: str, high: str, unit: str, weight_rule: str = "") -> str:
    return HEADER + IVIG.replace("LOW", low).replace("HIGH", high).replace("UNIT", unit) + weight_rule


@pytest.mark.parametrize(("low", "high", "unit", "refused"), corpus.SITE_IVIG_REPLACEMENTS)
def test_a_replaced_regimen_stays_within_twice_the_built_in_dose(tmp_path, low, high, unit, refused):
    if not refused:
        regimen = load(tmp_path, ivig(low, high, unit)).drug("ivig").regimens[0]
        assert regimen.origin == "site"
        assert regimen.replaces == "IV, 2 g/kg per course over 2 to 5 days (2 g/kg per course)"
        return
    with pytest.raises(FormularyError) as raised:
        load(tmp_path, ivig(low, high, unit))
    error = raised.value
    above = float(high) * (1000 if unit == "mg/kg" else 1) > 4000 or (unit == "g/kg" and float(high) > 4)
    field = "dose_high" if above else "dose_low"
    assert error.entry == f"drug[ivig].regimen[ivig-iv].{field}"
    assert "the built-in regimen's 2 g/kg" in error.reason  # both numbers named
    assert f"times {'above' if above else 'below'}" in error.reason
    assert "\n" not in str(error)


def test_the_issue_s_twenty_grams_per_kg_names_both_numbers(tmp_path):
    with pytest.raises(FormularyError) as raised:
        load(tmp_path, ivig("20", "20", "g/kg"))
    assert raised.value.reason == (
        "20 g/kg is more than 2 times above the built-in regimen's 2 g/kg: a replaced regimen stays within 2 times the built-in dose"
    )


def test_a_replaced_regimen_keeps_the_built_in_kind_of_dose(tmp_path):
    text = ivig("2", "2", "g/kg").replace('period = "course"\ndays_min = 2\ndays_max = 5\ndays_default = 2', 'period = "day"')
    with pytest.raises(FormularyError) as raised:
        load(tmp_path, text)
    assert raised.value.entry == "drug[ivig].regimen[ivig-iv].period"
    assert "'day' differs from the built-in regimen's 'course'" in raised.value.reason


def test_every_order_on_a_replaced_regimen_says_what_it_replaces(tmp_path):
    formulary = load(tmp_path, ivig("1.5", "2", "g/kg"))
    plan = calculate_plan(formulary, make_patient("70"), [Order("ivig", "ivig-iv")])
    (info,) = [alert for alert in plan.orders[0].alerts if alert.code == "site-regimen"]
    assert info.level == "info"
    assert info.message == "site regimen: replaces the built-in IV, 2 g/kg per course over 2 to 5 days (2 g/kg per course)"
    # an added (not replacing) regimen carries no such line
    added = calculate_plan(load(tmp_path, new_drug("ward-balm", "ward balm")), make_patient("70"), [Order("ward-balm", "ward-balm-oral")])
    assert "site-regimen" not in [alert.code for alert in added.orders[0].alerts]


OBESE = {"weight": "120", "height": "165"}


def test_a_replacement_without_a_dosing_weight_rule_keeps_the_built_in_one(tmp_path):
    """An obese patient stays on the adjusted weight: the built-in rule is inherited."""
    builtin = load_active_formulary(None).formulary
    site = load(tmp_path, ivig("2", "2", "g/kg"))
    assert site.drug("ivig").regimens[0].dosing_weight == builtin.drug("ivig").regimens[0].dosing_weight
    patient = make_patient(OBESE["weight"], height=OBESE["height"], sex="female")
    on_builtin = calculate_plan(builtin, patient, [Order("ivig", "ivig-iv")]).orders[0]
    on_site = calculate_plan(site, patient, [Order("ivig", "ivig-iv")]).orders[0]
    assert on_builtin.dosing_weight.basis == "adjusted"
    assert on_site.dosing_weight.basis == "adjusted"
    assert on_site.dosing_weight.kg == on_builtin.dosing_weight.kg < 120
    assert on_site.text == on_builtin.text


def test_the_built_in_limits_and_interactions_apply_to_a_built_in_drug_with_site_regimens(tmp_path):
    text = HEADER + """
[[drug]]
id = "colchicine"

[[drug.regimen]]
id = "colchicine-site"
label = "oral, 0.5 mg/day (site)"
route = "oral"
basis = "fixed"
dose_low = 0.5
dose_high = 0.5
dose_unit = "mg"
period = "day"
source = "site-ptc"
"""
    formulary = load(tmp_path, text)
    plan = calculate_plan(
        formulary, make_patient("70", crcl="20"), [Order("colchicine", "colchicine-site"), Order("diltiazem", "diltiazem-oral")]
    )
    assert "colchicine-kidney" in [alert.code for alert in plan.orders[0].alerts]
    assert [alert.drugs for alert in plan.interactions] == [("diltiazem", "colchicine")]


# --- a site file cannot hang or exhaust a command --------------------------------------


def test_the_corpus_limit_is_the_program_s():
    assert corpus.NESTING_LIMIT == MAX_NESTING
    assert nesting_depth(builtin_formulary_path().read_text(encoding="utf-8")) <= MAX_NESTING


@pytest.mark.parametrize(("name", "text"), corpus.SITE_DEEP_TEXTS, ids=[name for name, _ in corpus.SITE_DEEP_TEXTS])
def test_a_site_file_nested_past_the_limit_is_refused_naming_it(tmp_path, name, text):
    with pytest.raises(FormularyError) as raised:
        load(tmp_path, HEADER + text)
    assert raised.value.reason.startswith(f"nested deeper than {MAX_NESTING} levels")


def test_a_site_file_at_the_limit_is_read(tmp_path):
    # ten levels of dotted keys reach tomllib, which then refuses the unknown section
    with pytest.raises(FormularyError) as raised:
        load(tmp_path, "a" + ".a" * (MAX_NESTING - 1) + " = 1\n" + HEADER)
    assert raised.value.entry == "a"
    assert raised.value.reason.startswith("not allowed in a site formulary")


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "site.toml"
    path.write_bytes(b"\xef\xbb\xbf" + new_drug("ward-balm", "ward balm").encode("utf-8"))
    assert load_site_formulary(builtin_formulary_path(), path).drug("ward-balm").name == "ward balm"


def _special(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        path = tmp_path / "site.fifo"
        os.mkfifo(path)
        return path
    if kind == "folder":
        return tmp_path
    return Path("/dev/zero")


KINDS = {"fifo": "a FIFO (named pipe)", "folder": "a folder", "device": "a device"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_site_path_that_is_not_a_regular_file_is_refused_before_reading(tmp_path, kind):
    with pytest.raises(FormularyError) as raised:
        load_site_formulary(builtin_formulary_path(), _special(tmp_path, kind))
    assert raised.value.reason == f"is {KINDS[kind]}, not a regular file: not a formulary"


@pytest.mark.parametrize("command", [["drugs"], ["--self-test"], ["summary", "--weight", "70", "--age", "40", "--drug", "diltiazem"]])
def test_a_fifo_as_site_formulary_hangs_no_command(tmp_path, command):
    fifo = _special(tmp_path, "fifo")
    env = {**os.environ, "CC_DOSECALC_FORMULARY": str(fifo), "CC_DOSECALC_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    extra = ["--pdf", str(tmp_path / "out.pdf")] if command[0] == "summary" else []
    done = subprocess.run(
        [sys.executable, "-m", "cc_dosecalc", *command, *extra], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert "not a regular file" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_a_site_file_with_more_keys_than_a_formulary_needs_is_refused(tmp_path):
    keys = "".join(f"k{index} = 1\n" for index in range(MAX_KEYS + 1))
    with pytest.raises(FormularyError) as raised:
        load(tmp_path, HEADER + keys)
    assert raised.value.reason == f"more than {MAX_KEYS:,} keys (over three times the built-in formulary's): not a formulary"
    assert builtin_formulary_path().read_text(encoding="utf-8").count("=") < MAX_KEYS / 3
