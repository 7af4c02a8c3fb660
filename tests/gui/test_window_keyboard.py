"""The keyboard at a busy workstation: one Alt letter for one thing, safe answers by default,
the History window closed with Escape or Ctrl+W, and Enter in the order's fields."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QMessageBox, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from cc_dosecalc.gui import MainWindow
from tests.gui.conftest import Nurse, answer_next_question

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonics(window: MainWindow) -> dict[str, list[str]]:
    """Each Alt letter the window answers to now, with what it goes to: the menu bar's menus, and
    every visible label with a buddy, button and group box title."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        match = MNEMONIC.search(text.replace("&&", ""))
        if match:
            found[match.group(1).lower()].append(text)

    for action in window.menuBar().actions():
        if action.isVisible():
            add(action.text())
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton):
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
    return found


def assert_unique(window: MainWindow) -> None:
    collisions = {letter: texts for letter, texts in mnemonics(window).items() if len(texts) > 1}
    assert collisions == {}


def test_no_two_visible_mnemonics_collide(nurse: Nurse) -> None:
    assert_unique(nurse.window)  # the empty window
    nurse.patient("70", age="52", height="175", sex="male")
    nurse.add("diltiazem")
    nurse.add("IVIG")  # its order shows "Course over" and the product, its result the risk factor checklist
    assert_unique(nurse.window)
    letters = mnemonics(nurse.window)
    shown = (("a", "&Age:"), ("f", "&File"), ("h", "&Help"), ("u", "Co&urse over:"), ("b", "Product / &brand:"), ("y", "None of these appl&y"))
    for letter, text in shown:
        assert letters[letter] == [text]


def _answer_with_enter(qtbot: QtBot, seen: list[str]) -> None:
    """Press Enter in the question that is open, as a reflex would, noting its default button."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        seen.append(box.standardButton(default).name if default is not None else "none")
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press)


@pytest.mark.parametrize(
    "ask",
    [
        lambda window: window.summary_actions.confirm("Not for ordering", "It will print NOT FOR ORDERING. Print anyway?"),
        lambda window: window.confirm("New patient", "Clear the patient and the plan?"),
    ],
    ids=["print anyway", "lose work"],
)
def test_a_reflex_enter_answers_no(window: MainWindow, qtbot: QtBot, ask: Callable[[MainWindow], bool]) -> None:
    seen: list[str] = []
    _answer_with_enter(qtbot, seen)
    assert ask(window) is False
    assert seen and seen[0] in ("Cancel", "No")


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)],
    ids=["Escape", "Ctrl+W"],
)
def test_the_history_window_closes_from_the_keyboard(
    window: MainWindow, qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    history = window.show_history()
    history.windowHandle().requestActivate()  # a second top-level window, offscreen
    qtbot.waitUntil(history.isActiveWindow)
    history.search.setFocus()
    qtbot.keyClick(history.search, key, modifier)
    qtbot.waitUntil(lambda: not history.isVisible())



def test_remove_asks_first_and_a_reflex_enter_keeps_the_treatment(nurse: Nurse) -> None:
    """Alt+R or Delete pressed by mistake removes nothing: the question's default is No."""
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.add("warfarin")
    plan_list = nurse.window.plan_panel.list
    plan_list.setFocus()
    plan_list.setCurrentRow(1)
    seen: list[str] = []
    _answer_with_enter(nurse.qtbot, seen)
    nurse.qtbot.keyClick(plan_list, Qt.Key.Key_Delete)
    assert seen == ["No"] and plan_list.count() == 2
    asked: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Yes, asked)
    nurse.qtbot.keyClick(plan_list, Qt.Key.Key_Delete)
    assert plan_list.count() == 1 and "warfarin" not in plan_list.item(0).text()
    assert asked[0].startswith("Remove warfarin") and asked[0].endswith("acknowledgements and overrides are removed with it.")


def test_enter_in_the_orders_fields_adds_a_treatment_being_chosen_then_moves_on(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.pick("ivig")
    assert nurse.window.plan_panel.list.count() == 0
    days = nurse.find(QSpinBox, "daysInput")
    assert isinstance(days, QSpinBox)
    days.setFocus()
    nurse.qtbot.keyClick(days, Qt.Key.Key_Return)
    assert nurse.window.plan_panel.list.count() == 1
    assert nurse.window.plan_panel.list.item(0).text().startswith("immune globulin (IVIG) IV 140 g per course (2 g/kg)")
    assert nurse.window.statusBar().currentMessage() == "Added to the plan."
    # once planned, Enter in a field of the order goes on to the next one
    nurse.type_into("orderedInput", "46 g")
    nurse.qtbot.keyClick(nurse.line("orderedInput"), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is nurse.find(QComboBox, "frequencyInput")
    assert nurse.window.plan_panel.list.count() == 1
