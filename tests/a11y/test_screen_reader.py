"""What a screen reader hears from the real window: the AT-SPI tree read by the system Python's
pyatspi (tests/a11y/read_tree.py), the window running under Xvfb with a session D-Bus and the
AT-SPI bus and registry (tests/services.py), accessibility always on."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-pyatspi; the venv has no pyatspi

Node = dict[str, Any]


class Heard:
    """The nodes a screen reader can reach (showing), and the texts the window showed."""

    def __init__(self, nodes: list[Node], shown: dict[str, Any]) -> None:
        self.nodes = [node for node in nodes if "showing" in node["states"]]
        self.shown = shown

    def find(self, role: str, **wanted: str) -> list[Node]:
        return [node for node in self.nodes if node["role"] == role and all(node.get(k) == v for k, v in wanted.items())]

    def one(self, role: str, **wanted: str) -> Node:
        found = self.find(role, **wanted)
        assert len(found) == 1, f"expected one {role} with {wanted}, found {len(found)}: {[n['name'] for n in self.find(role)]}"
        return found[0]


@pytest.fixture(scope="module")
def heard(desktop: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Heard]:
    env = dict(desktop, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", CC_DOSECALC_SETTINGS_DIR=str(tmp_path_factory.mktemp("settings")))
    window = subprocess.Popen([sys.executable, str(HERE / "window_app.py")], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert window.stdout is not None
        line = window.stdout.readline()
        assert line, f"the window did not start (exit status {window.poll()})"
        shown = json.loads(line)
        reading = subprocess.run(
            [SYSTEM_PYTHON, str(HERE / "read_tree.py"), "cc-dosecalc", "30"], env=env, capture_output=True, text=True, timeout=90
        )
        assert reading.returncode == 0, reading.stderr
        yield Heard(json.loads(reading.stdout), shown)
    finally:
        window.terminate()
        window.wait(10)


def test_the_patient_fields_are_heard_with_what_was_typed(heard: Heard) -> None:
    for name, typed in (("Weight", "154"), ("Age", "52"), ("Height", "175"), ("Creatinine clearance", "55")):
        assert heard.one("text", name=name)["text"] == typed
    for name in ("Patient name", "Patient identifier"):
        assert heard.one("text", name=name)["text"] == ""


def test_each_unit_box_is_heard_by_what_it_is_and_its_value(heard: Heard) -> None:
    for what, value in (("Weight unit", "lb"), ("Age unit", "years"), ("Height unit", "cm")):
        box = heard.one("combo box", name=value)  # AT-SPI gives a combo box its value as its name
        assert box["description"].startswith(what)


def test_the_kg_figure_is_heard_with_its_value(heard: Heard) -> None:
    assert heard.shown["kg"] == "= 69.85 kg"
    assert heard.one("label", name="Weight in kg")["description"] == heard.shown["kg"]


def test_the_dose_line_is_heard_as_shown(heard: Heard) -> None:
    dose = heard.one("label", name="Dose")
    assert "139.7 to 279.4 mg/day" in heard.shown["dose"]
    assert dose["description"] == heard.shown["dose"]


def test_the_alerts_and_their_boxes_are_heard(heard: Heard) -> None:
    assert heard.shown["alerts"], "the example plan shows an interaction warning"
    for text in heard.shown["alerts"]:
        assert heard.find("label", name=text), f"alert not heard: {text}"
        boxes = [box for box in heard.find("check box") if box["name"].endswith(text)]
        assert len(boxes) == 1 and boxes[0]["name"].startswith("Acknowledge"), f"no box heard for: {text}"


def test_the_plan_status_is_heard(heard: Heard) -> None:
    assert heard.shown["status"].startswith("Not yet checked")
    assert heard.find("label", name=heard.shown["status"])


def test_every_button_and_field_has_a_name(heard: Heard) -> None:
    heard.one("push button", name="Clear the search")
    unnamed = [node["path"] for node in heard.nodes if node["role"] in ("push button", "text", "check box", "radio button") and not node["name"]]
    assert unnamed == []


def test_the_override_reason_field_is_named(heard: Heard) -> None:
    field = heard.one("text", name="Reason for the override")
    assert "Ctrl+Enter" in field["description"]
    heard.one("push button", name="Override")
