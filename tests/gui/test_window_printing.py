"""Print, preview and save the summary from the window; each one printed or saved is recorded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cc_dosecalc.datadir import DATA_DIR_ENV
from cc_dosecalc.gui import MainWindow
from cc_dosecalc.gui.printing import SummaryActions
from cc_dosecalc.history import DB_NAME, HistoryStore
from tests.gui.conftest import Nurse
from tests.summary_plans import pdf_text
from tests.test_history import _make_unwritable, _make_writable

DILTIAZEM = "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)"
NOT_FOR_ORDERING_QUESTION = "This plan has a stop without an override: it will print NOT FOR ORDERING. Save anyway?"


class Dialogs:
    """Stands in for the modal dialogs; remembers what was asked and told."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch, pdf_path: Path | None = None) -> None:
        self.told: list[tuple[str, str]] = []
        self.asked: list[str] = []
        self.suggested: list[Path] = []
        self.shown: list[QDialog] = []
        self.confirm_answer = True
        self.pdf_path = pdf_path
        self.printed_to: Path | None = None
        actions = window.summary_actions
        monkeypatch.setattr(window, "inform", lambda title, text: self.told.append((title, text)))
        monkeypatch.setattr(actions, "confirm", self._confirm)
        monkeypatch.setattr(actions, "ask_pdf_path", self._ask_pdf_path)
        monkeypatch.setattr(actions, "ask_printer", self._ask_printer)
        monkeypatch.setattr(actions, "run_dialog", self._run_dialog)

    def _confirm(self, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.confirm_answer

    def _ask_pdf_path(self, suggested: Path) -> str | None:
        self.suggested.append(suggested)
        return str(self.pdf_path) if self.pdf_path is not None else None

    def _ask_printer(self, printer: QPrinter) -> bool:
        if self.printed_to is None:
            return False
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.printed_to))
        return True

    def _run_dialog(self, dialog: QDialog) -> bool:
        self.shown.append(dialog)
        return False


def planned(nurse: Nurse) -> None:
    nurse.patient("70", age="40")
    nurse.type_into("patientNameInput", "Ann Example")
    nurse.type_into("patientIdInput", "MRN 0042")
    nurse.add("dilt")
    assert nurse.dose() == DILTIAZEM


def records() -> list[tuple[str, str, str]]:
    store, _notices = HistoryStore.open()
    with store:
        return [(record.how, record.patient_identifier, record.drugs) for record in store.list()]


def test_the_print_actions_follow_the_plan(nurse: Nurse) -> None:
    names = ("printAction", "printPreviewAction", "savePdfAction")
    actions = [nurse.window.findChild(QAction, name) for name in names]
    assert all(action is not None and not action.isEnabled() for action in actions)
    planned(nurse)
    assert all(action is not None and action.isEnabled() for action in actions)
    nurse.type_into("weightInput", "abc")
    assert all(action is not None and not action.isEnabled() for action in actions)


def test_print_preview_paints_the_summary_through_the_real_handler(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    planned(nurse)
    dialogs = Dialogs(nurse.window, monkeypatch)
    nurse.window.findChild(QAction, "printPreviewAction").trigger()
    [dialog] = dialogs.shown
    assert dialog.parent() is nurse.window
    pages = dialog.findChild(QPrintPreviewWidget, "printPreview")
    assert pages is not None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "preview.pdf"))
    pages.paintRequested.emit(printer)
    del printer
    text = pdf_text(tmp_path / "preview.pdf")
    assert DILTIAZEM in text and "Ann Example" in text
    assert records() == []  # looking is not printing


