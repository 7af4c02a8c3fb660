"""Small pieces every panel uses: alert level icons and words, the field error label, and text a
screen reader hears."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from cc_dosecalc.levels import LEVEL_WORDS  # light: the window's shell may name a level

if TYPE_CHECKING:  # the window's shell is built before the domain is imported
    from cc_dosecalc.formulary import Level

# the most characters a field takes: far more than any accepted entry (a name is at most 80),
# so an entry that is too long is refused in words rather than silently cut short
MAX_TYPED = 1000

_LEVEL_ICONS: dict[str, QStyle.StandardPixmap] = {
    "stop": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
}


def tr(text: str) -> str:
    return QCoreApplication.translate("cc-dosecalc", text)


def level_word(level: Level) -> str:
    """The word shown with a level's icon: colour is never the only sign."""
    return tr(LEVEL_WORDS[level])


_icon_cache: dict[str, QIcon] = {}


def level_icon(level: str) -> QIcon:
    icon = _icon_cache.get(level)
    if icon is None:
        icon = _icon_cache[level] = QApplication.style().standardIcon(_LEVEL_ICONS[level])
    return icon


_UNIT_SLASH = re.compile(r"(?<=\S)/(?=\S)")
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=[A-Za-zµ%])")


def units_unbroken(text: str) -> str:
    """``text`` for display with no line break inside a unit or between a number and its unit:
    "4 mg/kg/day" wraps as a whole, never as "mg/" over "kg/day". A word joiner (U+2060, not
    drawn) follows each slash; a no-break space joins a number to its unit."""
    return _NUMBER_SPACE.sub("\u00a0", _UNIT_SLASH.sub("/\u2060", text))


class UnitsUnbrokenDelegate(QStyledItemDelegate):
    """Draws (and measures) a list's rows with :func:`units_unbroken`; the items' texts, what a
    screen reader reads and what a test sees, stay as they are."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = units_unbroken(option.text)


def warn(parent: QWidget, title: str, text: str) -> None:
    """Tell the user something that needs their attention (a modal message box)."""
    from PySide6.QtWidgets import QMessageBox  # its class (and enums) is not built before the first paint

    QMessageBox.warning(parent, title, text)


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """Ask before something that cannot be undone or could print what is not for ordering: a
    modal Yes/No with No the default, so a reflex Enter answers No."""
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes


def set_text(widget: QLabel | QAbstractButton, text: str) -> None:
    """Set a text only when it changed: a new text in a word-wrapped label lays its column out
    again, which is most of a keystroke's cost when only a few numbers changed."""
    if widget.text() != text:
        widget.setText(text)


def set_spoken_text(label: QLabel, text: str) -> None:
    """Set the text of a label that has an accessible name, and give the text to a screen reader
    too: on Linux (AT-SPI) a label named in code is read by its name only, its text unheard,
    unless the text is also its name or its description. The text goes in the description."""
    set_text(label, text)
    if label.accessibleDescription() != text:
        label.setAccessibleDescription(text)


def name_clear_button(line: QLineEdit, name: str) -> None:
    """Name the clear button Qt puts in a line edit (setClearButtonEnabled): it has none of its own."""
    for button in line.findChildren(QToolButton):
        button.setAccessibleName(name)


def icon_size() -> int:
    return QApplication.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)


class FieldError(QWidget):
    """The reason an entry was refused, in words, shown beside the field it belongs to."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._icon = QLabel(self)  # its icon is drawn when an error is first shown, not at start-up
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self._icon)
        layout.addWidget(self.label, 1)
        self.hide()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""

    def show_error(self, message: str | None) -> None:
        if message:
            if self._icon.pixmap().isNull():
                size = icon_size()
                self._icon.setPixmap(level_icon("warning").pixmap(size, size))
            self.label.setText(tr("Not accepted: ") + message)
            self.show()
        else:
            self.label.clear()
            self.hide()
