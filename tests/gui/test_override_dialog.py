"""The dialog asking for a stop's override reason works from the keyboard and is named."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cc_dosecalc.gui.override_dialog import OverrideDialog


def _dialog(qtbot: QtBot) -> OverrideDialog:
    dialog = OverrideDialog(None, "Minocycline: not under 8 years")
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    dialog.reason.setFocus()
    return dialog


def test_tab_moves_on_and_types_no_tab(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.reason, "Dermatology consultant agreed")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert dialog.reason.toPlainText() == "Dermatology consultant agreed"
    assert not dialog.reason.hasFocus()


def test_ctrl_enter_accepts_a_written_reason(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()  # nothing written yet
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "  Consultant agreed ")
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.text() == "Consultant agreed"


def test_the_reason_field_is_named(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.reason.accessibleName() == "Reason for the override"
