"""The History window a page at a time, and the window with the hospital's history on a real
PostgreSQL server: a summary recorded there, and one kept unsent while it cannot be reached."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QTreeWidget
from pytestqt.qtbot import QtBot

from cc_dosecalc.app.records import Records
from cc_dosecalc.formulary import load_formulary
from cc_dosecalc.gui import MainWindow
from cc_dosecalc.gui.history_window import ID_ROLE, HistoryWindow
from cc_dosecalc.gui.settings_dialog import SettingsDialog
from cc_dosecalc.history import HistoryStore, KeptUnsent
from cc_dosecalc.history.server_url import ServerUrl
from cc_dosecalc.paths import builtin_formulary_path
from cc_dosecalc.review import Review
from tests.gui.conftest import Nurse
from tests.gui.test_window_history import button, rows, saved
from tests.server_helpers import server_rows, set_up_server
from tests.services import WORKSTATION_PASSWORD, PostgresCluster
from tests.test_history import a_plan


def ids(history: HistoryWindow) -> list[int]:
    tree = history.findChild(QTreeWidget, "historyList")
    assert tree is not None
    return [int(tree.topLevelItem(i).data(0, ID_ROLE)) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


def count_text(history: object) -> str:
    label = history.findChild(QLabel, "historyCount")  # type: ignore[attr-defined]
    assert label is not None
    return str(label.text())


def test_the_history_window_lists_a_hundred_records_at_a_time(nurse: Nurse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("CC_DOSECALC_DATA_DIR", str(data))
    plan = a_plan(load_formulary(builtin_formulary_path()))
    store, _ = HistoryStore.open(data)
    for _ in range(230):
        store.add(plan, Review(), "printed", "print")
    store.close()
    history = nurse.window.show_history()
    assert ids(history) == list(range(230, 130, -1))
    assert count_text(history) == "100 record(s) shown, newest first; older ones: Show older records"
    older = button(history, "historyOlder")
    older.click()
    assert ids(history) == list(range(230, 30, -1))
    older.click()
    assert ids(history) == list(range(230, 0, -1))
    assert older.isHidden() and count_text(history) == "230 record(s)"


def test_a_summary_goes_to_the_hospitals_history_and_is_kept_plainly_while_it_is_away(
    nurse: Nurse, postgres: PostgresCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, database = set_up_server(postgres, tmp_path / "setup")
    monkeypatch.setenv("CC_DOSECALC_HISTORY_URL", url)
    dialogs = saved(nurse, monkeypatch, tmp_path)
    assert dialogs.told == []
    assert server_rows(postgres, database, "SELECT how FROM cc_dosecalc.records") == [("pdf",)]
    history = nurse.window.show_history()
    assert len(rows(history)) == 1
    assert count_text(history).splitlines()[1] == f"The hospital's history at {url.replace(':' + WORKSTATION_PASSWORD, '')}"
    # the server goes away: the next summary is kept here, and the nurse is told so plainly
    nurse.window.records.server_url = nurse.window.records.server_url.__class__(url.replace(f":{postgres.port}/", ":1/"), "test")
    nurse.window.records.close()
    dialogs.pdf_path = tmp_path / "second.pdf"
    nurse.window.save_summary_pdf()
    assert (tmp_path / "second.pdf").exists()
    ((title, text),) = dialogs.told
    assert title == "Not yet in the hospital's history"
    assert text.startswith("The summary was saved.\n\nThe summary is kept on this workstation, but it is NOT yet in the hospital's history: ")
    assert WORKSTATION_PASSWORD not in text
    assert "Summary saved but NOT yet in the hospital's history" in nurse.window.statusBar().currentMessage()
    history.refresh()
    assert "Summaries printed on this workstation and NOT yet in the hospital's history: 1 (sent when it answers)." in count_text(history)


def test_the_users_server_in_the_settings_with_its_password_in_a_pgpass_file(
    nurse: Nurse, postgres: PostgresCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, database = set_up_server(postgres, tmp_path / "setup")
    bare = url.replace(f":{WORKSTATION_PASSWORD}", "")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"localhost:{postgres.port}:{database}:ccd_workstation:{WORKSTATION_PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    window = nurse.window
    typed: list[str] = [url, bare]
    notes: list[str] = []

    def settings_dialog(dialog: QDialog) -> bool:
        assert isinstance(dialog, SettingsDialog)
        field = dialog.findChild(QLineEdit, "historyServerUrl")
        assert field is not None and field.isEnabled()
        field.setText(typed.pop(0))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()  # type: ignore[union-attr]
        note = dialog.findChild(QLabel, "historyServerNote")
        notes.append(note.text())  # type: ignore[union-attr]
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(window.summary_actions, "run_dialog", settings_dialog)
    window.open_settings()  # with the password in it: refused, nothing kept
    assert notes[0].startswith("Not accepted: the URL holds a password.")
    assert window.settings().history_server_url == ""
    window.open_settings()
    assert window.settings().history_server_url == bare
    assert f"History: the hospital's history at {bare}" in window.about_text()
    dialogs = saved(nurse, monkeypatch, tmp_path)
    assert dialogs.told == []
    assert server_rows(postgres, database, "SELECT count(*) FROM cc_dosecalc.records") == [(1,)]


def test_summaries_kept_while_the_server_was_away_are_sent_when_the_window_starts(
    make_window: Callable[[], MainWindow], postgres: PostgresCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    url, database = set_up_server(postgres, tmp_path / "setup")
    data = tmp_path / "data"
    monkeypatch.setenv("CC_DOSECALC_DATA_DIR", str(data))
    away = ServerUrl(url.replace(f":{postgres.port}/", ":1/"), "test")
    formulary = load_formulary(builtin_formulary_path())
    with Records(data, server=away) as records:
        for name in ("Kept One", "Kept Two"):
            with pytest.raises(KeptUnsent):
                records.add(a_plan(formulary, name=name), Review(), "printed", "print")
        assert records.unsent() == 2
    monkeypatch.setenv("CC_DOSECALC_HISTORY_URL", url)
    make_window()  # the server answers again: sent in the background once the window has loaded
    query = "SELECT patient_name FROM cc_dosecalc.records ORDER BY id"
    qtbot.waitUntil(lambda: len(server_rows(postgres, database, query)) == 2, timeout=30_000)
    assert server_rows(postgres, database, query) == [("Kept One",), ("Kept Two",)]
    with Records(data, server=ServerUrl(url, "test")) as records:
        qtbot.waitUntil(lambda: records.unsent() == 0, timeout=30_000)
