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
    "1.500",  # a point as a thousands separator (German)
    "25.000",
    "70..5",
    "70,5,1",
    ".5.",
    "70%",
)

# Zero: a slip in every number field but two, where it is a real value: a newborn's age on
# day 0 and an anuric patient's creatinine clearance (accepted below).
ZERO_TEXTS: tuple[str, ...] = ("0", "0.0", "000")
ZERO_ALLOWED_OPTIONS: frozenset[str] = frozenset({"--age", "--crcl"})

# A point or a comma before exactly three digits, after one to three digits not starting with
# 0: a decimal to some readers, thousands to others (1000 times apart). Refused, naming both.
# (option, text, the two readings as the message suggests typing them)
AMBIGUOUS_NUMBERS: tuple[tuple[str, str, str, str], ...] = (
    ("--ordered", "25.000 mg", "25000", "25"),
    ("--ordered", "1,500 mg", "1500", "1.5"),
    ("--ordered", "2.125 mg", "2125", "2.1250"),
    ("--weight", "1.500", "1500", "1.5"),
    ("--weight", "3.250", "3250", "3.25"),
    ("--weight", "999.999 g", "999999", "999.9990"),
    ("--age", "1.500", "1500", "1.5"),
    ("--height", "175.000", "175000", "175"),
    ("--crcl", "55,000", "55000", "55"),
)
# Not ambiguous, read as decimals: a leading zero, one, two or four decimals, four digits before the mark
UNAMBIGUOUS_DECIMALS: tuple[tuple[str, str, float], ...] = (
    ("--ordered", "0.125 mg", 0.125),
    ("--ordered", "0,125 mg", 0.125),
    ("--ordered", "2.1250 mg", 2.125),
    ("--ordered", "1500.125 mg", 1500.125),
    ("--ordered", "1.5 g", 1500.0),
    ("--ordered", "1.50 g", 1500.0),
)

# Just outside a field's range: the message shows the value as typed, never rounded onto the limit
OUT_OF_RANGE: tuple[tuple[str, str, str], ...] = (
    ("--weight", "400.0000001", "Weight: 400.0000001 kg is outside the accepted 0.5 to 400 kg"),
    ("--weight", "0,4999999", "Weight: 0.4999999 kg is outside the accepted 0.5 to 400 kg"),
    ("--weight", "881.85 lb", "Weight: 881.85 lb (400.0004 kg) is outside the accepted 0.5 to 400 kg"),
    ("--weight", "499.99999 g", "Weight: 499.99999 g (0.49999999 kg) is outside the accepted 0.5 to 400 kg"),
    ("--crcl", "300.0000000001", "Creatinine clearance: 300.0000000001 mL/min is above the accepted maximum of 300 mL/min"),
    ("--age", "130.01", "Age: 130.01 years is above the accepted maximum of 130 years"),
)

# A patient's option given twice: refused "given twice", never the last one silently
# (option, first value, second value)
REPEATED_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--age", "40", "4"),
    ("--weight", "70", "80"),
    ("--weight", "70", "70"),
    ("--weight-unit", "kg", "lb"),
    ("--weight-source", "measured", "estimated"),
    ("--height", "175", "157"),
    ("--sex", "male", "female"),
    ("--crcl", "90", "9"),
    ("--name", "Ann Lee", "Bo Lee"),
    ("--patient-id", "MRN 1", "MRN 2"),
)

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
# Emoji and pictographs are refused: the printing font cannot show them (an empty box).
# Bidirectional controls (U+202E and its kind) are format characters, refused as control characters.
TEXT_REFUSED: tuple[str, ...] = (
    "Ann\x00",
    "Ann\nBob",
    "Ann\rBob",
    "\x1b[2J",
    "A\tB",
    LONG_TEXT,
    "a" * 81,
    "Ann 😀",
    "Bo ❤️",
    "🇬🇧 Lee",
    "Lee\ufe0f",
    "MRN ☢ 12",
    "MRN \u202e321",  # right-to-left override: would print the digits reversed
    "MRN \u2066123\u2069",
)
TEXT_ACCEPTED: tuple[str, ...] = (
    "2*3",
    "9**9**9",
    "٧٠",
    "Zoë O'Brien-Łukasz",
    "1e309",
    "nan",
    "' OR 1=1 --",
    "a" * 80,
    "MRN 123 אבג 456",
    "דוד כהן",
    "Лукас №5",
)


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
    *(Accepted(option, text, ("orders", 0, "ordered_mg"), value) for option, text, value in UNAMBIGUOUS_DECIMALS),
    Accepted("--frequency", " Once  DAILY ", ("orders", 0, "ordered", "frequency"), "once daily"),
    Accepted("--frequency", "every 12 hours", ("orders", 0, "ordered", "per_day_mg"), 600.0),
    Accepted("--form", "EXTENDED-RELEASE", ("orders", 0, "ordered", "form"), "extended-release"),
    *(Accepted("--name", text, ("patient", "name"), text) for text in TEXT_ACCEPTED),
    *(Accepted("--patient-id", text, ("patient", "identifier"), text) for text in TEXT_ACCEPTED),
)

