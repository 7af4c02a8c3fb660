"""What desktop users expect: keyboard order, accessible names, shortcuts, settings, About."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from cc_dosecalc import __version__
from cc_dosecalc.active_formulary import ActiveFormulary
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.gui import MainWindow
from tests.gui.conftest import Nurse, answer_next_question

CONTRACT = [
    "weightInput", "weightUnit", "ageInput", "heightInput", "sexInput", "crclInput", "drugSearch", "drugList", "addToPlan", "planList",
]  # fmt: skip


def test_the_automation_contract(window: MainWindow) -> None:
    for name in [*CONTRACT, "doseResult", "alertsView"]:
        assert window.findChild(QWidget, name) is not None, name
    assert window.current_plan()[0] is None


def test_tab_goes_through_the_inputs_in_reading_order(nurse: Nurse) -> None:
    """From the plan list Tab goes to the selected order's fields, then Remove (issue 13)."""
    nurse.patient("70", age="40")
    nurse.add("dilt")
    seen = nurse.tab_through(nurse.line("weightInput"), 24)
    assert seen == [
        "weightInput", "weightUnit", "weightSourceInput", "ageInput", "ageUnit", "heightInput", "heightUnit", "sexInput",
        "crclInput", "scrInput", "scrUnit", "allergiesInput", "noKnownAllergies", "patientNameInput", "patientIdInput",
        "drugSearch", "drugList", "addToPlan", "planList", "orderedInput", "frequencyInput", "formInput", "removeFromPlan",
        "interactionsView",
    ]  # fmt: skip


def test_every_input_has_an_accessible_name(nurse: Nurse) -> None:
    nurse.patient("100", age="40", height="175", sex="male")
    nurse.add("ivig")
    nurse.add("dilt")
    focusable = [
        widget
        for widget in nurse.window.findChildren(QWidget)
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.objectName().startswith("qt_")
    ]
    assert len(focusable) > 15
    unnamed = []
    for widget in focusable:
        interface = QAccessible.queryAccessibleInterface(widget)
        if not interface or not interface.text(QAccessible.Text.Name).strip():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert unnamed == []


def test_tooltips_on_the_inputs(window: MainWindow) -> None:
    for name in CONTRACT:
        assert window.findChild(QWidget, name).toolTip(), name  # type: ignore[union-attr]


def test_find_shortcut_and_enter_add_a_treatment_from_the_keyboard(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.qtbot.keyClick(nurse.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is nurse.line("drugSearch")
    nurse.qtbot.keyClicks(nurse.line("drugSearch"), "pami")
    assert nurse.window.picker.visible_drug_ids() == ["pamidronate"]
    nurse.qtbot.keyClick(nurse.line("drugSearch"), Qt.Key.Key_Down)
    nurse.qtbot.keyClick(nurse.window.picker.tree, Qt.Key.Key_Return)
    assert nurse.window.plan_panel.list.count() == 1
    assert nurse.dose() == "pamidronate IV 90 mg once weekly"


def test_search_with_no_match_says_so(nurse: Nurse) -> None:
    nurse.type_into("drugSearch", "xyz")
    assert nurse.window.picker.visible_drug_ids() == []
    assert nurse.find(QLabel, "noMatch").text() == "No treatment matches “xyz”."


def test_new_patient_clears_everything(nurse: Nurse) -> None:
    nurse.patient("70", age="40", crcl="20")
    nurse.add("dilt")
    nurse.add("colch")
    nurse.tick("Diltiazem inhibits")
    asked: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Yes, asked)  # the plan was not printed: it asks first
    nurse.qtbot.keyClick(nurse.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    for name in ("weightInput", "ageInput", "crclInput", "drugSearch"):
        assert nurse.line(name).text() == "", name
    assert nurse.window.plan_panel.list.count() == 0
    assert nurse.dose() == ""
    assert nurse.window.current_plan() == (None, nurse.window.current_plan()[1])
    assert nurse.window.current_plan()[1].acknowledged == frozenset()
    assert nurse.window.focusWidget() is nurse.line("weightInput")  # the window's focus once the question has closed


def test_print_actions_exist_disabled_with_their_shortcuts(window: MainWindow) -> None:
    expected = {"printAction": "Ctrl+P", "printPreviewAction": "", "savePdfAction": "Ctrl+Shift+S"}
    for name, shortcut in expected.items():
        action = window.findChild(QAction, name)
        assert action is not None and not action.isEnabled()
        assert action.shortcut().toString(QKeySequence.SequenceFormat.PortableText) == shortcut


def test_about_names_the_app_and_formulary_versions_and_hash(window: MainWindow, formulary: Formulary) -> None:
    text = window.about_text()
    assert f"cc-dosecalc {__version__}" in text
    assert f"version {formulary.version}" in text
    assert formulary.sha256 in text


def test_formulary_notices_are_shown(qtbot: QtBot, settings_dir: object, formulary: Formulary) -> None:
    window = MainWindow(ActiveFormulary(formulary, ("Local formulary refused: using the built-in one.",)))
    qtbot.addWidget(window)
    window.show()
    notice = window.findChild(QLabel, "formularyNotices")
    assert notice is not None and notice.isVisible() and notice.text() == "Local formulary refused: using the built-in one."
    assert "Local formulary refused" in window.about_text()


def test_geometry_is_restored_on_the_next_start_but_the_weight_unit_starts_in_kg(make_window: Callable[[], MainWindow], qtbot: QtBot) -> None:
    first = make_window()
    nurse = Nurse(first, qtbot)
    nurse.choose("weightUnit", "lb")
    first.resize(777, 740)
    first.close()
    second = make_window()
    unit = second.findChild(QComboBox, "weightUnit")
    # the next nurse types kg: a unit left in lb by the last one is never carried over
    assert unit is not None and unit.currentText() == "kg"
    assert (second.width(), second.height()) == (777, 740)


def test_first_start_uses_kg(window: MainWindow) -> None:
    unit = window.findChild(QComboBox, "weightUnit")
    assert unit is not None and unit.currentText() == "kg"
