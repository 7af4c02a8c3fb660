"""Hostile and malformed inputs, as data, for every place a value enters the program.

Reusable: the command-line and formulary tests use it now; the window's field tests can use
the same lists (type each text into the field; expect a refusal naming the field, or
exactly the value given in the ACCEPTED lists).

A case is refused, or accepted as exactly the value typed: never crashes, hangs, or turns
into another number.
"""

from __future__ import annotations

from dataclasses import dataclass

LONG = "7" * 10_000
LONG_TEXT = "a" * 10_000

# Texts no number field may accept (weight, age, height, creatinine clearance, ordered dose,
# days): expressions, exponents, nan and inf, digits of other scripts, control characters,
# very long text, empty, signs, zero, grouped thousands.
NUMBER_TEXTS: tuple[str, ...] = (
    "2*3",
    "9**9**9",
    "70+5",
    "(70)",
    "1e309",
    "1e5",
    "1E5",
    "7e1",
    "0x46",
    "70_0",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "٧٠",  # Arabic-Indic digits
    "７０",  # full-width digits
    "७०",  # Devanagari digits
    "½",
    "70\x00",
    "70\n5",
    "7\t0",
    "\x1b[31m70",
    "\u200b70",  # zero-width space
    LONG,
    "",
    "   ",
    "-70",
    "+70",
    "1,500",
    "70..5",
    "70,5,1",
    ".5.",
    "70%",
)

# Zero: a slip in every number field but two, where it is a real value: a newborn's age on
# day 0 and an anuric patient's creatinine clearance (accepted below).
ZERO_TEXTS: tuple[str, ...] = ("0", "0.0", "000")
ZERO_ALLOWED_OPTIONS: frozenset[str] = frozenset({"--age", "--crcl"})

# Units that are wrong for the field: (field option, text)
WRONG_UNITS: tuple[tuple[str, str], ...] = (
    ("--weight", "70 mg"),
    ("--weight", "70 mL/min"),
    ("--weight", "70 stone"),
    ("--weight", "70 kg lb"),
    ("--weight", "70 kgg"),
    ("--age", "40 kg"),
    ("--age", "40 centuries"),
    ("--height", "175 lb"),
    ("--height", "175 m"),
    ("--crcl", "55 mg"),
    ("--crcl", "55 L/min"),
    ("--ordered", "300"),
    ("--ordered", "300 kg"),
    ("--ordered", "300 mg/kg"),
    ("--ordered", "300 units"),
    ("--ordered", "5 MGG"),
)

# Texts no choice or id may accept (sex, weight unit, weight source, dosing weight, drug, regimen)
CHOICE_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "2*3",
    "٧٠",
    "x\x00",
    "male\nfemale",
    LONG_TEXT,
    "nan",
    "DILTIAZEM",
    "ｄｉｌｔｉａｚｅｍ",  # full-width letters
    "dіltiazem",  # Cyrillic i
)

# Free-text fields (patient name, identifier): refused, or kept exactly as typed.
TEXT_REFUSED: tuple[str, ...] = ("Ann\x00", "Ann\nBob", "Ann\rBob", "\x1b[2J", "A\tB", LONG_TEXT, "a" * 81)
TEXT_ACCEPTED: tuple[str, ...] = ("2*3", "9**9**9", "٧٠", "Zoë O'Brien-Łukasz", "1e309", "nan", "' OR 1=1 --", "a" * 80)


@dataclass(frozen=True)
class Accepted:
    """A value the command line accepts, and where its exact value shows in `calc --json`."""

    option: str
    text: str
    path: tuple[str | int, ...]
    value: object


