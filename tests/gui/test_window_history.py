"""The History window (list, search, details, reopen, reprint, open in the calculator) and the
site formulary chosen in the window's settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTreeWidget
from pytestqt.qtbot import QtBot

from cc_dosecalc.gui import MainWindow
from cc_dosecalc.gui.history_window import HistoryWindow
from cc_dosecalc.gui.settings_dialog import SettingsDialog
from cc_dosecalc.history import HistoryStore
from tests.gui.conftest import Nurse
from tests.gui.test_window_printing import DILTIAZEM, Dialogs, planned
from tests.summary_plans import pdf_text

SITE = """
[formulary]
name = "Test site"
version = "site-3"

[sources]
site-ptc = "Test pharmacy and therapeutics committee"

[[drug]]
id = "diltiazem"

[[drug.regimen]]
id = "diltiazem-oral"
label = "oral, 1 to 3 mg/kg/day (site)"
route = "oral"
basis = "per_kg"
dose_low = 1
dose_high = 3
dose_unit = "mg/kg"
period = "day"
source = "site-ptc"

[[drug.regimen.form]]
id = "extended-release"
name = "extended-release"
frequencies = ["once daily"]
source = "site-ptc"

[[drug.regimen.form.check]]
code = "diltiazem-er-above-usual-max"
level = "warning"
message = "Extended-release diltiazem above 360 mg/day, the usual adult maximum."
when = [{ kind = "daily_dose_above", value = 360, unit = "mg" }]
source = "site-ptc"
"""


def saved(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Dialogs:
    planned(nurse)
    dialogs = Dialogs(nurse.window, monkeypatch, tmp_path / "first.pdf")
    nurse.window.save_summary_pdf()
    assert (tmp_path / "first.pdf").exists()
    return dialogs


def rows(history: HistoryWindow) -> list[list[str]]:
    tree = history.findChild(QTreeWidget, "historyList")
    assert tree is not None
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())] for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


def select_first(history: HistoryWindow) -> None:
    tree = history.findChild(QTreeWidget, "historyList")
    assert tree is not None and tree.topLevelItemCount() > 0
    tree.setCurrentItem(tree.topLevelItem(0))


def button(history: HistoryWindow, name: str) -> QPushButton:
    found = history.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_history_lists_searches_and_shows_a_record(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot) -> None:
    saved(nurse, monkeypatch, tmp_path)
    history = nurse.window.show_history()
    assert history.isVisible() and not history.isModal()
    [row] = rows(history)
    assert row[1:4] == ["Ann Example", "MRN 0042", "diltiazem"]
    assert row[6] == "saved as PDF"
    assert not button(history, "reopenButton").isEnabled()
    search = history.findChild(QLineEdit, "historySearch")
    assert search is not None
    qtbot.keyClicks(search, "zzz")
    assert rows(history) == []
    search.clear()
    qtbot.keyClicks(search, "mrn 0042")
    assert len(rows(history)) == 1
    search.setText("a\nb")
    error = history.findChild(QLabel, "historySearchError")
    assert error is not None and error.isVisible() and "Search: must not hold control characters" in error.text()
    search.clear()
    select_first(history)
    details = history.findChild(QPlainTextEdit, "historyDetails")
    assert details is not None
    text = details.toPlainText()
    assert "Formulary SHA-256: " + nurse.window.active_formulary().formulary.sha256 in text
    assert "cc-dosecalc version: " in text
    assert "Acknowledgements and overrides:" in text
    assert DILTIAZEM in text  # the printed text as recorded
    assert button(history, "reopenButton").isEnabled()


def test_reopen_with_the_same_formulary_says_no_difference(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    saved(nurse, monkeypatch, tmp_path)
    history = nurse.window.show_history()
    select_first(history)
    button(history, "reopenButton").click()
    assert history.differences_shown() == "Differences from what was printed\nNo difference: today's formulary gives the same result."


def test_reopen_after_a_formulary_change_names_the_change(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    saved(nurse, monkeypatch, tmp_path)
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    nurse.window.set_site_formulary(str(site))
    assert nurse.dose() == "diltiazem oral 70 to 210 mg/day (1 to 3 mg/kg/day)"
    history = nurse.window.show_history()
    select_first(history)
    button(history, "reopenButton").click()
    shown = history.differences_shown()
    assert shown.startswith("Differences from what was printed\n")
    assert "Formulary changed: printed with the built-in formulary" in shown
    assert f'diltiazem: dose printed "{DILTIAZEM}"; today "diltiazem oral 70 to 210 mg/day (1 to 3 mg/kg/day)".' in shown


def test_a_record_that_cannot_be_recalculated_says_so(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    # a second regimen beside the built-in one: its form's check needs a code of its own
    text = SITE.replace('id = "diltiazem-oral"', 'id = "diltiazem-site"').replace('code = "diltiazem-er', 'code = "site-diltiazem-er')
    site.write_text(text, encoding="utf-8")
    nurse.window.set_site_formulary(str(site))
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.window.order_editor.regimen.setCurrentIndex(nurse.window.order_editor.regimen.findData("diltiazem-site"))
    assert nurse.dose() == "diltiazem oral 70 to 210 mg/day (1 to 3 mg/kg/day)"
    dialogs = Dialogs(nurse.window, monkeypatch, tmp_path / "site.pdf")
    nurse.window.save_summary_pdf()
    nurse.window.set_site_formulary("")
    history = nurse.window.show_history()
    select_first(history)
    button(history, "reprintPdfButton").click()
    assert history.differences_shown().startswith("This record cannot be recalculated\nCannot be recalculated with today's formulary:")
    assert dialogs.told and dialogs.told[-1][0] == "Not reprinted"


def test_reprint_records_a_reprint_of_the_record(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dialogs = saved(nurse, monkeypatch, tmp_path)
    history = nurse.window.show_history()
    select_first(history)
    dialogs.pdf_path = tmp_path / "again.pdf"
    button(history, "reprintPdfButton").click()
    assert rows(history)[0][6] == "reprint saved as PDF (of record 1)"
    dialogs.printed_to = tmp_path / "printed-again.pdf"
    tree = history.findChild(QTreeWidget, "historyList")
    assert tree is not None
    tree.setCurrentItem(tree.topLevelItem(1))  # the original record
    button(history, "reprintButton").click()
    store, _notices = HistoryStore.open()
    with store:
        listed = store.list()
    assert [(record.how, record.reprint_of) for record in listed] == [
        ("reprint", listed[2].id),
        ("reprint-pdf", listed[2].id),
        ("pdf", None),
    ]
    assert DILTIAZEM in pdf_text(tmp_path / "again.pdf") and DILTIAZEM in pdf_text(tmp_path / "printed-again.pdf")
    assert rows(history)[0][6] == f"reprinted (of record {listed[2].id})"
    again = " ".join(pdf_text(tmp_path / "again.pdf").split())
    assert f"REPRINT. Reprint of history record {listed[2].id}, first printed " in again
    assert "calculated again with the formulary in force today." in again
    assert f"Dosing summary (REPRINT of history record {listed[2].id}): printed" in again  # every page's running header
    assert "REPRINT" not in pdf_text(tmp_path / "first.pdf")  # the first printout is not marked


def test_a_reprint_carries_the_acknowledgements_but_not_to_alerts_whose_wording_changed(
    nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    nurse.patient("70", age="40")
    nurse.add("dilt")
    nurse.type_into("orderedInput", "400 mg")
    nurse.choose("frequencyInput", "once daily")
    nurse.choose("formInput", "extended-release")
    nurse.tick("Ordered dose 400 mg once daily (400 mg/day) is above the calculated range 140 to 280 mg/day")
    nurse.tick("Extended-release diltiazem above 360 mg/day")
    nurse.tick("Contraindications to confirm before ordering diltiazem")
    plan, review = nurse.window.current_plan()
    assert plan is not None and len(review.acknowledged) == 3
    dialogs = Dialogs(nurse.window, monkeypatch, tmp_path / "first.pdf")
    nurse.window.save_summary_pdf()
    assert "NOT acknowledged" not in pdf_text(tmp_path / "first.pdf")
    history = nurse.window.show_history()
    select_first(history)
    dialogs.pdf_path = tmp_path / "same.pdf"
    button(history, "reprintPdfButton").click()
    assert "NOT acknowledged" not in pdf_text(tmp_path / "same.pdf")  # the same formulary: carried over
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    nurse.window.set_site_formulary(str(site))
    history.search.setText("pdf")  # the first record is listed last
    tree = history.findChild(QTreeWidget, "historyList")
    assert tree is not None
    tree.setCurrentItem(tree.topLevelItem(tree.topLevelItemCount() - 1))
    dialogs.pdf_path = tmp_path / "changed.pdf"
    button(history, "reprintPdfButton").click()
    text = pdf_text(tmp_path / "changed.pdf")
    # the range in the warning's wording changed: not acknowledged on the reprint; the other one was
    assert text.count("NOT acknowledged") == 1
    assert "above the calculated range 70 to 210 mg/day" in text
    assert "Ordered dose 400 mg once daily (400 mg/day) is above the calculated range 70 to 210 mg/day" in history.differences_shown()


def test_open_in_calculator_loads_the_record_inputs(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    saved(nurse, monkeypatch, tmp_path)
    nurse.window.new_patient()
    assert nurse.window.current_plan()[0] is None
    history = nurse.window.show_history()
    select_first(history)
    button(history, "openInCalculatorButton").click()
    assert nurse.line("weightInput").text() == "70"
    assert nurse.line("ageInput").text() == "40"
    assert nurse.line("patientIdInput").text() == "MRN 0042"
    assert nurse.dose() == DILTIAZEM
    assert nurse.window.current_plan()[0] is not None


def test_open_in_calculator_asks_before_replacing_a_plan(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    saved(nurse, monkeypatch, tmp_path)  # diltiazem for a 70 kg patient stays on screen
    nurse.type_into("weightInput", "80")
    asked: list[str] = []
    monkeypatch.setattr(nurse.window, "confirm", lambda title, text: asked.append(text) or False)
    history = nurse.window.show_history()
    select_first(history)
    button(history, "openInCalculatorButton").click()
    assert asked == ["The patient and plan on screen will be replaced by the record's. Continue?"]
    assert nurse.line("weightInput").text() == "80"  # kept


def test_settings_choose_a_site_formulary_and_the_about_box_names_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make_window: object
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    seen: list[SettingsDialog] = []

    def settings_dialog(dialog: QDialog) -> bool:
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog)
        monkeypatch.setattr(dialog, "choose_file", lambda: str(site))
        dialog.findChild(QPushButton, "siteFormularyBrowse").click()  # type: ignore[union-attr]
        return True

    monkeypatch.setattr(window.summary_actions, "run_dialog", settings_dialog)
    window.open_settings()
    assert seen and seen[0].site_formulary() == str(site)
    assert window.settings().site_formulary == str(site)
    about = window.about_text()
    assert "Formulary in force: SITE formulary Test site site-3" in about
    assert window.active_formulary().formulary.sha256 in about
    banner = window.findChild(QLabel, "formularyNotices")
    assert banner is not None and not banner.isVisible()
    # the next start uses it too
    again = make_window()  # type: ignore[operator]
    assert again.active_formulary().formulary.kind == "site"


def test_an_invalid_site_file_shows_the_banner_and_the_clear_button_goes_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = tmp_path / "bad.toml"
    site.write_text(SITE.replace("dose_low = 1", "dose_low = -1"), encoding="utf-8")

    def type_path(dialog: QDialog) -> bool:
        assert isinstance(dialog, SettingsDialog)
        dialog.path.setText(str(site))
        return True

    monkeypatch.setattr(window.summary_actions, "run_dialog", type_path)
    window.open_settings()
    banner = window.findChild(QLabel, "formularyNotices")
    assert banner is not None and banner.isVisible()
    assert banner.text().startswith(f"Site formulary refused: {site}: drug[diltiazem].regimen[diltiazem-oral].dose_low")
    assert banner.text().endswith(f"Working on the built-in formulary {window.active_formulary().formulary.version}.")
    assert "Formulary in force: the built-in formulary" in window.about_text()
    assert f"The site formulary {site} was refused" in window.about_text()

    def clear(dialog: QDialog) -> bool:
        dialog.findChild(QPushButton, "siteFormularyClear").click()  # type: ignore[union-attr]
        return True

    monkeypatch.setattr(window.summary_actions, "run_dialog", clear)
    window.open_settings()
    assert not banner.isVisible()
    assert window.settings().site_formulary == ""


def test_history_shortcut_opens_the_window(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    history = window.findChild(HistoryWindow, "historyWindow")
    assert history is not None and history.isVisible()
    assert rows(history) == []


NEW_DRUG_SITE = """
[formulary]
name = "Ward 7"
version = "w7-1"

