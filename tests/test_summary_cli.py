"""``cc-dosecalc summary``: the same options as ``calc`` plus --pdf, no display needed."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests import hostile_corpus as corpus
from tests.summary_plans import pdf_pages, pdf_text


def run(*args: str, display: bool = False) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, "-m", "cc_dosecalc", *args], capture_output=True, text=True, env=env, timeout=60)


def test_writes_the_pdf_with_no_display_and_prints_its_path(tmp_path):
    target = tmp_path / "ivig.pdf"
    result = run(
        "summary", "--weight", "100", "--age", "52", "--height", "175", "--sex", "male", "--crcl", "50", "--name", "Alex Example",
        "--patient-id", "MRN 555", "--drug", "ivig", "--days", "2", "--pdf", str(target),
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{target}\n", "")
    text = pdf_text(target)
    assert "immune globulin (IVIG) IV 164.6 g per course (2 g/kg): 82.3 g daily for 2 days" in text
    assert "Name Alex Example" in text and "Identifier MRN 555" in text
    assert "NOT acknowledged" in text  # the command line records no acknowledgements
    assert os.listdir(tmp_path) == ["ivig.pdf"]


def test_a_stop_prints_not_for_ordering_unless_overridden(tmp_path):
    common = ("summary", "--weight", "30", "--age", "6", "--drug", "minocycline")
    result = run(*common, "--pdf", str(tmp_path / "stop.pdf"))
    assert result.returncode == 0
    assert all("NOT FOR ORDERING" in page for page in pdf_pages(tmp_path / "stop.pdf"))
    overriding = ("--override", "minocycline-under-8=Confirmed with Dr Smith", "--overridden-by", "Dr Smith")
    result = run(*common, *overriding, "--pdf", str(tmp_path / "over.pdf"))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "over.pdf")
    assert "NOT FOR ORDERING" not in text
    assert "Overridden by Dr Smith. Reason: Confirmed with Dr Smith" in text


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    return lines[0]


def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path):
    target = tmp_path / "x.pdf"
    assert _refused(run("summary", "--weight", "0", "--drug", "warfarin", "--pdf", str(target))).startswith("cc-dosecalc: Weight:")
    assert _refused(run("summary", "--weight", "70", "--drug", "nosuch", "--pdf", str(target))).startswith("cc-dosecalc: Drug:")
    assert _refused(run("summary", "--weight", "70", "--drug", "warfarin")) == "cc-dosecalc: the following arguments are required: --pdf"
    child = ("summary", "--weight", "30", "--age", "6", "--drug", "minocycline", "--pdf", str(target))
    assert _refused(run(*child, "--override", "bogus=some reason", "--overridden-by", "Dr Smith")) == (
        "cc-dosecalc: Override: no stop with code 'bogus' in this plan (stops: minocycline-under-8)"
    )
    assert _refused(run(*child, "--override", "minocycline-under-8=ok", "--overridden-by", "Dr Smith")) == (
        "cc-dosecalc: Override reason for minocycline-under-8: write at least 10 characters with at least 2 different words"
        " (a word: 2 or more letters, not one letter repeated)"
    )
    assert not target.exists()


def test_a_write_failure_exits_1_with_one_line(tmp_path):
    target = tmp_path / "missing" / "x.pdf"
    result = run("summary", "--weight", "70", "--drug", "warfarin", "--pdf", str(target))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"cc-dosecalc: Cannot save the PDF at {target}: the folder does not exist\n"


def test_calc_still_never_loads_qt():
    code = (
        "import sys; from cc_dosecalc.cli import main; main(['calc', '--weight', '70', '--drug', 'warfarin']); "
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_written_summary_is_recorded_in_the_history(tmp_path, monkeypatch):
    monkeypatch.setenv("CC_DOSECALC_DATA_DIR", str(tmp_path / "data"))
    target = tmp_path / "w.pdf"
    result = run("summary", "--weight", "70", "--drug", "warfarin", "--name", "Bo Test", "--patient-id", "MRN 9", "--pdf", str(target))
    assert (result.returncode, result.stderr) == (0, "")
    from cc_dosecalc.history import HistoryStore

    store, _notices = HistoryStore.open(tmp_path / "data")
    with store:
        [summary] = store.list()
        record = store.get(summary.id)
    assert (summary.how, summary.patient_identifier, summary.drugs) == ("cli-pdf", "MRN 9", "warfarin")
    assert "Name Bo Test" in pdf_text(target).replace("\n", " ")
    assert record.printed_text.startswith("Dosing summary")


def test_a_summary_not_recorded_is_still_written_with_one_line_saying_so(tmp_path, monkeypatch):
    from tests.test_history import _make_unwritable, _make_writable

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("CC_DOSECALC_DATA_DIR", str(data))
    target = tmp_path / "w.pdf"
    _make_unwritable(data)
    try:
        result = run("summary", "--weight", "70", "--drug", "warfarin", "--pdf", str(target))
    finally:
        _make_writable(data)
    assert (result.returncode, result.stdout) == (0, f"{target}\n")
    assert result.stderr == (
        "cc-dosecalc: the PDF was written, but it is not in the history. The history database "
        f"{data / 'history.sqlite3'} cannot be created (Operation not permitted): summaries are not being recorded.\n"
    )
    assert "warfarin" in pdf_text(target)


def test_a_damaged_history_is_named_on_the_summary_and_a_new_one_records_it(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("CC_DOSECALC_DATA_DIR", str(data))
    target = tmp_path / "s.pdf"
    result = run("summary", "--weight", "70", "--drug", "warfarin", "--pdf", str(target))
    assert result.returncode == 0 and result.stdout == f"{target}\n"
    assert result.stderr.count("\n") == 1 and "a new, empty history was started" in result.stderr
    assert "a new, empty history was started" in " ".join(pdf_text(target).split())
    assert len(list(data.glob("history-corrupt-*.sqlite3"))) == 1
    listed = run("history")
    assert "warfarin" in listed.stdout


KILLED_MID_WRITE = r"""
import os, sys, time
from cc_dosecalc.cli import main