ACCEPTED: tuple[Accepted, ...] = (
    Accepted("--age", "0", ("patient", "age_years"), 0.0),
    Accepted("--age", "000 days", ("patient", "age_years"), 0.0),
    Accepted("--crcl", "0", ("patient", "crcl_ml_min"), 0.0),
    Accepted("--crcl", "0.0", ("patient", "crcl_ml_min"), 0.0),
    Accepted("--weight", "70,5", ("patient", "weight_entered"), {"value": 70.5, "unit": "kg"}),
    Accepted("--weight", "70.5", ("patient", "weight_entered"), {"value": 70.5, "unit": "kg"}),
    Accepted("--weight", " 154 lb ", ("patient", "weight_entered"), {"value": 154.0, "unit": "lb"}),
    Accepted("--weight", "3500 g", ("patient", "weight_entered"), {"value": 3500.0, "unit": "g"}),
    Accepted("--weight", "70 KG", ("patient", "weight_entered"), {"value": 70.0, "unit": "kg"}),
    Accepted("--age", "18 months", ("patient", "age_years"), 1.5),
    Accepted("--height", "175", ("patient", "height_cm"), 175.0),
    Accepted("--crcl", "55,5", ("patient", "crcl_ml_min"), 55.5),
    Accepted("--ordered", "300 mg", ("orders", 0, "ordered_mg"), 300.0),
    Accepted("--ordered", "0,3 g", ("orders", 0, "ordered_mg"), 300.0),
    Accepted("--ordered", "5 MG", ("orders", 0, "ordered_mg"), 5.0),
    *(Accepted("--name", text, ("patient", "name"), text) for text in TEXT_ACCEPTED),
    *(Accepted("--patient-id", text, ("patient", "identifier"), text) for text in TEXT_ACCEPTED),
)

# Every option of `cc-dosecalc calc` that takes a value
CLI_NUMBER_OPTIONS = ("--weight", "--age", "--height", "--crcl", "--ordered", "--days")
CLI_CHOICE_OPTIONS = ("--weight-unit", "--weight-source", "--sex", "--dosing-weight", "--drug", "--regimen")
CLI_TEXT_OPTIONS = ("--name", "--patient-id")

# ---------------------------------------------------------------------------------------
# The formulary file: TOML literals put in place of one value of the built-in file
# ---------------------------------------------------------------------------------------

# as TOML source text; some are syntax errors on purpose
NUMBER_LITERALS: tuple[str, ...] = (
    '"2*3"',
    "2*3",
    "9**9**9",
    '"9**9**9"',
    "1e309",
    "-1e309",
    "1e300",
    "99999999999999999999999",
    "nan",
    "inf",
    "-inf",
    "+nan",
    '"٧٠"',
    "٧٠",
    '"７０"',
    '"७०"',
    '"70\\u0000"',
    '"70\\n5"',
    '"' + LONG + '"',
    LONG,
    '""',
    '" "',
    "-2",
    "0",
    "0.0",
    "-0.0",
    '"1,500"',
    "1,500",
    '"70 mg"',
    '"2"',
    "true",
    "[]",
    "{}",
    "[" * 100_000 + "]" * 100_000,
    "",
)

# for unit, choice and id fields: every one must be refused
WORD_LITERALS: tuple[str, ...] = (
    '""',
    '" "',
    '"2*3"',
    '"٧٠"',
    '"\\u0000"',
    '"mg\\n"',
    '"MG"',
    '"5 MG"',
    '"mg/kg/day"',
    '"µg"',
    '"' + LONG_TEXT + '"',
    "1",
    "nan",
    "true",
    "[]",
    "",
)

# for free-text fields: refused, or kept exactly as written (the value after TOML decoding)
TEXT_LITERALS: dict[str, str | None] = {
    '"2*3"': "2*3",
    '"٧٠"': "٧٠",
    '"1e309"': "1e309",
    '"\\u0000"': None,
    '"line\\nbreak"': None,
    '"\\u001b[2J"': None,
    '""': None,
    '"   "': None,
    '"' + LONG_TEXT + '"': None,
    "1": None,
    "nan": None,
    "[]": None,
}


@dataclass(frozen=True)
class FormularyField:
    """One value in the built-in file: ``template`` holds ``{}`` where the value goes, and
    with ``original`` in its place is a line (or part of one) of the file, first found where
    ``entry`` is."""

    kind: str  # "number", "word" or "text"
    template: str
    original: str
    entry: str


