"""Overrides on the command line (--override CODE=REASON with --overridden-by NAME) and the JSON
status in each state: checked only when nothing is open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cc_dosecalc.history import HistoryStore

RULE = "write at least 10 characters with at least 2 different words (a word: 2 or more letters, not one letter repeated)"
CHILD = ("--weight", "30", "--age", "6", "--drug", "minocycline")  # one stop: minocycline-under-8
STOP = "minocycline-under-8"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command, with the weight stated as measured and no known allergies (either unrecorded
    is itself an open item)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [sys.executable, "-m", "cc_dosecalc", *args, "--weight-source", "measured", "--no-known-allergies"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def refused(*args: str) -> str:
    done = run(*args)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    (line,) = done.stderr.splitlines()
    return line


def status(*args: str) -> dict[str, Any]:
    done = run("calc", *args, "--json")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)["status"]
    return result


@pytest.mark.parametrize("command", ["calc", "summary"])
def test_an_override_needs_the_clinician(command: str, tmp_path: Path) -> None:
    pdf = ("--pdf", str(tmp_path / "x.pdf")) if command == "summary" else ()
    assert refused(command, *CHILD, *pdf, "--override", f"{STOP}=Confirmed with Dr Smith") == (
        "cc-dosecalc: Overridden by: --override needs --overridden-by NAME, the clinician who overrides the stop"
    )
    assert refused(command, *CHILD, *pdf, "--overridden-by", "Dr Smith") == (
        "cc-dosecalc: Overridden by: --overridden-by is given without an --override"
    )
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "write the name of the clinician who overrides the stop"),
        ("  ", "write the name of the clinician who overrides the stop"),
        ("007", "write the name of the clinician who overrides the stop"),
        ("Dr\x07Smith", "must not hold control characters or line breaks"),
        ("S" * 81, "too long (at most 80 characters)"),
    ],
)
def test_the_clinicians_name_is_held_to_the_name_fields_rules(name: str, why: str) -> None:
    assert refused("calc", *CHILD, "--override", f"{STOP}=Confirmed with Dr Smith", "--overridden-by", name) == (
        f"cc-dosecalc: Overridden by: {why}"
    )


@pytest.mark.parametrize("reason", ["Dr Lee ok", "xxxxx", "Confirmed.", "aaaaaaaaaa bbb", "dose dose dose"])
def test_a_reason_that_fails_the_rule_is_refused_naming_it(reason: str, tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    line = refused("summary", *CHILD, "--pdf", str(target), "--override", f"{STOP}={reason}", "--overridden-by", "Dr Smith")
    assert line == f"cc-dosecalc: Override reason for {STOP}: {RULE}"
    assert not target.exists()


def test_a_reason_of_ten_characters_with_two_words_overrides() -> None:
    assert status(*CHILD, "--override", f"{STOP}=Dr Lee ok.", "--overridden-by", "Dr Lee")["for_ordering"] is True


def test_the_summary_records_and_prints_who_overrode_and_why(tmp_path: Path) -> None:
    target = tmp_path / "over.pdf"
    done = run(
        "summary", *CHILD, "--pdf", str(target), "--override", f"{STOP}=Confirmed with Dr Smith by phone", "--overridden-by", " Dr J. Smith ",
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{target}\n", "")
    store, _notices = HistoryStore.open(os.environ["CC_DOSECALC_DATA_DIR"])
    with store:
        (summary,) = store.list()
        record = store.get(summary.id)
    assert summary.status == "Not yet checked: 1 warning to acknowledge"  # the command line acknowledges no warning
    (entry,) = [entry for entry in record.review_entries if entry.level == "stop"]
    assert (entry.state, entry.reason, entry.overridden_by) == ("overridden", "Confirmed with Dr Smith by phone", "Dr J. Smith")
    assert "(overridden by Dr J. Smith, reason: Confirmed with Dr Smith by phone)" in record.printed_text


def test_the_readable_output_shows_the_override_and_what_is_open() -> None:
    done = run("calc", *CHILD, "--override", f"{STOP}=Confirmed with Dr Smith by phone", "--overridden-by", "Dr J. Smith")
    assert done.returncode == 0, done.stderr
    assert "(overridden, reason: Confirmed with Dr Smith by phone; by: Dr J. Smith)" in done.stdout
    lines = done.stdout.rstrip().splitlines()
    assert lines[-1] == "Status: Not yet checked: 1 warning to acknowledge"
    assert lines[-4] == "Still open:"
    assert lines[-3].startswith("  WARNING (not acknowledged): minocycline: Fixed adult dose for a patient under 18 years and under 40 kg")


# --- the JSON status, in each state ---------------------------------------------------------------


def test_json_status_nothing_open() -> None:
    assert status("--weight", "70", "--age", "40", "--drug", "warfarin") == {
        "for_ordering": True,
        "checked": True,
        "text": "Checked: ready for ordering",
        "open": [],
        "open_items": [],
    }


def test_json_status_an_input_still_to_enter() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cc_dosecalc", "calc", "--weight", "70", "--age", "40", "--no-known-allergies", "--drug", "warfarin", "--json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    found = json.loads(done.stdout)["status"]
    assert (found["for_ordering"], found["checked"]) == (True, False)
    assert found["open"] == ["TO ENTER: patient: weight source not stated (choose measured, stated, estimated)"]


def test_json_status_a_warning_to_acknowledge() -> None:
    found = status("--weight", "70", "--age", "40", "--drug", "diltiazem", "--ordered", "400 mg", "--frequency", "once daily", "--form", "extended-release")
    # above the range, above the extended-release form's usual 360 mg/day, the contraindications
    assert (found["for_ordering"], found["checked"], found["text"]) == (True, False, "Not yet checked: 3 warnings to acknowledge")
    assert [line.split(":")[0:2] for line in found["open"]] == [["WARNING (not acknowledged)", " diltiazem"]] * 3


def test_json_status_a_stop_without_and_with_an_override() -> None:
    found = status(*CHILD)
    assert (found["for_ordering"], found["checked"]) == (False, False)
    assert found["text"] == "NOT FOR ORDERING: 1 stop without an override; 1 warning to acknowledge"
    assert found["open"][0].startswith("STOP (no override): minocycline: Patient under 8 years")
    found = status(*CHILD, "--override", f"{STOP}=Confirmed with Dr Smith by phone", "--overridden-by", "Dr J. Smith")
    assert (found["for_ordering"], found["checked"], found["text"]) == (True, False, "Not yet checked: 1 warning to acknowledge")
    assert len(found["open"]) == 1 and found["open"][0].startswith("WARNING (not acknowledged): minocycline: Fixed adult dose")
    # two stops and nothing else: checked once both are overridden, not before
    plan = ("--weight", "70", "--age", "40", "--drug", "ceftriaxone", "--ordered", "20 g", "--frequency", "once daily", "--overridden-by", "Dr J. Smith")
    one = ("--override", "ordered-decimal-error=Confirmed 20 g with Dr Smith")
    found = status(*plan, *one)
    assert (found["for_ordering"], found["checked"], found["text"]) == (False, False, "NOT FOR ORDERING: 1 stop without an override")
    assert [line.split(":")[0] for line in found["open"]] == ["STOP (no override)"]
    found = status(*plan, *one, "--override", "ceftriaxone-above-adult-max=Confirmed 20 g with Dr Smith")
    assert found == {"for_ordering": True, "checked": True, "text": "Checked: ready for ordering", "open": [], "open_items": []}


def test_json_status_a_stop_check_that_could_not_run() -> None:
    found = status("--weight", "45", "--drug", "minocycline")
    assert (found["for_ordering"], found["checked"], found["text"]) == (True, False, "Not yet checked: 1 warning to acknowledge")
    (line,) = found["open"]
    assert line.startswith("WARNING (not acknowledged): minocycline: Not checked (age not given): Patient under 8 years")


def test_summary_json_gives_the_status_as_overridden_and_the_pdf(tmp_path: Path) -> None:
    target = tmp_path / "over.pdf"
    overriding = ("--override", "ordered-decimal-error=Confirmed 20 g with Dr Smith", "--override",
                  "ceftriaxone-above-adult-max=Confirmed 20 g with Dr Smith", "--overridden-by", "Dr J. Smith")  # fmt: skip
    done = run("summary", "--weight", "70", "--age", "40", "--drug", "ceftriaxone", "--ordered", "20 g", "--frequency", "once daily", *overriding,
               "--pdf", str(target), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["pdf"] == str(target) and target.exists()
    assert data["status"] == {"for_ordering": True, "checked": True, "text": "Checked: ready for ordering", "open": [], "open_items": []}
    done = run("summary", "--weight", "70", "--age", "40", "--drug", "ceftriaxone", "--ordered", "20 g", "--frequency", "once daily", "--pdf", str(target), "--json")
    found = json.loads(done.stdout)["status"]
    assert (found["for_ordering"], found["checked"], found["text"]) == (False, False, "NOT FOR ORDERING: 2 stops without an override")
    assert len(found["open"]) == 2
