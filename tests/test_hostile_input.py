"""The hostile corpus (tests/hostile_corpus.py) against the command line and the formulary
file: nothing crashes, hangs, or is accepted as a value other than the one typed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.formulary import Formulary, FormularyError, load_formulary
from cc_dosecalc.paths import builtin_formulary_path
from tests import hostile_corpus as corpus

ROOT = Path(__file__).resolve().parent.parent

# Runs every case through cc_dosecalc.cli.main in one process (a process per case would take
# minutes; a NUL byte cannot even be passed in a real argv). Each case has its own alarm.
HARNESS = r"""
import contextlib, io, json, signal, sys, traceback
from cc_dosecalc.cli import main

class Hang(Exception):
    pass

def on_alarm(signum, frame):
    raise Hang()

signal.signal(signal.SIGALRM, on_alarm)
results = []
for argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    signal.alarm(10)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as stop:
                code = stop.code
    except Hang:
        code = "hang"
    except BaseException:
        code = "crash"
        err.write(traceback.format_exc())
    finally:
        signal.alarm(0)
    results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
json.dump(results, sys.__stdout__)
"""


def calc_argv(option: str, value: str) -> list[str]:
    before_drug: list[str] = []
    weight, age, drug, after_drug = "70", "40", "diltiazem", []
    if option == "--weight":
        weight = value
    elif option == "--age":
        age = value
    elif option == "--drug":
        drug = value
    elif option == "--days":
        drug, after_drug = "ivig", ["--days", value]
    elif option == "--ordered":
        after_drug = [option, value, "--frequency", "once daily", "--form", "extended-release"]
    elif option == "--frequency":
        after_drug = ["--ordered", "300 mg", option, value, "--form", "extended-release"]
    elif option == "--form":
        after_drug = ["--ordered", "300 mg", "--frequency", "once daily", option, value]
    elif option in ("--regimen", "--dosing-weight"):
        after_drug = [option, value]
    else:
        before_drug = [option, value]
    return ["calc", "--weight", weight, "--age", age, *before_drug, "--drug", drug, *after_drug, "--json"]


REFUSED: list[tuple[str, str]] = [
    *((option, text) for option in corpus.CLI_NUMBER_OPTIONS for text in corpus.NUMBER_TEXTS),
    *((option, text) for option in corpus.CLI_NUMBER_OPTIONS if option not in corpus.ZERO_ALLOWED_OPTIONS for text in corpus.ZERO_TEXTS),
    *corpus.WRONG_UNITS,
    *((option, text) for option in corpus.CLI_CHOICE_OPTIONS for text in corpus.CHOICE_TEXTS),
    *((option, text) for option in corpus.CLI_TEXT_OPTIONS for text in corpus.TEXT_REFUSED),
]


@pytest.fixture(scope="module")
def cli_results() -> dict[tuple[str, str], dict[str, Any]]:
    cases = REFUSED + [(case.option, case.text) for case in corpus.ACCEPTED]
    env = {key: value for key, value in os.environ.items() if key != "CC_DOSECALC_FORMULARY"}
    done = subprocess.run(
        [sys.executable, "-c", HARNESS],
        input=json.dumps([calc_argv(option, text) for option, text in cases]),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(zip(cases, json.loads(done.stdout), strict=True))


def test_the_corpus_is_large_and_covers_every_option():
    assert len(REFUSED) + len(corpus.ACCEPTED) >= 100
    options = {option for option, _ in REFUSED} | {case.option for case in corpus.ACCEPTED}
    assert options == set(corpus.CLI_NUMBER_OPTIONS + corpus.CLI_CHOICE_OPTIONS + corpus.CLI_TEXT_OPTIONS)


def short(text: str) -> str:
    return repr(text if len(text) < 40 else text[:37] + "...")


@pytest.mark.parametrize(("option", "text"), REFUSED, ids=[f"{option}={short(text)}" for option, text in REFUSED])
def test_the_command_line_refuses_in_one_line(cli_results, option, text):
    result = cli_results[(option, text)]
    assert result["code"] == 2, result
    assert result["stdout"] == ""
    lines = result["stderr"].split("\n")
    assert len(lines) == 2 and lines[1] == "", result["stderr"][:500]
    assert lines[0].startswith("cc-dosecalc: ")
    assert len(lines[0]) <= 320


@pytest.mark.parametrize("case", corpus.ACCEPTED, ids=[f"{case.option}={short(case.text)}" for case in corpus.ACCEPTED])
def test_the_command_line_accepts_exactly_the_value_typed(cli_results, case):
    result = cli_results[(case.option, case.text)]
    assert (result["code"], result["stderr"]) == (0, ""), result
    value: Any = json.loads(result["stdout"])
    for key in case.path:
        value = value[key]
    assert value == case.value


# ---------------------------------------------------------------------------------------
# The formulary file
# ---------------------------------------------------------------------------------------

BUILTIN_TEXT = builtin_formulary_path().read_text(encoding="utf-8")

TEXT_VALUES = {
    "formulary.version": lambda f: f.version,
    "formulary.name": lambda f: f.name,
    "sources.reference": lambda f: f.sources["reference"],
    "drug[diltiazem].class": lambda f: f.drug("diltiazem").drug_class,
    "drug[diltiazem].regimen[diltiazem-oral].label": lambda f: f.drug("diltiazem").regimens[0].label,
    "drug[diltiazem].check[diltiazem-above-usual-max].message": lambda f: f.drug("diltiazem").checks[0].message,
}


def formulary_cases() -> list[tuple[corpus.FormularyField, str]]:
    cases: list[tuple[corpus.FormularyField, str]] = []
    for field in corpus.FORMULARY_FIELDS:
        literals = {"number": corpus.NUMBER_LITERALS, "word": corpus.WORD_LITERALS, "text": tuple(corpus.TEXT_LITERALS)}[field.kind]
        cases += [(field, literal) for literal in literals]
    return cases


FORMULARY_CASES = formulary_cases()


def test_the_formulary_corpus_is_large_and_every_anchor_is_in_the_file():
    assert len(FORMULARY_CASES) >= 100
    for field in corpus.FORMULARY_FIELDS:
        assert field.template.format(field.original) in BUILTIN_TEXT, field


def _same_place(got: str, expected: str) -> bool:
    """The same section and the same field (an entry is renamed once its id is read)."""
    return got.split("[")[0] == expected.split("[")[0] and got.rsplit(".", 1)[-1] == expected.rsplit(".", 1)[-1]


def load_with(tmp_path: Path, field: corpus.FormularyField, literal: str) -> Formulary:
    anchor = field.template.format(field.original)
    path = tmp_path / "formulary.toml"
    path.write_text(BUILTIN_TEXT.replace(anchor, field.template.format(literal), 1), encoding="utf-8")
    return load_formulary(path)


@pytest.mark.parametrize(
    ("field", "literal"), FORMULARY_CASES, ids=[f"{field.entry}={short(literal)}" for field, literal in FORMULARY_CASES]
)
def test_the_formulary_refuses_a_hostile_value_naming_the_field(tmp_path, field, literal):
    expected = corpus.TEXT_LITERALS.get(literal) if field.kind == "text" else None
    if expected is not None:
        formulary = load_with(tmp_path, field, literal)
        assert TEXT_VALUES[field.entry](formulary) == expected
        return
    with pytest.raises(FormularyError) as raised:
        load_with(tmp_path, field, literal)
    error = raised.value
    assert error.path == str(tmp_path / "formulary.toml")
    assert "\n" not in str(error)
    if error.reason.startswith("TOML syntax error"):
        assert "(at line " in error.reason or error.reason.endswith(("too many digits", "nested too deeply"))
    else:
        assert _same_place(error.entry, field.entry), (error.entry, field.entry)


SITE_REGIMEN = """
[formulary]
name = "Hostile site"
version = "h1"
[sources]
site = "Site"
[[drug]]
id = "minocycline"
[[drug.regimen]]
id = "minocycline-site"
label = "oral, site"
route = "oral"
basis = "fixed"
dose_low = 50
dose_high = 100
dose_unit = "mg"
period = "day"
source = "site"
"""
SITE_FIELDS = {"dose_low": ("number", "50"), "dose_high": ("number", "100"), "dose_unit": ("word", '"mg"'), "period": ("word", '"day"')}
SITE_CASES = [
    (key, literal)
    for key, (kind, _) in SITE_FIELDS.items()
    for literal in (corpus.NUMBER_LITERALS if kind == "number" else corpus.WORD_LITERALS)
]


@pytest.mark.parametrize(("key", "literal"), SITE_CASES, ids=[f"{key}={short(literal)}" for key, literal in SITE_CASES])
def test_a_hostile_site_file_is_refused_and_the_built_in_stays(tmp_path, key, literal):
    original = f"{key} = {SITE_FIELDS[key][1]}\n"
    path = tmp_path / "site.toml"
    path.write_text(SITE_REGIMEN.replace(original, f"{key} = {literal}\n"), encoding="utf-8")
    active = load_active_formulary(path)
    assert active.formulary.kind == "built-in"
    (notice,) = active.notices
    assert notice.startswith(f"Site formulary refused: {path}: ")
    assert "\n" not in notice
    if "TOML syntax error" not in notice:
        assert f": drug[minocycline].regimen[minocycline-site].{key}: " in notice