[sources]
ward7 = "Ward 7 pharmacy"

[[drug]]
id = "ward-balm"
name = "ward balm"
class = "Local topical"
source = "ward7"

[[drug.regimen]]
id = "ward-balm-topical"
label = "topical"
route = "topical"
basis = "none"
period = "day"
source = "ward7"
"""


def test_a_treatment_a_site_formulary_adds_is_named_in_the_plan(nurse: Nurse, tmp_path: Path) -> None:
    site = tmp_path / "ward7.toml"
    site.write_text(NEW_DRUG_SITE, encoding="utf-8")
    nurse.window.set_site_formulary(str(site))
    nurse.patient("70", age="40")
    nurse.add("ward bal")
    assert nurse.dose() == "ward balm topical: no dose in the reference"
    nurse.type_into("weightInput", "")  # no plan: the plan list still names it
    assert nurse.window.plan_panel.list.item(0).text() == "ward balm"


def test_a_refused_entry_on_the_treatment_being_chosen_is_said_where_its_dose_would_be(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.pick("colch")
    nurse.type_into("orderedInput", "300")
    assert nurse.window.results.message.text() == "No dose is shown for colchicine until its marked entry is corrected."


def test_history_columns_show_what_they_hold(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    saved(nurse, monkeypatch, tmp_path)
    history = nurse.window.show_history()
    columns = history.list.columnCount()
    assert all(history.list.columnWidth(column) >= history.list.sizeHintForColumn(column) for column in range(columns))
