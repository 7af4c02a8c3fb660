"""The alerts of the selected order, grouped by level, each with an icon and words.

A warning is acknowledged with its own tick box; ticking a stop's box asks who overrides it and
why (the box is ticked once that is accepted). Each box is a tab stop and Space ticks it, so all of it works from the keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from cc_dosecalc.gui.common import icon_size, level_icon, level_word, tr

if TYPE_CHECKING:
    from cc_dosecalc.app.view import AlertLine
    from cc_dosecalc.formulary import Level


def line_text(entry: AlertLine) -> str:
    """An alert as shown: its level's word, where, its words."""
    where = f"{entry.where}: " if entry.where else ""
    return f"{level_word(entry.level)}: {where}{entry.message}"


def _group_title(level: Level) -> str:
    return {
        "stop": tr("Stops: the order must not proceed as entered. Tick to override, with a written reason."),
        "warning": tr("Warnings: acknowledge each one by ticking it."),
        "info": tr("Information"),
    }[level]


def _box_text(entry: AlertLine) -> str:
    if entry.level == "stop":
        if entry.state == "overridden":
            return tr("Overridden by %1: ").replace("%1", entry.overridden_by or "") + (entry.reason or "")
        return tr("Override (needs a name and a reason)")
    return tr("Acknowledged") if entry.state == "acknowledged" else tr("Acknowledge")


@dataclass
class _Row:
    entry: AlertLine
    label: QLabel
    box: QCheckBox | None


class AlertsView(QWidget):
    """``toggled(key, level, ticked)`` fires when the user ticks or unticks an alert."""

    toggled = Signal(str, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertsView")
        self.setAccessibleName(self.tr("Alerts"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows: list[_Row] = []
        self._body: QWidget | None = None
        self._reviewable = False

    def show_entries(self, entries: Sequence[AlertLine], reviewable: bool) -> None:
        shape = [(entry.level, entry.key is not None) for entry in entries]
        if shape == [(row.entry.level, row.entry.key is not None) for row in self._rows] and reviewable == self._reviewable:
            # the same kinds of alert in the same places: update the rows in place, keeping the focus
            for row, entry in zip(self._rows, entries, strict=True):
                if entry != row.entry:
                    row.entry = entry
                    row.label.setText(line_text(entry))
                if row.box is not None:  # always: a refused override must untick the box the user ticked
                    self._set_box(row.box, entry)
            return
        self._rebuild(entries, reviewable)

    def entries(self) -> list[AlertLine]:
        return [row.entry for row in self._rows]

    def entries_text(self) -> list[str]:
        """Every alert line as shown, most severe first."""
        return [row.label.text() for row in self._rows]

    def box_for(self, text_part: str) -> QCheckBox | None:
        """The tick box of the first alert whose text holds ``text_part``."""
        return next((row.box for row in self._rows if text_part in row.label.text()), None)

    def boxes(self) -> list[QCheckBox]:
        return [row.box for row in self._rows if row.box is not None]

    def _rebuild(self, entries: Sequence[AlertLine], reviewable: bool) -> None:
        if self._body is not None:
            self._body.hide()
            self._body.deleteLater()
        self._rows = []
        self._reviewable = reviewable
        body = QWidget(self)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        size = icon_size()
        line = 0
        for level in ("stop", "warning", "info"):
            chosen = [entry for entry in entries if entry.level == level]
            if not chosen:
                continue
            title = QLabel(_group_title(level), body)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            title.setWordWrap(True)
            grid.addWidget(title, line, 0, 1, 3)
            line += 1
            for entry in chosen:
                icon = QLabel(body)
                icon.setPixmap(level_icon(entry.level).pixmap(size, size))
                grid.addWidget(icon, line, 0, Qt.AlignmentFlag.AlignTop)
                label = QLabel(line_text(entry), body)
                label.setObjectName("alertText")
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(label, line, 1)
                row = _Row(entry, label, None)
                if entry.key is not None and reviewable:
                    row.box = box = QCheckBox(body)
                    box.setObjectName("alertCheck")
                    self._set_box(box, entry)
                    # the row's entry is read when the box is clicked: rows are reused for other alerts
                    box.clicked.connect(lambda ticked, row=row: self._clicked(row, ticked))
                    grid.addWidget(box, line, 2, Qt.AlignmentFlag.AlignTop)
                self._rows.append(row)
                line += 1
        self._layout.addWidget(body)
        self._body = body

    def _clicked(self, row: _Row, ticked: bool) -> None:
        if row.entry.key is None:
            return
        if ticked and row.entry.level == "stop" and row.box is not None:
            # a stop is ticked only once its override is recorded: not while its reason is asked for
            row.box.setChecked(False)
        self.toggled.emit(row.entry.key, row.entry.level, ticked)

    def _set_box(self, box: QCheckBox, entry: AlertLine) -> None:
        box.setChecked(entry.state in ("acknowledged", "overridden"))
        box.setText(_box_text(entry))
        box.setToolTip(entry.message)
        box.setAccessibleName(f"{_box_text(entry)}: {line_text(entry)}")
