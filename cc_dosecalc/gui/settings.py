"""What the window remembers between runs, over QSettings, with every default in one place.

``CC_DOSECALC_SETTINGS_DIR`` points the settings at a folder of its own (tests use it so they
never read or change the user's settings).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION: Final = "cc-dosecalc"
APPLICATION: Final = "cc-dosecalc"
WEIGHT_UNITS: Final = ("kg", "lb", "g")
DEFAULT_WEIGHT_UNIT: Final = "kg"
SETTINGS_DIR_VARIABLE: Final = "CC_DOSECALC_SETTINGS_DIR"


def _open() -> QSettings:
    folder = os.environ.get(SETTINGS_DIR_VARIABLE)
    if folder:
        return QSettings(str(Path(folder) / "cc-dosecalc.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


class Settings:
    """Typed access to the saved settings. An unreadable value falls back to its default."""

    def __init__(self) -> None:
        self._store = _open()

    @property
    def weight_unit(self) -> str:
        value = self._store.value("patient/weight_unit", DEFAULT_WEIGHT_UNIT)
        return value if isinstance(value, str) and value in WEIGHT_UNITS else DEFAULT_WEIGHT_UNIT

    @weight_unit.setter
    def weight_unit(self, unit: str) -> None:
        if unit in WEIGHT_UNITS:
            self._store.setValue("patient/weight_unit", unit)

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue("window/state", value)

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self._store.setValue("window/splitter", value)

    @property
    def site_formulary(self) -> str:
        """The site formulary file chosen in the window's settings ("" for none). When set it
        wins over ``CC_DOSECALC_FORMULARY`` (per user over machine-wide)."""
        value = self._store.value("formulary/site_path", "")
        return value.strip() if isinstance(value, str) else ""

    @site_formulary.setter
    def site_formulary(self, path: str) -> None:
        self._store.setValue("formulary/site_path", path.strip())

    @property
    def last_pdf_folder(self) -> str:
        """The folder the last summary was saved in as PDF ("" before the first save)."""
        value = self._store.value("summary/last_pdf_folder", "")
        return value if isinstance(value, str) else ""

    @last_pdf_folder.setter
    def last_pdf_folder(self, folder: str) -> None:
        self._store.setValue("summary/last_pdf_folder", folder)

    def sync(self) -> None:
        self._store.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None
