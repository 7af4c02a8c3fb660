"""The real window, offscreen, with its settings in a folder of its own for each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from cc_dosecalc.gui import MainWindow
from cc_dosecalc.gui.settings import SETTINGS_DIR_VARIABLE


@pytest.fixture
def settings_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "settings"
    monkeypatch.setenv(SETTINGS_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def make_window(qtbot: QtBot, settings_dir: Path) -> Iterator[Callable[[], MainWindow]]:
    def make() -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        qtbot.waitUntil(window.is_ready)  # the formulary loads just after the first paint
        return window

    yield make


def answer_next_question(button: QMessageBox.StandardButton, asked: list[str] | None = None) -> None:
    """Click ``button`` in the question the window opens next (noting its text in ``asked``)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        if asked is not None:
            asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, click)


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()


class Nurse:
    """Drives the window with the keyboard and mouse, as a nurse would."""

    def __init__(self, window: MainWindow, qtbot: QtBot) -> None:
        self.window = window
        self.qtbot = qtbot

    def find(self, kind: type[QWidget], name: str) -> QWidget:
        widget = self.window.findChild(kind, name)
        assert widget is not None, name
        return widget

    def line(self, name: str) -> QLineEdit:
        widget = self.find(QLineEdit, name)
        assert isinstance(widget, QLineEdit)
        return widget

    def type_into(self, name: str, text: str) -> None:
        line = self.line(name)
        line.setFocus()
        line.selectAll()
        self.qtbot.keyClick(line, Qt.Key.Key_Delete)
        self.qtbot.keyClicks(line, text)

    def choose(self, name: str, text: str) -> None:
        """Pick an item of a combo box by opening it from the keyboard and typing its text."""
        combo = self.find(QComboBox, name)
        assert isinstance(combo, QComboBox)
        index = combo.findText(text)
        assert index >= 0, text
        combo.setFocus()
        while combo.currentIndex() != index:
            key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
            self.qtbot.keyClick(combo, key)

    def patient(
        self,
        weight: str,
        unit: str = "kg",
        age: str = "",
        height: str = "",
        sex: str = "",
        crcl: str = "",
        source: str = "measured",
        allergies: str | None = "",
    ) -> None:
        """Type a patient; the weight source is chosen too ("" leaves it not stated). ``allergies``
        "" ticks "No known allergies", None leaves them unrecorded."""
        self.choose("weightUnit", unit)
        self.type_into("weightInput", weight)
        if source:
            self.choose("weightSourceInput", source)
        for name, text in (("ageInput", age), ("heightInput", height), ("crclInput", crcl)):
            if text:
                self.type_into(name, text)
        if sex:
            self.choose("sexInput", sex)
        if allergies:
            self.type_into("allergiesInput", allergies)
        elif allergies == "":
            self.set_no_known_allergies(True)

    def set_no_known_allergies(self, ticked: bool) -> None:
        box = self.find(QCheckBox, "noKnownAllergies")
        assert isinstance(box, QCheckBox)
        if box.isChecked() != ticked:
            self.qtbot.mouseClick(box, Qt.MouseButton.LeftButton)

    def pick(self, search: str) -> None:
        """Type part of a name in the search field, then Enter to move to the first match."""
        self.type_into("drugSearch", search)
        self.qtbot.keyClick(self.line("drugSearch"), Qt.Key.Key_Return)

    def add(self, search: str) -> None:
        self.pick(search)
        self.qtbot.keyClick(self.window.picker.tree, Qt.Key.Key_Return)

    def dose(self) -> str:
        label = self.find(QLabel, "doseResult")
        assert isinstance(label, QLabel)
        return label.text() if label.isVisible() else ""

    def status(self) -> str:
        return self.window.plan_panel.status.text()

    def alerts(self) -> list[str]:
        return self.window.results.alerts.entries_text()

    def tab_through(self, start: QWidget, presses: int) -> list[str]:
        """Focus ``start``, press Tab ``presses`` times: the object names focused, ``start`` first."""
        start.setFocus()
        seen = []
        for _ in range(presses):
            focus = QApplication.focusWidget()
            assert focus is not None
            seen.append(focus.objectName())
            self.qtbot.keyClick(focus, Qt.Key.Key_Tab)
        return seen

    def tick(self, text_part: str) -> None:
        box = self.window.results.alerts.box_for(text_part)
        assert isinstance(box, QCheckBox), text_part
        self.qtbot.mouseClick(box, Qt.MouseButton.LeftButton)


@pytest.fixture
def nurse(window: MainWindow, qtbot: QtBot) -> Nurse:
    return Nurse(window, qtbot)
