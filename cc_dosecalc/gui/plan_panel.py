"""The patient's plan: the treatments added, their interactions, and whether it is checked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from cc_dosecalc.gui.common import icon_size, level_icon, level_word

_LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1  # the level whose icon an entry shows


class _PlanList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem() is not None:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class PlanPanel(QGroupBox):
    order_selected = Signal(int)
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Plan"), parent)
        self.setObjectName("planPanel")
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&Treatments in the plan:"), self)
        self.list = _PlanList(self)
        self.list.setObjectName("planList")
        self.list.setAccessibleName(self.tr("Treatments in the plan"))
        self.list.setToolTip(self.tr("Select a treatment to see its dose; Delete removes it from the plan"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        label.setBuddy(self.list)
        self.remove_button = QPushButton(self.tr("Remo&ve from plan"), self)
        self.remove_button.setObjectName("removeFromPlan")
        self.remove_button.setAccessibleName(self.tr("Remove from plan"))
        self.remove_button.setToolTip(self.tr("Remove the selected treatment from the plan (Delete)"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        interactions_label = QLabel(self.tr("I&nteractions:"), self)
        self.interactions = QListWidget(self)
        self.interactions.setObjectName("interactionsView")
        self.interactions.setAccessibleName(self.tr("Interactions in the plan"))
        self.interactions.setWordWrap(True)
        self.interactions.setMaximumHeight(140)
        interactions_label.setBuddy(self.interactions)
        self.status = QLabel(self)
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self._status_level: str | None = None
        self._interactions_shown: list[tuple[str, str, str, str]] | None = None
        self._status_icon = QLabel(self)
        status_row = QHBoxLayout()
        status_row.addWidget(self._status_icon, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self.status, 1)
        self.open_items = QLabel(self)
        self.open_items.setObjectName("openItems")
        self.open_items.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(interactions_label)
        layout.addWidget(self.interactions)
        layout.addLayout(status_row)
        layout.addWidget(self.open_items)
        self.list.currentRowChanged.connect(self._row_changed)
        self.list.delete_pressed.connect(self.remove_requested)
        self.remove_button.clicked.connect(self.remove_requested)
        self.remove_button.setEnabled(False)

    def set_entries(self, entries: list[tuple[str, str | None]], current: int | None) -> None:
        """Each entry: the text shown and the most severe open level (None when nothing is open)."""
        self.list.blockSignals(True)
        if self.list.count() != len(entries):
            self.list.clear()
            for _ in entries:
                QListWidgetItem(self.list)
        for row, (text, level) in enumerate(entries):
            item = self.list.item(row)
            shown = text if level is None else f"{text}  [{level_word(level)}]"  # type: ignore[arg-type]
            if item.text() != shown:  # only what changed: each change lays the list out again
                item.setText(shown)
            if item.data(_LEVEL_ROLE) != (level or "ok"):
                item.setData(_LEVEL_ROLE, level or "ok")
                item.setIcon(level_icon(level or "ok"))
        self.list.setCurrentRow(current if current is not None else -1)
        if current is None:
            self.list.clearSelection()
        self.list.blockSignals(False)
        self.remove_button.setEnabled(current is not None)

    def set_interactions(self, interactions: list[tuple[str, str, str, str]]) -> None:
        """Each interaction: level, the pair in words, its message, its state ("open",
        "acknowledged", "overridden"): one no longer open shows the all-clear icon and says so."""
        if interactions == self._interactions_shown:
            return
        self._interactions_shown = list(interactions)
        self.interactions.clear()
        if not interactions:
            QListWidgetItem(self.tr("None between the treatments in the plan."), self.interactions)
            return
        for level, pair, message, state in interactions:
            done = state != "open"
            word = f"{level_word(level)} ({state})" if done else level_word(level)  # type: ignore[arg-type]
            icon = level_icon("ok" if done else level)
            item = QListWidgetItem(icon, f"{word}: {pair}: {message}", self.interactions)
            item.setToolTip(message)

    def set_status(self, level: str, text: str, open_items: list[str]) -> None:
        if level != self._status_level:
            self._status_level = level
            size = icon_size()
            self._status_icon.setPixmap(level_icon(level).pixmap(size, size))
        if self.status.text() != text:
            self.status.setText(text)
        lines = "\n".join(f"• {line}" for line in open_items)
        if self.open_items.text() != lines:
            self.open_items.setText(lines)
        if self.open_items.isHidden() == bool(open_items):
            self.open_items.setVisible(bool(open_items))

    def _row_changed(self, row: int) -> None:
        self.remove_button.setEnabled(row >= 0)
        if row >= 0:
            self.order_selected.emit(row)
