"""Checking before ordering: each warning acknowledged, each stop overridden with a reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cc_dosecalc.override import Override
from cc_dosecalc.review import ReviewItem
from tests.gui.conftest import Nurse, answer_next_question

INTERACTION = "Diltiazem inhibits CYP3A4 and P-gp"
CONTRAINDICATIONS = "Contraindications to confirm before ordering diltiazem"


def test_interactions_appear_in_the_plan_and_go_with_a_removed_treatment(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.add("colch")
    nurse.type_into("orderedInput", "0.6 mg")  # an ordered dose: colchicine's dose limits can be checked
    nurse.choose("frequencyInput", "twice daily")
    interactions = nurse.window.plan_panel.interactions
    assert interactions.item(0).text() == (
        "WARNING: diltiazem + colchicine: Diltiazem inhibits CYP3A4 and P-gp: colchicine levels rise; the colchicine dose must be reduced."
    )
    assert nurse.status() == "Not yet checked: 2 warnings to acknowledge"  # and diltiazem's contraindications
    plan_list = nurse.window.plan_panel.list
    plan_list.setFocus()
    plan_list.setCurrentRow(1)
    answer_next_question(QMessageBox.StandardButton.Yes)
    nurse.qtbot.keyClick(plan_list, Qt.Key.Key_Delete)
    assert plan_list.count() == 1
    assert interactions.item(0).text() == "None between the treatments in the plan."
    assert nurse.status() == "Not yet checked: 1 warning to acknowledge"
    nurse.tick(CONTRAINDICATIONS)
    assert nurse.status() == "Checked: ready for ordering"


def test_each_warning_has_its_own_acknowledgement(nurse: Nurse) -> None:
    nurse.patient("154", unit="lb", age="52", height="175", sex="male", crcl="55")
    nurse.add("dilt")
    nurse.add("colch")
    nurse.type_into("orderedInput", "0.6 mg")  # an ordered dose: colchicine's dose limits can be checked
    nurse.choose("frequencyInput", "twice daily")
    nurse.add("ivig")
    assert nurse.status() == "Not yet checked: 3 warnings to acknowledge"
    assert any("Creatinine clearance below 60 mL/min" in line for line in nurse.window.plan_panel.open_items.text().splitlines())
    nurse.tick("Creatinine clearance below 60 mL/min")
    assert nurse.status() == "Not yet checked: 2 warnings to acknowledge"
    nurse.window.plan_panel.list.setCurrentRow(0)  # diltiazem: the interaction is one of its alerts
    assert any(INTERACTION in line for line in nurse.alerts())
    nurse.tick(INTERACTION)
    nurse.tick(CONTRAINDICATIONS)
    assert nurse.status() == "Checked: ready for ordering"
    plan, review = nurse.window.current_plan()
    assert plan is not None and len(review.acknowledged) == 3
    # unticking reopens it
    nurse.tick(INTERACTION)
    assert nurse.status() == "Not yet checked: 1 warning to acknowledge"


def test_a_stop_needs_an_override_with_a_name_and_a_written_reason(nurse: Nurse, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    answers = iter([Override("Dr Lee ok", "Dr A. Lee"), Override("Prescriber confirmed 600 mg/day by phone", "Dr A. Lee")])
    asked: list[ReviewItem] = []
    ticked_while_asked: list[bool] = []

    def answer(item: ReviewItem) -> Override:
        asked.append(item)
        box = nurse.window.results.alerts.box_for("Extended-release diltiazem above 480")
        ticked_while_asked.append(box is not None and box.isChecked())
        return next(answers)

    monkeypatch.setattr(nurse.window, "ask_override", answer)
    monkeypatch.setattr(nurse.window, "inform", lambda title, text: told.append(text))
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("orderedInput", "600 mg")
    nurse.choose("frequencyInput", "once daily")
    nurse.choose("formInput", "extended-release")
    assert nurse.status() == "NOT FOR ORDERING: 1 stop without an override; 3 warnings to acknowledge"
    assert nurse.alerts()[0].startswith("STOP: Extended-release diltiazem above 480 mg/day")
    nurse.tick("Extended-release diltiazem above 480 mg/day")  # a reason one character short: refused (the dialog would not offer it)
    assert asked[0].message.startswith("Extended-release diltiazem above 480 mg/day")
    assert told == [
        "Override reason: write at least 10 characters with at least 2 different words (a word: 2 or more letters, not one letter repeated)"
    ]
    assert nurse.status().startswith("NOT FOR ORDERING")
    assert not nurse.window.results.alerts.box_for("Extended-release diltiazem above 480").isChecked()  # type: ignore[union-attr]
    nurse.tick("Extended-release diltiazem above 480 mg/day")
    assert ticked_while_asked == [False, False]  # the box is ticked only once the override is accepted
    assert nurse.status() == "Not yet checked: 3 warnings to acknowledge"
    box = nurse.window.results.alerts.box_for("Extended-release diltiazem above 480")
    assert box is not None and box.isChecked() and box.text() == "Overridden by Dr A. Lee: Prescriber confirmed 600 mg/day by phone"
    nurse.tick("above the calculated range")
    nurse.tick("Extended-release diltiazem above 360 mg/day")
    nurse.tick(CONTRAINDICATIONS)
    assert nurse.status() == "Checked: ready for ordering"
    _plan, review = nurse.window.current_plan()
    assert [given for _key, given in review.overrides] == [Override("Prescriber confirmed 600 mg/day by phone", "Dr A. Lee")]


def test_a_cancelled_override_leaves_the_stop_open(nurse: Nurse, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nurse.window, "ask_override", lambda item: None)
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("orderedInput", "600 mg")
    nurse.choose("frequencyInput", "once daily")
    nurse.choose("formInput", "extended-release")
    nurse.tick("Extended-release diltiazem above 480 mg/day")
    assert nurse.status().startswith("NOT FOR ORDERING: 1 stop")
    assert not nurse.window.results.alerts.box_for("Extended-release diltiazem above 480").isChecked()  # type: ignore[union-attr]


def test_warnings_are_ticked_with_the_keyboard(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.add("colch")
    nurse.type_into("orderedInput", "0.6 mg")  # an ordered dose: colchicine's dose limits can be checked
    nurse.choose("frequencyInput", "twice daily")
    box = nurse.window.results.alerts.box_for(INTERACTION)
    assert box is not None
    box.setFocus()
    assert nurse.status() == "Not yet checked: 2 warnings to acknowledge"
    nurse.qtbot.keyClick(box, Qt.Key.Key_Space)
    assert nurse.status() == "Not yet checked: 1 warning to acknowledge"  # diltiazem's contraindications remain


def test_a_preview_cannot_be_acknowledged(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.pick("colch")
    assert any(INTERACTION in line for line in nurse.alerts())  # the preview shows what adding it would bring
    assert nurse.window.results.alerts.boxes() == []


def test_a_tick_acknowledges_the_warning_on_screen_when_another_order_had_the_same_layout(nurse: Nurse) -> None:
    # diltiazem (100 kg: above 360 mg/day) and alendronate (CrCl 20: not recommended) each show one warning
    nurse.patient("100", age="40", crcl="20")
    nurse.add("dilt")
    nurse.add("alendr")  # its alert row is built for alendronate's warning...
    nurse.window.plan_panel.list.setCurrentRow(0)  # ...and reused for diltiazem's
    nurse.tick("Daily dose above 360 mg/day")
    plan, review = nurse.window.current_plan()
    assert plan is not None
    (acknowledged,) = review.acknowledged
    assert acknowledged.startswith("order0:diltiazem|diltiazem-above-usual-max|")
    assert "Daily dose above 360 mg/day" not in nurse.window.plan_panel.open_items.text()
    assert "alendronate is not recommended" in nurse.window.plan_panel.open_items.text()


def test_a_tick_after_the_alert_was_reworded_acknowledges_the_new_wording(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("orderedInput", "300 mg")
    nurse.choose("frequencyInput", "once daily")
    nurse.choose("formInput", "extended-release")
    ordered = nurse.line("orderedInput")
    ordered.setSelection(1, 1)
    nurse.qtbot.keyClicks(ordered, "1")  # one keystroke: 300 -> 310 mg, the same warning reworded in its reused row
    nurse.tick("Ordered dose 310 mg once daily (310 mg/day) is above")
    nurse.tick(CONTRAINDICATIONS)
    assert nurse.status() == "Checked: ready for ordering"


@pytest.mark.parametrize(("first", "second", "shown"), [("warf", "ceftr", "cefTRIAXone"), ("minoc", "alumin", "aluminum hydroxide")])
def test_interactions_show_under_tall_man_and_two_word_names(nurse: Nurse, first: str, second: str, shown: str) -> None:
    nurse.patient("70", age="40")
    nurse.add(first)
    nurse.add(second)
    nurse.window.plan_panel.list.setCurrentRow(1)
    assert nurse.window.results.dose.text().startswith(shown)
    assert any(line.startswith("WARNING") and "Interaction" in line for line in nurse.alerts()), nurse.alerts()


def test_a_refused_entry_on_the_treatment_being_chosen_leaves_the_plan_standing(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.pick("colch")  # chosen, not yet added
    nurse.type_into("orderedInput", "300")  # no unit: refused
    assert nurse.window.order_editor.ordered_error.text() == "Not accepted: give a unit: mg, g, mcg"
    assert nurse.status() == "Not yet checked: 1 warning to acknowledge"  # diltiazem's contraindications
    assert nurse.window.current_plan()[0] is not None
    assert nurse.window.print_action.isEnabled()


def test_a_stop_box_stays_unticked_while_its_reason_is_asked(nurse: Nurse, monkeypatch: pytest.MonkeyPatch) -> None:
    ticked_while_asked: list[bool] = []

    def answer(item: ReviewItem) -> Override:
        box = nurse.window.results.alerts.box_for("Extended-release diltiazem above 480")
        assert box is not None
        ticked_while_asked.append(box.isChecked())
        return Override("Prescriber confirmed 600 mg/day by phone", "Dr A. Lee")

    monkeypatch.setattr(nurse.window, "ask_override", answer)
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("orderedInput", "600 mg")
    nurse.choose("frequencyInput", "once daily")
    nurse.choose("formInput", "extended-release")
    nurse.tick("Extended-release diltiazem above 480 mg/day")
    assert ticked_while_asked == [False]
    box = nurse.window.results.alerts.box_for("Extended-release diltiazem above 480")
    assert box is not None and box.isChecked()  # ticked once the override is recorded


def test_an_acknowledged_interaction_says_so_and_loses_its_warning_icon(nurse: Nurse) -> None:
    from cc_dosecalc.gui.common import level_icon

    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.add("colch")
    nurse.type_into("orderedInput", "0.6 mg")
    nurse.choose("frequencyInput", "twice daily")
    item = nurse.window.plan_panel.interactions.item(0)
    assert item.text().startswith("WARNING: diltiazem + colchicine: ")
    assert item.icon().pixmap(16).toImage() == level_icon("warning").pixmap(16).toImage()
    nurse.tick("Diltiazem inhibits CYP3A4")
    item = nurse.window.plan_panel.interactions.item(0)
    assert item.text().startswith("WARNING (acknowledged): diltiazem + colchicine: ")
    assert item.icon().pixmap(16).toImage() == level_icon("ok").pixmap(16).toImage()
