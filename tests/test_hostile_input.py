"""The hostile corpus (tests/hostile_corpus.py) against the command line and the formulary
file: nothing crashes, hangs, or is accepted as a value other than the one typed."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cc_dosecalc.active_formulary import load_active_formulary
from cc_dosecalc.formulary import Formulary, FormularyError, load_formulary
from cc_dosecalc.history import HistoryStore
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


def repeated_argv(option: str, first: str, second: str) -> list[str]:
    argv = calc_argv(option, first)
    return [*argv[:-1], option, second, "--json"]


EXTRA_CASES: dict[tuple[str, str], list[str]] = {
    **{(option, f"{first} then {second}"): repeated_argv(option, first, second) for option, first, second in corpus.REPEATED_OPTIONS},
}


@pytest.fixture(scope="module")
def cli_results() -> dict[tuple[str, str], dict[str, Any]]:
    cases = (
        REFUSED
        + [(case.option, case.text) for case in corpus.ACCEPTED]
        + [(option, text) for option, text, *_ in (*corpus.AMBIGUOUS_NUMBERS, *corpus.OUT_OF_RANGE)]
    )
    argvs = [calc_argv(option, text) for option, text in cases] + list(EXTRA_CASES.values())
    cases += list(EXTRA_CASES)
    env = {key: value for key, value in os.environ.items() if key != "CC_DOSECALC_FORMULARY"}
    done = subprocess.run(
        [sys.executable, "-c", HARNESS],
        input=json.dumps(argvs),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(zip(cases, json.loads(done.stdout), strict=True))


def _one_line_refusal(result: dict[str, Any]) -> str:
    assert (result["code"], result["stdout"]) == (2, ""), result
    assert result["stderr"].count("\n") == 1 and result["stderr"].endswith("\n"), result["stderr"]
    return str(result["stderr"]).removeprefix("cc-dosecalc: ").rstrip("\n")


@pytest.mark.parametrize(("option", "text", "thousands", "decimal"), corpus.AMBIGUOUS_NUMBERS)
def test_a_mark_before_three_digits_is_refused_as_ambiguous_naming_both_readings(cli_results, option, text, thousands, decimal):
    message = _one_line_refusal(cli_results[(option, text)])
    number = text.split()[0]
    assert f"'{number}' is ambiguous" in message
    assert message.endswith(f"type {thousands} if it is thousands, or {decimal} if it is a decimal"), message


@pytest.mark.parametrize(("option", "text", "message"), corpus.OUT_OF_RANGE)
def test_a_value_just_outside_its_range_is_shown_as_typed(cli_results, option, text, message):
    assert _one_line_refusal(cli_results[(option, text)]) == message


@pytest.mark.parametrize(("option", "first", "second"), corpus.REPEATED_OPTIONS)
def test_a_patient_option_given_twice_is_refused(cli_results, option, first, second):
    assert _one_line_refusal(cli_results[(option, f"{first} then {second}")]) == f"{option} given twice: give it once"


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
    elif error.reason.startswith("nested deeper than"):
        assert literal.startswith("[" * 11)  # refused before tomllib read it
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
    if "TOML syntax error" not in notice and "nested deeper than 10 levels" not in notice:
        assert f": drug[minocycline].regimen[minocycline-site].{key}: " in notice


# ---------------------------------------------------------------------------------------
# Where `summary --pdf` may write (README: "Printing or saving the dosing summary")
# ---------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4 the summary printed yesterday"


def _make_pdf_target(name: str, folder: Path, data: Path, resources: Path, site: Path) -> Path:
    """The target called ``name`` in the corpus, made inside ``folder`` (the history, the
    formularies and the device are private copies: a failing test destroys nothing real)."""
    history = data / "history.sqlite3"
    made = {
        "history database": lambda: history,
        "history -wal (not there yet)": lambda: data / "history.sqlite3-wal",
        "history -shm (not there yet)": lambda: data / "history.sqlite3-shm",
        "history -journal (not there yet)": lambda: data / "history.sqlite3-journal",
        "built-in formulary": lambda: resources / "formulary.toml",
        "site formulary in force": lambda: site,
        "folder": lambda: folder,
        "missing folder, name with a line break": lambda: folder / "no such\nfolder" / "x.pdf",
        "new file": lambda: folder / "new.pdf",
    }
    if name in made:
        return made[name]()
    target = folder / f"{name}.pdf".replace(" ", "-")
    if name == "symbolic link to the history":
        target.symlink_to(history)
    elif name == "hard link to the history":
        os.link(history, target)
    elif name == "copy of the formulary":
        target.write_bytes((resources / "formulary.toml").read_bytes())
    elif name in ("text file", "file named .pdf holding text"):
        target.write_text("notes about the patient\n")
    elif name == "empty file":
        target.write_bytes(b"")
    elif name == "SQLite database elsewhere":
        target.write_bytes(history.read_bytes())
    elif name == "file starting %PD":
        target.write_bytes(b"%PD")
    elif name == "character device":
        if os.geteuid() == 0:  # a private /dev/null: the real one is never at risk
            os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        else:
            target = Path("/dev/null")
    elif name == "FIFO":
        os.mkfifo(target)
    elif name == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    elif name == "symbolic link to a PDF":
        (folder / "real.pdf").write_bytes(PDF_BYTES)
        target.symlink_to(folder / "real.pdf")
    elif name == "dangling symbolic link":
        target.symlink_to(folder / "nothing-here.pdf")
    elif name == "existing PDF":
        target.write_bytes(PDF_BYTES)
        target.chmod(0o644)
    else:
        raise AssertionError(name)
    return target


def _fingerprint(path: Path) -> tuple[int, int, bytes]:
    """The same file (a replacement is a new inode), of the same kind and first bytes (the
    history itself changes as the accepted summaries are recorded)."""
    status = os.lstat(path)
    content = path.read_bytes()[:16] if stat.S_ISREG(status.st_mode) else b""
    return status.st_mode, status.st_ino, content


@pytest.fixture(scope="module")
def pdf_target_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every corpus target, written to by `summary --pdf` in one process (see HARNESS)."""
    base = tmp_path_factory.mktemp("pdf-targets")
    data, resources, folder = base / "data", base / "resources", base / "out"
    shutil.copytree(ROOT / "resources", resources)
    folder.mkdir()
    site = base / "site.toml"
    site.write_bytes((ROOT / "resources" / "site-formulary.example.toml").read_bytes())
    store, _ = HistoryStore.open(data)
    store.close()
    names = [*corpus.PDF_TARGETS_REFUSED, *corpus.PDF_TARGETS_ACCEPTED]
    targets = {name: _make_pdf_target(name, folder, data, resources, site) for name in names}
    before = {name: _fingerprint(path) if os.path.lexists(path) else None for name, path in targets.items()}
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(CC_DOSECALC_DATA_DIR=str(data), CC_DOSECALC_RESOURCES=str(resources), CC_DOSECALC_FORMULARY=str(site))
    common = ["summary", "--weight", "70", "--drug", "warfarin", "--name", "Zoë Target"]
    done = subprocess.run(
        [sys.executable, "-c", HARNESS],
        input=json.dumps([[*common, "--pdf", str(targets[name])] for name in names]),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = dict(zip(names, json.loads(done.stdout), strict=True))
    store, _ = HistoryStore.open(data)
    with store:
        recorded = store.list()
    return {"recorded": recorded, **{name: (targets[name], before[name], results[name]) for name in names}}


def test_only_the_pdfs_written_are_recorded(pdf_target_results):
    assert len(pdf_target_results["recorded"]) == len(corpus.PDF_TARGETS_ACCEPTED)


@pytest.mark.parametrize("name", corpus.PDF_TARGETS_REFUSED)
def test_summary_pdf_refuses_a_target_it_must_not_replace(pdf_target_results, name):
    target, before, result = pdf_target_results[name]
    shown = str(target).replace("\n", "?")
    expected = f"cc-dosecalc: Cannot save the PDF at {shown}: {corpus.PDF_TARGETS_REFUSED[name]}\n"
    assert (result["code"], result["stdout"], result["stderr"]) == (1, "", expected)
    assert (_fingerprint(target) if os.path.lexists(target) else None) == before, "the target is left as it was"
    assert not [path for path in target.parent.glob(".cc-dosecalc-*")] if target.parent.is_dir() else True


@pytest.mark.parametrize("name", corpus.PDF_TARGETS_ACCEPTED)
def test_summary_pdf_writes_a_new_file_or_replaces_a_pdf_owner_only(pdf_target_results, name):
    target, _before, result = pdf_target_results[name]
    assert (result["code"], result["stdout"]) == (0, f"{target}\n"), result
    assert target.read_bytes().startswith(b"%PDF-") and target.read_bytes() != PDF_BYTES
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