# Every option of `cc-dosecalc calc` that takes a value
CLI_NUMBER_OPTIONS = ("--weight", "--age", "--height", "--crcl", "--ordered", "--days")
CLI_CHOICE_OPTIONS = ("--weight-unit", "--weight-source", "--sex", "--dosing-weight", "--drug", "--regimen", "--frequency", "--form")
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

# ---------------------------------------------------------------------------------------
# Where `summary --pdf` may write: what each target is, and the reason it is refused
# (tests/test_hostile_input.py makes each one in a private folder, never the real one)
# ---------------------------------------------------------------------------------------

NOT_A_PDF = "it is an existing file that is not a PDF: a PDF replaces only an existing PDF file"
HISTORY = "it is the history database: choose another file"
FORMULARY = "it is a formulary file in force: choose another file"
SPECIAL = "it is a device, a pipe or a socket, not a file"

PDF_TARGETS_REFUSED: dict[str, str] = {
    "history database": HISTORY,
    "history -wal (not there yet)": HISTORY,
    "history -shm (not there yet)": HISTORY,
    "history -journal (not there yet)": HISTORY,
    "symbolic link to the history": HISTORY,
    "hard link to the history": HISTORY,
    "built-in formulary": FORMULARY,
    "site formulary in force": FORMULARY,
    "copy of the formulary": NOT_A_PDF,
    "text file": NOT_A_PDF,
    "empty file": NOT_A_PDF,
    "SQLite database elsewhere": NOT_A_PDF,
    "file starting %PD": NOT_A_PDF,
    "file named .pdf holding text": NOT_A_PDF,
    "character device": SPECIAL,
    "FIFO": SPECIAL,
    "socket": SPECIAL,
    "folder": "it is a folder",
    "symbolic link to a PDF": "it is a symbolic link: a PDF replaces only an existing PDF file",
    "dangling symbolic link": "it is a symbolic link: a PDF replaces only an existing PDF file",
    "missing folder, name with a line break": "the folder does not exist",
}
# written (and recorded): a new file, or an existing PDF replaced
PDF_TARGETS_ACCEPTED: tuple[str, ...] = ("new file", "existing PDF")

# ---------------------------------------------------------------------------------------
# Standard output that cannot be written: a reader that left (`| head -1`) or a full disk
# (`> /dev/full`). (name, arguments, exit status, standard error for a full disk; a closed
# pipe says nothing). "{pdf}" stands for the summary's path.
# ---------------------------------------------------------------------------------------

_FULL = "cc-dosecalc: the output could not be written to standard output (No space left on device)\n"
STDOUT_FAILURES: tuple[tuple[str, tuple[str, ...], int, str], ...] = (
    ("calc", ("calc", "--weight", "70", "--drug", "warfarin"), 1, _FULL),
    ("calc --json", ("calc", "--weight", "70", "--drug", "ivig", "--drug", "diltiazem", "--json"), 1, _FULL),
    ("drugs --json", ("drugs", "--json"), 1, _FULL),
    ("history", ("history",), 1, _FULL),
    ("--help", ("--help",), 1, _FULL),
    (
        "summary (the PDF is written and recorded: status 0)",
        ("summary", "--weight", "70", "--drug", "warfarin", "--pdf", "{pdf}"),
        0,
        "cc-dosecalc: the PDF was written at {pdf}, but its path could not be printed to standard output (No space left on device)\n",
    ),
)