FORMULARY_FIELDS: tuple[FormularyField, ...] = (
    FormularyField("text", "version = {}", '"2026.11.0"', "formulary.version"),
    FormularyField("text", "name = {}\n", '"cc-dosecalc built-in formulary"', "formulary.name"),
    FormularyField("text", "reference = {}\n", '"Calcinosis cutis treatment review (calcinosis-cutis-treatment.txt)"', "sources.reference"),
    FormularyField("word", 'id = {}\nname = "diltiazem"', '"diltiazem"', "drug[0].id"),
    FormularyField("text", 'class = {}\nindications = ["Calcinosis cutis: the most', '"Calcium channel blocker"', "drug[diltiazem].class"),
    FormularyField("word", "id = {}\nlabel", '"diltiazem-oral"', "drug[diltiazem].regimen[0].id"),
    FormularyField("text", "label = {}", '"oral, 2 to 4 mg/kg/day"', "drug[diltiazem].regimen[diltiazem-oral].label"),
    FormularyField("word", "basis = {}", '"per_kg"', "drug[diltiazem].regimen[diltiazem-oral].basis"),
    FormularyField("number", "dose_low = {}\n", "2", "drug[diltiazem].regimen[diltiazem-oral].dose_low"),
    FormularyField("number", "dose_high = {}\n", "4", "drug[diltiazem].regimen[diltiazem-oral].dose_high"),
    FormularyField("word", "dose_unit = {}", '"mg/kg"', "drug[diltiazem].regimen[diltiazem-oral].dose_unit"),
    FormularyField("word", "period = {}", '"day"', "drug[diltiazem].regimen[diltiazem-oral].period"),
    FormularyField("number", "course_days = {}", "20", "drug[ceftriaxone].regimen[ceftriaxone-iv].course_days"),
    FormularyField("number", "days_min = {}", "2", "drug[ivig].regimen[ivig-iv].days_min"),
    FormularyField("number", "days_max = {}", "5", "drug[ivig].regimen[ivig-iv].days_max"),
    FormularyField("number", "days_default = {}", "2", "drug[ivig].regimen[ivig-iv].days_default"),
    FormularyField("number", "product_concentration_mg_per_ml = {}", "100", "drug[ivig].regimen[ivig-iv].product_concentration_mg_per_ml"),
    FormularyField(
        "number", "obese_above_percent_of_ibw = {}", "120", "drug[ivig].regimen[ivig-iv].dosing_weight.obese_above_percent_of_ibw"
    ),
    FormularyField("number", "adjustment_factor = {}", "0.4", "drug[ivig].regimen[ivig-iv].dosing_weight.adjustment_factor"),
    FormularyField("word", "code = {}", '"diltiazem-above-usual-max"', "drug[diltiazem].check[0].code"),
    FormularyField(
        "word", 'code = "diltiazem-above-usual-max"\nlevel = {}', '"warning"', "drug[diltiazem].check[diltiazem-above-usual-max].level"
    ),
    FormularyField(
        "text",
        "message = {}",
        '"Daily dose above 360 mg/day, the usual adult maximum."',
        "drug[diltiazem].check[diltiazem-above-usual-max].message",
    ),
    FormularyField(
        "word",
        'when = [{{ kind = {}, value = 360, unit = "mg" }}]',
        '"daily_dose_above"',
        "drug[diltiazem].check[diltiazem-above-usual-max].when[0].kind",
    ),
    FormularyField(
        "number",
        'when = [{{ kind = "daily_dose_above", value = {}, unit = "mg" }}]',
        "360",
        "drug[diltiazem].check[diltiazem-above-usual-max].when[0].value",
    ),
    FormularyField(
        "word",
        'when = [{{ kind = "daily_dose_above", value = 360, unit = {} }}]',
        '"mg"',
        "drug[diltiazem].check[diltiazem-above-usual-max].when[0].unit",
    ),
    FormularyField("word", 'drugs = ["diltiazem", {}]', '"colchicine"', "interaction[0].drugs"),
    FormularyField("word", "tall_man = {}", '"cefTRIAXone"', "drug[ceftriaxone].tall_man"),
    FormularyField(
        "word",
        'source = {}\n\n[[drug.check]]\ncode = "diltiazem-above-usual-max"',
        '"reference"',
        "drug[diltiazem].regimen[diltiazem-oral].source",
    ),
    FormularyField("number", "low_kg = {}", "20", "weight_plausibility[0].low_kg"),
    FormularyField("number", "high_kg = {}", "250", "weight_plausibility[0].high_kg"),
    FormularyField("number", "min_age_years = {}", "20", "weight_plausibility[0].min_age_years"),
)
