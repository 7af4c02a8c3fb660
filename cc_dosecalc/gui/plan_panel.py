"""The patient's plan: the treatments added, their interactions, and whether it is checked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from cc_dosecalc.gui.common import UnitsUnbrokenDelegate, icon_size, level_icon, level_word
from cc_dosecalc.gui.fitting_scroll import FittingScrollArea

_LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1  # the level whose icon an entry shows
_ROWS_IN_VIEW = 6  # more treatments than this scroll
_EMPTY_HEIGHT = 48


class _FittedList(QListWidget):
    """A list at least as tall as its first ``rows_in_view`` rows: a short screen takes room from
    what scrolls (the patient's fields), never from the treatments or the interactions."""

    rows_in_view = 6

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_rows()

    def fit_rows(self) -> None:
        rows = min(self.count(), self.rows_in_view)
        needed = sum(self.sizeHintForRow(row) + 2 * self.spacing() for row in range(rows)) + 2 * self.frameWidth() + 4
        if self.minimumHeight() != max(needed, _EMPTY_HEIGHT):
            self.setMinimumHeight(max(needed, _EMPTY_HEIGHT))


class _PlanList(_FittedList):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem() is not None:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class _InteractionList(_FittedList):
    rows_in_view = 50  # in the scrolled part of the panel: every interaction at its full height


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
        self.list.setItemDelegate(UnitsUnbrokenDelegate(self.list))
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
        self.interactions = _InteractionList(self)
        self.interactions.setObjectName("interactionsView")
        self.interactions.setAccessibleName(self.tr("Interactions in the plan"))
        self.interactions.setWordWrap(True)
        self.interactions.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        # the status stays whole under the treatments; the interactions and what is still open
        # scroll below it on a short screen
        self._details = FittingScrollArea(self)
        self._details.setObjectName("planDetailsScroll")
        self._details.setWidgetResizable(True)
        self._details.setFrameShape(QFrame.Shape.NoFrame)
        self._details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        details = QWidget(self._details)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(interactions_label)
        details_layout.addWidget(self.interactions)
        details_layout.addWidget(self.open_items)
        details_layout.addStretch(1)
        self._details.setWidget(details)
        self._details.setMinimumHeight(60)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(status_row)
        layout.addWidget(self._details, 1)
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
        self.list.fit_rows()
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
            self.interactions.fit_rows()
            return
        for level, pair, message, state in interactions:
            done = state != "open"
            word = f"{level_word(level)} ({state})" if done else level_word(level)  # type: ignore[arg-type]
            icon = level_icon("ok" if done else level)
            item = QListWidgetItem(icon, f"{word}: {pair}: {message}", self.interactions)
            item.setToolTip(message)
        self.interactions.fit_rows()

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