# ---------------------------------------------------------------------------------------
# The environment of `summary`: (name, variables, the one line on standard error or "", the
# zone every printed and recorded time names)
# ---------------------------------------------------------------------------------------


def _zone_refused(tz: str, why: str) -> str:
    return f"the time zone TZ='{tz}' cannot be used ({why}): times are printed and recorded in UTC"


_A_DAY = "its offset from UTC is a day or more"
_UNKNOWN = "not a time zone this computer knows"
HOSTILE_ENVIRONMENTS: tuple[tuple[str, dict[str, str], str, str], ...] = (
    ("TZ=UTC+25", {"TZ": "UTC+25"}, _zone_refused("UTC+25", _A_DAY), "UTC"),
    ("TZ=Nowhere/Garbage", {"TZ": "Nowhere/Garbage"}, _zone_refused("Nowhere/Garbage", _UNKNOWN), "UTC"),
    ("TZ=:../../etc/passwd", {"TZ": ":../../etc/passwd"}, _zone_refused(":../../etc/passwd", _UNKNOWN), "UTC"),
    ("TZ with a line break", {"TZ": "UTC\n+3"}, _zone_refused("UTC?+3", _UNKNOWN), "UTC"),
    ("TZ=Asia/Tokyo (fine)", {"TZ": "Asia/Tokyo"}, "", "JST"),
    ("TZ=JST-9 (POSIX, fine)", {"TZ": "JST-9"}, "", "JST"),
    ("LC_ALL=C (Qt's locale warning)", {"LC_ALL": "C", "TZ": "Asia/Tokyo"}, "", "JST"),
    ("LC_ALL=C and TZ=UTC+25", {"LC_ALL": "C", "TZ": "UTC+25"}, _zone_refused("UTC+25", _A_DAY), "UTC"),
)

# ---------------------------------------------------------------------------------------
# Names and identifiers as printed (tests/test_hostile_printing.py): (name, identifier); the
# words of each are found on the page in the order typed, and the footer never runs into
# "page N of M"
# ---------------------------------------------------------------------------------------

PRINTED_IDENTITIES: tuple[tuple[str, str], ...] = (
    (("Maria-Theresa Abcdefghij " * 4)[:80].strip(), "MRN-" + "7" * 76),
    ("A" * 80, "B" * 80),
    ("Jane Lee", "MRN 123 אבג 456"),
    ("דוד כהן", "MRN-123-אבג-456"),
    ("Zoë Lee 3", "אבג 12 דה 34"),
)

# ---------------------------------------------------------------------------------------
# The bytes of `--name` on a terminal whose locale is given: (locale, bytes, the name read, or
# None for a refusal). Bytes that are UTF-8 are read as UTF-8 whatever the locale.
# ---------------------------------------------------------------------------------------

LATIN_1_LOCALE = "en_US.ISO-8859-1"
ARGUMENT_BYTES: tuple[tuple[str, bytes, str | None], ...] = (
    (LATIN_1_LOCALE, "Zoë".encode(), "Zoë"),  # UTF-8 typed on a Latin-1 terminal: not "ZoÃ«"
    (LATIN_1_LOCALE, "Łukasz Nowak".encode(), "Łukasz Nowak"),
    (LATIN_1_LOCALE, "Zoë".encode("latin-1"), "Zoë"),  # a real Latin-1 terminal's one byte
    ("C.UTF-8", "Zoë".encode(), "Zoë"),
    ("C.UTF-8", "Zoë".encode("latin-1"), None),  # not UTF-8 on a UTF-8 terminal: refused
)

# ---------------------------------------------------------------------------------------
# Faults of the machine and odd files, each met by a real process (tests/test_hostile_faults.py):
# the one line on standard error that says what happened, truly ({db}: the history database)
# ---------------------------------------------------------------------------------------

