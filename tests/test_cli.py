"""The command line, run as a nurse or a script would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cc_dosecalc.cli import main
from tests import hostile_corpus as corpus


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cc_dosecalc", *args], capture_output=True, text=True, timeout=30)


def test_drugs_json_lists_the_formulary() -> None:
    done = run("drugs", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data["formulary"]) >= {"version", "sha256"} and len(data["formulary"]["sha256"]) == 64
    ids = [drug["id"] for drug in data["drugs"]]
    assert ids[0] == "diltiazem" and "intralesional-corticosteroid" in ids
    ivig = next(drug for drug in data["drugs"] if drug["id"] == "ivig")
    assert ivig["regimens"][0] == {**ivig["regimens"][0], "id": "ivig-iv", "route": "IV"}
    assert isinstance(ivig["regimens"][0]["text"], str)


def test_drugs_readable() -> None:
    done = run("drugs")
    assert done.returncode == 0
    assert "ceftriaxone: cefTRIAXone (Cephalosporin antibiotic)" in done.stdout


def test_calc_json_shape_and_values() -> None:
    done = run(
        "calc", "--weight", "100", "--age", "40", "--height", "175", "--sex", "male", "--crcl", "90",
        "--drug", "ivig", "--days", "2", "--drug", "diltiazem", "--ordered", "300 mg", "--frequency", "Once Daily", "--form", "EXTENDED-release",
        "--drug", "colchicine", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert data["patient"] == {**data["patient"], "weight_kg": 100, "age_years": 40, "height_cm": 175, "sex": "male", "crcl_ml_min": 90}
    ivig, diltiazem, colchicine = data["orders"]
    assert (ivig["drug"], ivig["regimen"], ivig["route"], ivig["dosing_weight_basis"]) == ("ivig", "ivig-iv", "IV", "adjusted")
    assert round(ivig["dosing_weight_kg"], 1) == 82.3
    assert ivig["dose"]["per"] == "course" and round(ivig["dose"]["high_mg"] / 1000, 1) == 164.6
    assert round(ivig["course_total"]["high_mg"] / 1000, 1) == 164.6
    assert [(item["day"], round(item["dose_mg"] / 1000, 1)) for item in ivig["schedule"]] == [(1, 82.3), (2, 82.3)]
    assert diltiazem["dose"] == {"low_mg": 200, "high_mg": 400, "per": "day"}
    # the 400 mg top of the range is above 360 mg/day, but the ordered 300 mg is what the caps check
    assert [(alert["level"], alert["code"]) for alert in diltiazem["alerts"]] == [
        ("warning", "diltiazem-contraindications"),
        ("info", "ordered-within-range"),
    ]
    assert diltiazem["ordered"] == {
        "amount_mg": 300, "frequency": "once daily", "form": "extended-release",
        "per_day_mg": 300, "per_week_mg": 2100, "per_course_mg": None,
    }  # fmt: skip
    assert diltiazem["text"] == "diltiazem extended-release 300 mg orally once daily"
    assert diltiazem["verdict"] == "within the calculated range 200 to 400 mg/day"
    assert ivig["ordered"] is None and ivig["text"] == ivig["calculated_text"]
    assert diltiazem["side_effects"][0] == "bradycardia"
    assert colchicine["dose"] is None and colchicine["course_total"] is None and colchicine["schedule"] == []
    assert data["interactions"] == [
        {"drugs": ["diltiazem", "colchicine"], "level": "warning", "message": data["interactions"][0]["message"]}
    ]


def test_calc_readable_output() -> None:
    done = run("calc", "--weight", "154 lb", "--drug", "diltiazem")
    assert done.returncode == 0
    assert "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)" in done.stdout
    assert "Weight: 154 lb x 0.45359237 kg/lb = 69.85 kg" in done.stdout


def test_weight_unit_option_and_unit_in_text() -> None:
    in_text = json.loads(run("calc", "--weight", "154 lb", "--drug", "warfarin", "--json").stdout)
    as_option = json.loads(run("calc", "--weight", "154", "--weight-unit", "lb", "--drug", "warfarin", "--json").stdout)
    assert in_text["patient"]["weight_kg"] == as_option["patient"]["weight_kg"] == pytest.approx(69.85322498)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["calc", "--weight", "1e5", "--drug", "diltiazem"], "Weight: enter a plain number"),
        (["calc", "--weight", "70,5.5", "--drug", "diltiazem"], "Weight: enter a plain number"),
        (["calc", "--weight", "401", "--drug", "diltiazem"], "Weight: 401 kg is outside the accepted 0.5 to 400 kg"),
        (["calc", "--weight", "154 lb", "--weight-unit", "kg", "--drug", "diltiazem"], "Weight: two different units"),
        (["calc", "--weight", "70", "--age", "six", "--drug", "diltiazem"], "Age: "),
        (["calc", "--weight", "70", "--crcl", "nan", "--drug", "diltiazem"], "Creatinine clearance: "),
        (["calc", "--weight", "70", "--drug", "aspirin"], "Drug: unknown drug 'aspirin'"),
        (["calc", "--weight", "70", "--drug", "ivig", "--days", "9"], "Days: ivig-iv is given over 2 to 5 days"),
        (["calc", "--weight", "70", "--drug", "ivig", "--days", "2.5"], "Days: enter a whole number"),
        (["calc", "--weight", "70", "--drug", "diltiazem", "--ordered", "300"], "Ordered dose: give a unit: mg, g, mcg"),
        (["calc", "--weight", "70", "--regimen", "x", "--drug", "diltiazem"], "--regimen must follow the --drug"),
        (["calc", "--weight", "70", "--drug", "diltiazem", "--days", "2", "--days", "3"], "--days given twice"),
        (["calc", "--weight", "70", "--drug", "ivig", "--dosing-weight", "heaviest"], "Dosing weight: 'heaviest' is not one of"),
        (["calc", "--drug", "diltiazem"], "the following arguments are required: --weight"),
        (["calc", "--weight", "70"], "the following arguments are required: --drug"),
        (["calc", "--weight", "70", "--sex", "x", "--drug", "diltiazem"], "argument --sex: invalid choice"),
        (["calc", "--weight", "70", "--name", "a\tb", "--drug", "diltiazem"], "Patient name: must not hold control characters"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_nothing_on_stdout(args: list[str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("cc-dosecalc: ")
    assert message in done.stderr


def test_the_command_line_does_not_import_qt() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from cc_dosecalc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['calc', '--weight', '70', '--drug', 'diltiazem', '--json'])\n"
        "    main(['drugs', '--json'])\n"
        "print(sorted(name for name in sys.modules if name.startswith('PySide6')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.stdout.strip() == "[]", done.stderr


def test_main_returns_exit_status_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "--weight", "70", "--drug", "warfarin"]) == 0
    assert "warfarin oral 1 mg/day" in capsys.readouterr().out
    assert main(["calc", "--weight", "0", "--drug", "warfarin"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "cc-dosecalc: Weight: must be above zero\n"


def test_the_output_says_whether_the_plan_can_go_for_ordering() -> None:
    done = run("calc", "--weight", "70", "--age", "40", "--weight-source", "measured", "--drug", "ceftriaxone", "--ordered", "20 g", "--frequency", "once daily")
    assert done.stdout.rstrip().endswith("Status: NOT FOR ORDERING: 2 stops without an override; allergies not recorded (record them, or no known allergies)")
    args = ("calc", "--weight", "70", "--age", "40", "--weight-source", "measured", "--no-known-allergies", "--drug", "warfarin", "--json")
    data = json.loads(run(*args).stdout)
    assert data["status"] == {"for_ordering": True, "checked": True, "text": "Checked: ready for ordering", "open": [], "open_items": []}


def test_drugs_json_carries_guidance_procedures_indications_and_notes() -> None:
    data = json.loads(run("drugs", "--json").stdout)
    assert data["guidance"]["general_measures"][0] == "Avoid trauma."
    assert {item["id"] for item in data["procedures"]} == {"surgical-excision", "curettage", "co2-laser", "shockwave-lithotripsy"}
    diltiazem = data["drugs"][0]
    assert diltiazem["indications"] and diltiazem["regimens"][0]["note"] == "High doses are necessary for therapeutic response."


@pytest.mark.parametrize("stdout", ["closed pipe", "/dev/full"])
@pytest.mark.parametrize(("name", "args", "code", "full_disk"), corpus.STDOUT_FAILURES, ids=[case[0] for case in corpus.STDOUT_FAILURES])
def test_output_that_cannot_be_written_ends_cleanly(tmp_path, stdout, name, args, code, full_disk):
    pdf = tmp_path / "s.pdf"
    argv = [arg.replace("{pdf}", str(pdf)) for arg in args]
    if stdout == "closed pipe":  # `| head -1` once head has left: every write fails with EPIPE
        reading, sink = os.pipe()
        os.close(reading)
    else:
        sink = os.open("/dev/full", os.O_WRONLY)
    try:
        done = subprocess.run([sys.executable, "-m", "cc_dosecalc", *argv], stdout=sink, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(sink)
    expected = "" if stdout == "closed pipe" else full_disk.replace("{pdf}", str(pdf))
    assert (done.returncode, done.stderr) == (code, expected)
    if "--pdf" in args:
        assert pdf.read_bytes().startswith(b"%PDF-")
        listed = run("history", "--json")
        assert [record["how"] for record in json.loads(listed.stdout)["records"]] == ["cli-pdf"]


@pytest.fixture(scope="module")
def latin_1_locales(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private folder holding a Latin-1 locale (``localedef``, Debian's ``locales``): LOCPATH."""
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(folder / corpus.LATIN_1_LOCALE)], check=True, timeout=120)
    return str(folder)


@pytest.mark.parametrize(("locale", "raw", "name"), corpus.ARGUMENT_BYTES, ids=[f"{case[0]}-{case[1]!r}" for case in corpus.ARGUMENT_BYTES])
def test_the_name_typed_is_read_whatever_the_terminal_locale(latin_1_locales, locale, raw, name):
    env = {key: value for key, value in os.environ.items() if not key.startswith("LC_") and key != "LANG"}
    env.update(LOCPATH=latin_1_locales, LC_ALL=locale, PYTHONUTF8="0")
    args = [os.fsencode(sys.executable), b"-m", b"cc_dosecalc", b"calc", b"--weight", b"70", b"--drug", b"warfarin", b"--name", raw, b"--json"]
    done = subprocess.run(args, capture_output=True, env=env, timeout=60)
    encoding = "latin-1" if locale == corpus.LATIN_1_LOCALE else "utf-8"
    if name is None:
        assert (done.returncode, done.stdout) == (2, b"")
        assert done.stderr.decode(encoding) == "cc-dosecalc: Patient name: holds bytes that are not UTF-8 text: set the terminal to UTF-8\n"
        return
    assert (done.returncode, done.stderr) == (0, b"")
    assert json.loads(done.stdout)["patient"]["name"] == name