def stall(descriptor):  # the PDF's bytes are in the temporary file: wait here to be killed
    print("writing", flush=True)
    time.sleep(60)

os.fsync = stall
main(sys.argv[1:])
"""


def test_a_write_killed_midway_leaves_no_file_named_for_the_patient(tmp_path):
    target = tmp_path / "dosing-summary-Zoe-Smith-MRN-77.pdf"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_WRITE, "summary", "--weight", "70", "--drug", "warfarin", "--name", "Zoe Smith",
         "--patient-id", "MRN 77", "--pdf", str(target)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
    finally:
        child.kill()
        child.wait(timeout=30)
    left = os.listdir(tmp_path)
    assert not [name for name in left if "Zoe" in name or "MRN" in name], left
    [temporary] = left  # the one file SIGKILL leaves cannot be removed: it names no one, and only its owner can read it
    assert temporary.startswith(".cc-dosecalc-") and temporary.endswith(".pdf.part")
    assert stat.S_IMODE((tmp_path / temporary).stat().st_mode) == 0o600


@pytest.mark.parametrize("umask", [0o000, 0o277])
@pytest.mark.parametrize("existing_mode", [None, 0o644])
def test_the_pdf_is_owner_only_under_any_umask(tmp_path, umask, existing_mode):
    target = tmp_path / "s.pdf"
    if existing_mode is not None:
        target.write_bytes(b"%PDF-1.4 yesterday's")
        target.chmod(existing_mode)
    result = subprocess.run(
        [sys.executable, "-m", "cc_dosecalc", "summary", "--weight", "70", "--drug", "warfarin", "--pdf", str(target)],
        capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.umask(umask),
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "warfarin" in pdf_text(target)


@pytest.mark.parametrize(("name", "variables", "line", "zone"), corpus.HOSTILE_ENVIRONMENTS, ids=[case[0] for case in corpus.HOSTILE_ENVIRONMENTS])
def test_a_hostile_environment_gets_one_true_line_and_a_true_time(tmp_path, monkeypatch, name, variables, line, zone):
    monkeypatch.setenv("CC_DOSECALC_DATA_DIR", str(tmp_path / "data"))
    for key, value in variables.items():
        monkeypatch.setenv(key, value)
    target = tmp_path / "s.pdf"
    result = run("summary", "--weight", "70", "--drug", "warfarin", "--pdf", str(target))
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{target}\n", f"cc-dosecalc: {line}\n" if line else "")
    printed = re.search(r"Printed \d+ \w+ \d{4}, \d\d:\d\d (\S+) by", pdf_text(target))
    assert printed is not None and printed.group(1) == zone
    listed = json.loads(run("history", "--json").stdout)["records"]
    assert [record["created_local"].split(" ")[2] for record in listed] == [zone]
