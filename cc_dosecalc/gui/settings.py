"""What the window remembers between runs, over QSettings, with every default in one place.

``CC_DOSECALC_SETTINGS_DIR`` points the settings at a folder of its own (tests use it so they
never read or change the user's settings); the site's settings are then ``site.ini`` there.

The site's settings are the ones IT deploys for every user of a workstation (QSettings' system
scope: on Linux ``/etc/xdg/cc-dosecalc/cc-dosecalc.ini``), read only. They hold the weight unit
every start and every new patient begins in (``[patient] weight_unit``, kg when not set): the
unit a user chose is never remembered, so the next nurse never types kg into a field left in lb.
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
SITE_SETTINGS_FILE: Final = "site.ini"


def _open() -> QSettings:
    folder = os.environ.get(SETTINGS_DIR_VARIABLE)
    if folder:
        return QSettings(str(Path(folder) / "cc-dosecalc.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def _open_site() -> QSettings:
    folder = os.environ.get(SETTINGS_DIR_VARIABLE)
    if folder:
        return QSettings(str(Path(folder) / SITE_SETTINGS_FILE), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.SystemScope, ORGANIZATION, APPLICATION)


class Settings:
    """Typed access to the saved settings. An unreadable value falls back to its default."""

    def __init__(self) -> None:
        self._store = _open()
        self._site = _open_site()

    @property
    def weight_unit(self) -> str:
        """The unit every start and every new patient begins in: the site's, else kg. Only the
        site's settings are read: a unit a user chose (or the first release remembered) is not."""
        value = self._site.value("patient/weight_unit", DEFAULT_WEIGHT_UNIT)
        return value if isinstance(value, str) and value in WEIGHT_UNITS else DEFAULT_WEIGHT_UNIT

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
    def history_server_url(self) -> str:
        """The hospital history's URL the user set ("" for none); the site's settings and
        ``CC_DOSECALC_HISTORY_URL`` win over it (cc_dosecalc.history.server_url reads them all)."""
        value = self._store.value("history/server_url", "")
        return value.strip() if isinstance(value, str) else ""

    @history_server_url.setter
    def history_server_url(self, url: str) -> None:
        self._store.setValue("history/server_url", url.strip())

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