FAULT_MESSAGES: dict[str, str] = {
    "a full disk when the history is opened": (
        "cc-dosecalc: the PDF was written, but it is not in the history. The history database {db} cannot be opened: the disk is full.\n"
    ),
    "a history that fails its integrity check": (
        "cc-dosecalc: The history database {db} could not be read (integrity check failed: *** in database main *** On tree page "
    ),
    "an override code holding a line break": (
        "cc-dosecalc: Override: no stop with code 'minocycline-under?-8' in this plan (stops: minocycline-under-8)\n"
    ),
    "a site formulary starting with a byte-order mark": "",
}

# ---------------------------------------------------------------------------------------
# The site formulary: files that would escape the built-in checks or hang a command
# ---------------------------------------------------------------------------------------

# a new site drug (id, name, tall-man name) spelt like a built-in drug: every one is refused,
# naming the field; the field that gives it away is the third item
SITE_LOOK_ALIKE_DRUGS: tuple[tuple[str, str, str], ...] = (
    ("diltiazem-xr", "Cardizem XR", "id"),
    ("cardizem-xr", "diltiazem", "name"),
    ("cardizem-xr", "DILTIAZEM", "name"),
    ("cardizem-xr", "Diltiazem XR", "name"),
    ("cardizem-xr", "dil-ti azem", "name"),
    ("cardizem-xr", "dіltiazem", "name"),  # Cyrillic i
    ("cardizem-xr", "ｄｉｌｔｉａｚｅｍ", "name"),  # full-width letters
    ("colchicine2", "gout tablets", "id"),
    ("gout-tablets", "Colchicine", "name"),
    ("rocephin", "Rocephin", "tall_man:cefTRIAXone"),
    ("site-ivig", "Site immune globulin", "id"),
    ("octagam", "Immune Globulin (IVIG)", "name"),
)

# a site regimen replacing the built-in IVIG regimen (2 g/kg per course): (dose_low,
# dose_high, dose_unit, refused?) at and around the 2x boundary
SITE_IVIG_REPLACEMENTS: tuple[tuple[str, str, str, bool], ...] = (
    ("20", "20", "g/kg", True),
    ("4", "4.001", "g/kg", True),
    ("4", "4", "g/kg", False),
    ("1", "2", "g/kg", False),
    ("0.999", "2", "g/kg", True),
    ("4000", "4000", "mg/kg", False),
    ("4001", "4001", "mg/kg", True),
    ("0.5", "0.5", "g/kg", True),
)

# site files that must be refused before tomllib sees them: (name, text)
NESTING_LIMIT = 10
SITE_DEEP_TEXTS: tuple[tuple[str, str], ...] = (
    ("dotted keys", "a" + ".a" * NESTING_LIMIT + " = 1\n"),
    ("40 KB of dotted keys", ("a" + ".a" * 2000 + " = 1\n") * 10),
    ("arrays", "x = " + "[" * (NESTING_LIMIT + 1) + "]" * (NESTING_LIMIT + 1) + "\n"),
    ("inline tables", "x = " + "{ a = " * (NESTING_LIMIT + 1) + "1" + " }" * (NESTING_LIMIT + 1) + "\n"),
    ("table header", "[" + ".".join(["a"] * (NESTING_LIMIT + 1)) + "]\n"),
    ("quoted dotted keys", '"a"' + '."a"' * NESTING_LIMIT + " = 1\n"),
)

# ---------------------------------------------------------------------------------------
# The history's search: (stored name, what a nurse types) that must find it
# ---------------------------------------------------------------------------------------

HISTORY_SEARCH_MATCHES: tuple[tuple[str, str], ...] = (
    ("ZOË", "zoë"),
    ("zoë", "ZOË"),
    ("Zoe\u0308 Smith", "ZOË"),  # stored with a combining diaeresis, typed precomposed
    ("ΣΟΦΊΑ Παππά", "σοφία"),  # Greek, final sigma
    ("Σοφία", "ΣΟΦΊΑ"),
    ("ПЁТР Иванов", "пётр"),  # Cyrillic
    ("Łukasz Żółć", "ŁUKASZ ŻÓŁĆ"),
    ("Straße", "STRASSE"),
    ("ﬁona", "FIONA"),  # a ligature
)
