"""The weight in the window, driven as nurses on a shared workstation would: a window started
after another chose lb is in kg; New patient is in kg; a site's default unit (the settings IT
deploys) is where every start begins; a weight in lb shows its kg figure large beside it; the
weight source starts "not stated" and keeps the plan unchecked; the figures for age are shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cc_dosecalc.gui import MainWindow
from cc_dosecalc.gui.settings import SITE_SETTINGS_FILE
from tests.gui.conftest import Nurse


def unit_of(window: MainWindow) -> str:
    combo = window.findChild(QComboBox, "weightUnit")
    assert combo is not None
    return combo.currentText()


def test_a_window_started_after_another_chose_lb_is_in_kg(make_window: Callable[[], MainWindow], qtbot: QtBot) -> None:
    first = make_window()
    nurse = Nurse(first, qtbot)
    nurse.patient("154", "lb", age="52")
    assert unit_of(first) == "lb"
    first.close()
    second = make_window()
    assert unit_of(second) == "kg"
    # the next nurse types 70 meaning kg: it is read as 70 kg, not 31.75
    next_nurse = Nurse(second, qtbot)
    next_nurse.type_into("weightInput", "70")
    kg = second.findChild(QLabel, "weightInKg")
    assert kg is not None and kg.text() == ""


def test_new_patient_starts_in_kg_and_with_no_weight_source(window: MainWindow, nurse: Nurse, qtbot: QtBot) -> None:
    nurse.patient("154", "lb", age="52", source="stated")
    window.new_patient()
    assert unit_of(window) == "kg"
    source = window.findChild(QComboBox, "weightSourceInput")
    assert source is not None and source.currentText() == "not stated"
    assert window.patient_form.typed().weight.unit == "kg"


def test_a_site_default_unit_is_where_every_start_and_new_patient_begin(
    make_window: Callable[[], MainWindow], settings_dir: Path, qtbot: QtBot
) -> None:
    settings_dir.mkdir(parents=True, exist_ok=True)
    (settings_dir / SITE_SETTINGS_FILE).write_text("[patient]\nweight_unit=lb\n", encoding="utf-8")
    window = make_window()
    assert unit_of(window) == "lb"
    nurse = Nurse(window, qtbot)
    nurse.patient("70", "kg", age="40")
    window.new_patient()
    assert unit_of(window) == "lb"


def test_a_weight_in_lb_shows_its_kg_figure_large_under_the_field(window: MainWindow, nurse: Nurse) -> None:
    nurse.patient("154", "lb", age="52")
    kg = window.findChild(QLabel, "weightInKg")
    field = window.findChild(QLineEdit, "weightInput")
    assert kg is not None and field is not None
    assert kg.text() == "= 69.85 kg" and kg.isVisible()
    assert kg.font().bold() and kg.font().pointSizeF() >= 1.5 * field.font().pointSizeF()
    # right under the field, where the eye is, and the field as wide as the others
    assert abs(kg.mapTo(window, kg.rect().topLeft()).x() - field.mapTo(window, field.rect().topLeft()).x()) <= 8
    assert kg.mapTo(window, kg.rect().topLeft()).y() > field.mapTo(window, field.rect().bottomLeft()).y()


def test_until_the_weight_source_is_chosen_the_plan_is_not_checked(window: MainWindow, nurse: Nurse) -> None:
    nurse.patient("70", age="40", source="")
    nurse.add("warfarin")
    assert nurse.status().startswith("Not yet checked: weight source not stated")
    assert "Weight source not stated" in window.plan_panel.open_items.text()
    nurse.choose("weightSourceInput", "measured")
    assert nurse.status() == "Checked: ready for ordering"


def test_the_weight_for_age_is_shown_under_the_weight_and_a_154_kg_six_year_old_is_stopped(window: MainWindow, nurse: Nurse) -> None:
    nurse.patient("154", age="6")
    figures = window.findChild(QLabel, "weightForAge")
    assert figures is not None and figures.isVisible()
    assert figures.text().startswith("Weight for age: z-score +4.51") and "CDC 2000 growth charts (weight-for-age)" in figures.text()
    nurse.add("diltiazem")
    assert nurse.status().startswith("NOT FOR ORDERING")
    assert any("implausible for age" in line for line in nurse.alerts())