def test_printing_from_the_preview_is_a_recorded_printout(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    planned(nurse)
    dialogs = Dialogs(nurse.window, monkeypatch)
    dialogs.printed_to = tmp_path / "from-preview.pdf"
    monkeypatch.setattr(nurse.window.summary_actions, "run_dialog", lambda dialog: dialogs.shown.append(dialog) or True)  # Print… chosen
    nurse.window.findChild(QAction, "printPreviewAction").trigger()
    assert DILTIAZEM in pdf_text(dialogs.printed_to)
    assert records() == [("print", "MRN 0042", "diltiazem")]


def test_save_as_pdf_writes_the_summary_and_records_it(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    planned(nurse)
    target = tmp_path / "out" / "summary"
    target.parent.mkdir()
    dialogs = Dialogs(nurse.window, monkeypatch, target)
    nurse.window.findChild(QAction, "savePdfAction").trigger()
    [suggested] = dialogs.suggested
    assert suggested.name.startswith("dosing-summary-MRN-0042-") and suggested.suffix == ".pdf"
    written = tmp_path / "out" / "summary.pdf"
    text = pdf_text(written)
    assert DILTIAZEM in text
    assert "70 kg" in text and "Ann Example" in text
    assert dialogs.told == [] and dialogs.asked == []
    assert records() == [("pdf", "MRN 0042", "diltiazem")]
    assert nurse.window.settings().last_pdf_folder == str(written.parent)
    # the next save starts in the folder used last
    nurse.window.save_summary_pdf()
    assert dialogs.suggested[1].parent == written.parent


def test_print_renders_on_the_chosen_printer_and_records_it(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    planned(nurse)
    dialogs = Dialogs(nurse.window, monkeypatch)
    nurse.window.findChild(QAction, "printAction").trigger()  # cancelled at the print dialog
    assert records() == []
    dialogs.printed_to = tmp_path / "printer.pdf"
    nurse.window.print_summary()
    assert DILTIAZEM in pdf_text(dialogs.printed_to)
    assert records() == [("print", "MRN 0042", "diltiazem")]


def test_a_failed_save_says_why_and_leaves_no_file(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    planned(nurse)
    folder = tmp_path / "read-only"
    folder.mkdir()
    dialogs = Dialogs(nurse.window, monkeypatch, folder / "x.pdf")
    _make_unwritable(folder)
    try:
        nurse.window.save_summary_pdf()
    finally:
        _make_writable(folder)
    assert dialogs.told == [
        ("Summary not saved", f"Cannot save the PDF at {folder / 'x.pdf'}: permission denied (the folder is read-only or not yours)")
    ]
    assert os.listdir(folder) == []
    assert records() == []
    assert nurse.window.settings().last_pdf_folder == ""


def test_a_plan_with_an_open_stop_asks_first_and_prints_not_for_ordering(
    nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    nurse.patient("30", age="6")
    nurse.add("mino")
    assert nurse.window.current_plan()[0] is not None
    dialogs = Dialogs(nurse.window, monkeypatch, tmp_path / "stop.pdf")
    dialogs.confirm_answer = False
    nurse.window.save_summary_pdf()
    assert dialogs.asked == [NOT_FOR_ORDERING_QUESTION]
    assert dialogs.suggested == [] and not (tmp_path / "stop.pdf").exists()
    dialogs.confirm_answer = True
    nurse.window.save_summary_pdf()
    assert "NOT FOR ORDERING" in pdf_text(tmp_path / "stop.pdf")
    assert [how for how, _id, _drugs in records()] == ["pdf"]


def test_a_summary_that_cannot_be_recorded_is_still_saved_and_the_nurse_is_told(
    nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    planned(nurse)
    data = tmp_path / "data-ro"
    data.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    dialogs = Dialogs(nurse.window, monkeypatch, tmp_path / "kept.pdf")
    _make_unwritable(data)
    try:
        nurse.window.save_summary_pdf()
    finally:
        _make_writable(data)
    assert DILTIAZEM in pdf_text(tmp_path / "kept.pdf")
    [(title, text)] = dialogs.told
    assert title == "Summary not recorded"
    assert text.startswith("The summary was saved but NOT recorded in the history.")
    assert f"The history database {data / DB_NAME} cannot be created" in text
    assert "NOT recorded" in nurse.window.statusBar().currentMessage()


def test_a_history_moved_aside_is_told_once_and_printed_on_the_summary(
    nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = Path(os.environ[DATA_DIR_ENV])
    (data / DB_NAME).write_bytes(b"this is not a database" * 100)
    planned(nurse)
    dialogs = Dialogs(nurse.window, monkeypatch, tmp_path / "one.pdf")
    nurse.window.save_summary_pdf()
    [(title, text)] = dialogs.told
    assert title == "History" and "could not be read" in text and "history-corrupt-" in text
    assert "could not be read (file is not a database)" in pdf_text(tmp_path / "one.pdf")
    dialogs.pdf_path = tmp_path / "two.pdf"
    nurse.window.save_summary_pdf()
    assert len(dialogs.told) == 1
    assert [how for how, _id, _drugs in records()] == ["pdf", "pdf"]


def test_the_glue_is_loaded_only_when_first_used(window: MainWindow) -> None:
    assert not window._summary.loaded
    assert isinstance(window.summary_actions, SummaryActions)


def test_the_window_carries_the_application_identity(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.desktopFileName() == "io.github.ccdosecalc.CcDosecalc"
    sizes = {(size.width(), size.height()) for size in app.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes


CLOSE_QUESTION = "The plan on screen has not been printed or saved as PDF since it last changed. Close anyway?"


def test_quitting_asks_while_the_plan_on_screen_is_unprinted(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    quit_action = nurse.window.findChild(QAction, "quitAction")
    planned(nurse)
    asked: list[str] = []
    monkeypatch.setattr(nurse.window, "confirm", lambda title, text: asked.append(text) or False)
    quit_action.trigger()
    assert asked == [CLOSE_QUESTION] and nurse.window.isVisible()  # No: the window stays
    Dialogs(nurse.window, monkeypatch, tmp_path / "saved")
    nurse.window.findChild(QAction, "savePdfAction").trigger()
    nurse.type_into("weightInput", "71")  # changed since it was saved: asks again
    quit_action.trigger()
    assert asked == [CLOSE_QUESTION] * 2 and nurse.window.isVisible()
    nurse.window.findChild(QAction, "savePdfAction").trigger()
    quit_action.trigger()
    assert len(asked) == 2 and not nurse.window.isVisible()  # saved as shown: closes without asking


def test_print_and_save_are_off_while_the_formulary_loads(qtbot: QtBot, settings_dir: Path) -> None:
    window = MainWindow()  # not yet painted: the formulary loads after the first paint
    qtbot.addWidget(window)
    assert not window.is_ready()
    assert [window.findChild(QAction, name).isEnabled() for name in ("printAction", "printPreviewAction", "savePdfAction")] == [False] * 3


NEW_PATIENT_QUESTION = "The plan on screen has not been printed or saved as PDF since it last changed. Clear it for a new patient?"


def test_new_patient_asks_while_the_plan_on_screen_is_unprinted(nurse: Nurse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    new_action = nurse.window.findChild(QAction, "newPatientAction")
    planned(nurse)
    asked: list[str] = []
    monkeypatch.setattr(nurse.window, "confirm", lambda title, text: asked.append(text) or False)
    new_action.trigger()
    assert asked == [NEW_PATIENT_QUESTION] and nurse.window.plan_panel.list.count() == 1  # No: the plan stays
    Dialogs(nurse.window, monkeypatch, tmp_path / "saved")
    nurse.window.findChild(QAction, "savePdfAction").trigger()
    new_action.trigger()
    assert len(asked) == 1 and nurse.window.plan_panel.list.count() == 0  # saved as shown: cleared without asking
