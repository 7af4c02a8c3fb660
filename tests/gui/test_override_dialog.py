"""The override dialog, driven from the keyboard: the clinician's name and the reason in one dialog,
Override disabled with the rule shown until both meet it, Tab between the fields, Ctrl+Enter
accepts, Escape cancels, and the box behind is ticked only once the override is accepted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from cc_dosecalc.gui.override_dialog import OverrideDialog
from cc_dosecalc.override import Override
from tests.gui.conftest import Nurse

RULE = "write at least 10 characters with at least 2 different words (a word: 2 or more letters, not one letter repeated)"


@pytest.fixture
def dialog(qtbot: QtBot) -> OverrideDialog:
    shown = OverrideDialog(None, "Daily dose above 480 mg/day.")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_override_stays_disabled_with_the_rule_shown_until_both_meet_it(dialog: OverrideDialog, qtbot: QtBot) -> None:
    assert not dialog.ok_button.isEnabled()
    assert dialog.rule.text() == f"Overridden by: write the name of the clinician who overrides the stop. Override reason: {RULE}."
    assert dialog.clinician.hasFocus()
    qtbot.keyClicks(dialog.clinician, "Dr A. Lee")
    assert dialog.rule.text() == f"Override reason: {RULE}."
    qtbot.keyClick(dialog.clinician, Qt.Key.Key_Tab)  # Tab moves to the reason
    assert dialog.reason.hasFocus()
    qtbot.keyClicks(dialog.reason, "Dr Lee ok")  # 9 characters
    assert not dialog.ok_button.isEnabled() and dialog.rule.text() == f"Override reason: {RULE}."
    qtbot.keyClicks(dialog.reason, ".")  # 10
    assert dialog.ok_button.isEnabled()
    assert dialog.problem() is None
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)  # Tab moves on: no tab typed into the reason
    assert dialog.reason.text() == "Dr Lee ok." and not dialog.reason.hasFocus()


def test_ctrl_enter_accepts_only_a_reason_that_meets_the_rule(dialog: OverrideDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.clinician, "Dr A. Lee")
    qtbot.keyClick(dialog.clinician, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.reason, "xxxxx xxxxx")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.result() == 0
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, "Confirmed with the prescriber")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible() and dialog.result() == OverrideDialog.DialogCode.Accepted
    assert dialog.override() == Override("Confirmed with the prescriber", "Dr A. Lee")


def test_escape_cancels(dialog: OverrideDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.clinician, "Dr A. Lee")
    qtbot.keyClick(dialog.clinician, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == OverrideDialog.DialogCode.Rejected


def _answer_the_dialog(qtbot: QtBot, keys: list[tuple[str, str]], seen: list[bool], box: QCheckBox) -> None:
    """Once the dialog is open: note whether the box behind is ticked, then type into it."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OverrideDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.isChecked())
        for field, text in keys:
            widget = dialog.clinician if field == "by" else dialog.reason
            widget.setFocus()
            qtbot.keyClicks(widget, text)
        if keys:
            qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        else:
            qtbot.keyClick(dialog.clinician, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)


def test_the_window_asks_in_the_dialog_and_ticks_the_box_once_accepted(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("orderedInput", "600 mg")
    nurse.choose("frequencyInput", "once daily")
    nurse.choose("formInput", "extended-release")
    box = nurse.window.results.alerts.box_for("Extended-release diltiazem above 480")
    assert isinstance(box, QCheckBox)
    seen: list[bool] = []
    _answer_the_dialog(nurse.qtbot, [], seen, box)  # Escape
    nurse.tick("Extended-release diltiazem above 480")
    assert seen == [False] and not box.isChecked() and nurse.status().startswith("NOT FOR ORDERING")
    _answer_the_dialog(nurse.qtbot, [("by", "Dr A. Lee"), ("reason", "Prescriber confirmed 600 mg/day")], seen, box)
    nurse.tick("Extended-release diltiazem above 480")
    assert seen == [False, False]
    box = nurse.window.results.alerts.box_for("Extended-release diltiazem above 480")
    assert box is not None and box.isChecked() and box.text() == "Overridden by Dr A. Lee: Prescriber confirmed 600 mg/day"
    assert nurse.status() == "Not yet checked: 3 warnings to acknowledge"  # with its contraindications


def test_both_fields_are_named_for_a_screen_reader(dialog: OverrideDialog) -> None:
    assert dialog.clinician.accessibleName() == "Clinician who overrides"
    assert dialog.reason.accessibleName() == "Reason for the override"
