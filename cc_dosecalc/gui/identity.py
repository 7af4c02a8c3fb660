"""The application's identity on the desktop: its icon and the name of its .desktop file.

``apply_identity`` is called once from the window; it is cheap (the PNGs are read when a size
is first drawn) and safe to call again.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from cc_dosecalc.paths import icon_path

DESKTOP_FILE_NAME: Final = "io.github.ccdosecalc.CcDosecalc"
ICON_SIZES: Final = (16, 24, 32, 48, 64, 128, 256, 512)


def application_icon() -> QIcon:
    """The icon, from the PNGs shipped in resources/icons (the sizes that exist)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = icon_path(size)
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Give ``app`` its window icon and the desktop file name (the Wayland app id) the
    packaged .desktop file carries."""
    if app.desktopFileName() != DESKTOP_FILE_NAME:
        QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    if app.windowIcon().isNull() or app.property("ccDosecalcIcon") is None:
        QGuiApplication.setWindowIcon(application_icon())
        app.setProperty("ccDosecalcIcon", True)
