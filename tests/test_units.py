"""The program's units: resources/units.txt read by cc_dosecalc.units, with pint as the oracle.

The program does not import pint (its import cost more than the window's start); these tests
load the same definitions file into a pint registry and check that every conversion the program
can make gives pint's answer.
"""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

import pint
import pytest

from cc_dosecalc import parsing
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.formulary.products import RATE_UNITS
from cc_dosecalc.paths import units_path
from cc_dosecalc.units import KNOWN_UNIT_TEXTS, UNITS, UnitError, convert, is_known_unit, read_definitions

VALUES = (0.0, 1.0, 0.1, 2.5, 70.55, 97.0, 1234.5678, 1e-6, 400.0)


@pytest.fixture(scope="module")
def oracle() -> pint.UnitRegistry[float]:
    registry: pint.UnitRegistry[float] = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
    registry.load_definitions(str(units_path()))
    return registry


def _pint(registry: pint.UnitRegistry[float], value: float, unit: str, target: str) -> float:
    return float(registry.Quantity(value, unit).to(target).magnitude)


def _program_unit_texts(formulary: Formulary) -> set[str]:
    """Every unit text the program converts: the fields', the formulary's, the validator's."""
    texts = set(KNOWN_UNIT_TEXTS) | set(RATE_UNITS) | {"mg/dL", "µmol/L", "mL/min"}
    for spec in (parsing.WEIGHT, parsing.AGE, parsing.HEIGHT, parsing.CRCL, parsing.SCR, parsing.ORDERED_DOSE):
        texts |= set(spec.units.values()) | {spec.canonical_unit}
    for drug in formulary.drugs:
        texts |= {regimen.dose_unit for regimen in drug.regimens if regimen.dose_unit}
    return texts


def test_every_name_in_the_file_converts_as_pint_converts_it(oracle: pint.UnitRegistry[float]) -> None:
    for unit, target in itertools.permutations(sorted(UNITS), 2):
        if UNITS[unit].dimension != UNITS[target].dimension:
            continue
        for value in VALUES:
            assert math.isclose(convert(value, unit, target), _pint(oracle, value, unit, target), rel_tol=1e-15), (value, unit, target)


def test_every_unit_text_of_the_program_converts_as_pint_converts_it(oracle: pint.UnitRegistry[float], formulary: Formulary) -> None:
    texts = _program_unit_texts(formulary)
    assert {"mg/kg", "g/kg", "mg/kg/min", "mL/kg/h", "µmol/L", "lb", "in", "days", "months"} <= texts
    pairs = 0
    for unit, target in itertools.permutations(sorted(texts), 2):
        if oracle.parse_units(unit).dimensionality != oracle.parse_units(target).dimensionality:
            with pytest.raises(UnitError, match="not the same kind of quantity"):
                convert(1.0, unit, target)
            continue
        pairs += 1
        for value in VALUES:
            assert math.isclose(convert(value, unit, target), _pint(oracle, value, unit, target), rel_tol=1e-15), (value, unit, target)
    assert pairs > 40


@pytest.mark.parametrize(
    ("value", "unit", "target", "expected"),
    [
        (220, "lb", "kg", 99.79032140),
        (1, "mg/dL", "µmol/L", 88.4),  # clinical-rules.md: 1 mg/dL = 88.4 µmol/L (pint's float route gives 88.40000000000002)
        (97, "umol/L", "mg/dL", 97 / 88.4),
        (2, "g/kg", "mg/kg", 2000),
        (18, "months", "years", 1.5),
        (1, "years", "days", 365.25),
        (69, "in", "cm", 175.26),
        (0.08, "mL/kg/h", "mL/kg/min", 0.08 / 60),
        (50, "mcg", "mg", 0.05),
    ],
)
def test_the_factors_a_nurse_would_check_by_hand(value: float, unit: str, target: str, expected: float) -> None:
    assert convert(value, unit, target) == pytest.approx(expected, rel=1e-12)


def test_the_dose_per_kg_times_the_weight_is_a_mass() -> None:
    """How the engine turns a dose per kg into milligrams (engine._dose)."""
    assert convert(0.4 * 70, "g/kg * kg", "mg") == pytest.approx(28_000)
    assert convert(2 * 70, "mg/kg * kg", "mg") == 140


@pytest.mark.parametrize(
    "text",
    # the default pint registry's silent misparses (engineering-notes.md) and worse
    ["1,5 mg", "5 MG", "5 mg", "units", "U", "gr", "mg kg", "9**9**9", "mg/", "/kg", "mg**2**3", "", "megagauss", "[mass]"],
)
def test_text_that_is_not_one_of_our_units_is_refused(text: str) -> None:
    assert not is_known_unit(text, "mg")
    with pytest.raises(UnitError):
        convert(1.0, text, "mg")


def test_is_known_unit_names_only_our_units_of_the_same_dimension() -> None:
    assert is_known_unit("g", "mg") and is_known_unit("mcg/kg", "mg/kg") and is_known_unit("weeks", "years")
    assert not is_known_unit("mg/kg", "mg")
    assert not is_known_unit("mL/min", "mg")
    assert not is_known_unit("mg/dL", "mg/dL")  # read by the serum creatinine field only, not a formulary unit


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("gram = [mass] = g\nmilligram = 0.001 * gram = g", "'g' is defined twice"),
        ("gram = [mass] = g\nounce = 28.35 * grain", "unknown unit 'grain'"),
        ("gram = [mass] = g\nbig = 2 ** 9999 * gram", "a power is 1, 2 or 3"),
        ("gram = [mass] = g\nbad = 0.001 * * gram", "cannot read the unit"),
        ("gram", "expected 'name = definition'"),
    ],
)
def test_a_damaged_definitions_file_is_refused_with_its_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "units.txt"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(UnitError, match=message):
        read_definitions(path)


def test_the_program_never_imports_pint() -> None:
    """The command line's answer and the engine's calculations without pint in the process."""
    script = (
        "import sys\n"
        "from cc_dosecalc.cli import main\n"
        "code = main(['calc', '--weight', '70', '--drug', 'diltiazem'])\n"
        "assert 'pint' not in sys.modules, 'pint was imported'\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)" in done.stdout
