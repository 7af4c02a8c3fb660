"""File > History: every summary printed or saved, newest first; search, details, reopen
with today's formulary (every difference from what was printed shown plainly), reprint.

A reprint is the record's inputs calculated again with today's formulary, with the record's
acknowledgements and overrides carried over. They are keyed by an alert's wording, so an
alert whose wording changed since (or a new one) prints NOT acknowledged: it has not been
checked. Each reprint is itself recorded ("reprint" or "reprint-pdf", naming the record).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cc_dosecalc.app.records import reopen
from cc_dosecalc.app.records_text import LIST_HEADERS, list_row, record_details
from cc_dosecalc.gui.common import name_clear_button
from cc_dosecalc.history import PAGE_SIZE, HistoryError, Record, RecordSummary
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import PlanResult

if TYPE_CHECKING:
    from cc_dosecalc.active_formulary import ActiveFormulary
    from cc_dosecalc.app.records import Records
    from cc_dosecalc.gui.printing import SummaryActions

ID_ROLE = Qt.ItemDataRole.UserRole


class Calculator(Protocol):
    """What the History window needs from the calculator's window."""

    @property
    def summary_actions(self) -> SummaryActions: ...

    @property
    def records(self) -> Records: ...

    def active_formulary(self) -> ActiveFormulary: ...

    def inform(self, title: str, text: str) -> None: ...

    def load_inputs(self, patient: Patient, orders: Sequence[Order]) -> bool: ...


class HistoryWindow(QWidget):
    """A window of its own (not modal) beside the calculator (``parent``, whose window is
    raised when a record is opened in it)."""

    def __init__(self, parent: QWidget, main: Calculator) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        self.setWindowTitle(self.tr("History of printed summaries"))
        self._main = main
        self._calculator = parent
        self._record: Record | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("historySearch")
        self.search.setAccessibleName(self.tr("Search the history"))
        self.search.setPlaceholderText(self.tr("Search: patient name or identifier, treatment, date (2026-11-03), formulary"))
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search, self.tr("Clear the search"))
        self.search_error = QLabel(self)
        self.search_error.setObjectName("historySearchError")
        self.search_error.setWordWrap(True)
        self.search_error.hide()
        self.list = QTreeWidget(self)
        self.list.setObjectName("historyList")
        self.list.setAccessibleName(self.tr("Printed summaries, newest first"))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels([self.tr(header) for header in LIST_HEADERS])
        self.count = QLabel(self)
        self.count.setObjectName("historyCount")
        self.count.setWordWrap(True)
        self.older_button = self._button("historyOlder", self.tr("Show o&lder records"), self.show_older)
        self.older_button.hide()
        self._last_id: int | None = None

        self.details = QPlainTextEdit(self)
        self.details.setObjectName("historyDetails")
        self.details.setAccessibleName(self.tr("The record"))
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        self.differences = QFrame(self)
        self.differences.setObjectName("historyDifferences")
        self.differences.setStyleSheet(  # dark text on the yellow: it reads the same in a light or a dark palette
            "#historyDifferences { background: #fff8d6; border: 2px solid #c9a200; border-radius: 3px; }"
            " #historyDifferences QLabel { color: #1a1a1a; background: transparent; }"
        )
        box = QVBoxLayout(self.differences)
        self.differences_heading = QLabel(self.differences)
        self.differences_heading.setObjectName("historyDifferencesHeading")
        font = self.differences_heading.font()
        font.setBold(True)
        self.differences_heading.setFont(font)
        self.differences_text = QLabel(self.differences)
        self.differences_text.setObjectName("historyDifferencesText")
        self.differences_text.setWordWrap(True)
        self.differences_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.differences_heading)
        box.addWidget(self.differences_text)
        self.differences.hide()

        self.reopen_button = self._button("reopenButton", self.tr("&Reopen with today's formulary"), self.reopen)
        self.reprint_button = self._button("reprintButton", self.tr("Re&print…"), self.reprint)
        self.reprint_pdf_button = self._button("reprintPdfButton", self.tr("Reprint as P&DF…"), self.reprint_pdf)
        self.open_button = self._button("openInCalculatorButton", self.tr("&Open in calculator"), self.open_in_calculator)
        buttons = QHBoxLayout()
        for button in (self.reopen_button, self.reprint_button, self.reprint_pdf_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        find = QLabel(self.tr("&Search:"), self)
        find.setBuddy(self.search)
        top_layout.addWidget(find)
        top_layout.addWidget(self.search)
        top_layout.addWidget(self.search_error)
        top_layout.addWidget(self.list, 1)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count, 1)
        count_row.addWidget(self.older_button)
        top_layout.addLayout(count_row)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.differences)
        bottom_layout.addLayout(buttons)
        bottom_layout.addWidget(self.details, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(1000, 720)

        self.search.textChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(lambda current, _previous: self._show(current))
        self._enable(False)
        # Escape and Ctrl+W close it, as they close a dialog or a document window (the platform's Close too)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W"), QKeySequence(QKeySequence.StandardKey.Close)):
            QShortcut(keys, self, context=Qt.ShortcutContext.WindowShortcut).activated.connect(self.close)

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _enable(self, enabled: bool) -> None:
        for button in (self.reopen_button, self.reprint_button, self.reprint_pdf_button, self.open_button):
            button.setEnabled(enabled)

    # ---- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """List the newest page of the records matching the search; keep the selected one if listed."""
        selected = self._record.id if self._record is not None else None
        try:
            records = self._main.records.list(self.search.text())
        except InputError as error:
            self._say_search(str(error))
            return
        except HistoryError as error:
            self._say_search(str(error), refused=False)
            records = []
        else:
            self._say_search(None)
        self.list.blockSignals(True)
        self.list.clear()
        current = self._append(records, selected)
        if current is not None:  # the record shown stays shown, with its differences
            self.list.setCurrentItem(current)
        self.list.blockSignals(False)
        for column in range(self.list.columnCount()):  # every column as wide as what it holds
            self.list.resizeColumnToContents(column)
        if current is None:
            self._show(None)

    def show_older(self) -> None:
        """The next page: the records older than the last one listed (keyset paging)."""
        if self._last_id is None:
            return
        try:
            records = self._main.records.list(self.search.text(), before=self._last_id)
        except InputError as error:
            self._say_search(str(error))
            return
        except HistoryError as error:
            self._say_search(str(error), refused=False)
            return
        self._append(records, None)

    def _append(self, records: list[RecordSummary], selected: int | None) -> QTreeWidgetItem | None:
        current: QTreeWidgetItem | None = None
        for summary in records:
            item = QTreeWidgetItem(self.list, list_row(summary))
            item.setData(0, ID_ROLE, summary.id)
            if summary.id == selected:
                current = item
        more = len(records) == PAGE_SIZE
        self._last_id = records[-1].id if more else None
        self.older_button.setVisible(more)
        shown = self.list.topLevelItemCount()
        text = self.tr("%1 record(s) shown, newest first; older ones: Show older records") if more else self.tr("%1 record(s)")
        lines = [text.replace("%1", str(shown)), *self._where()]
        self.count.setText("\n".join(lines))
        return current

    def _where(self) -> list[str]:
        """Which history is listed, and the summaries printed here not yet in the hospital's."""
        records = self._main.records
        if records.server_url is None:
            return []
        lines = [self.tr("The hospital's history at %1").replace("%1", records.server_url.shown)]
        try:
            unsent = records.unsent()
        except HistoryError:
            return lines
        if unsent:
            lines.append(
                self.tr("Summaries printed on this workstation and NOT yet in the hospital's history: %1 (sent when it answers).")
                .replace("%1", str(unsent))
            )
        return lines

    def _say_search(self, message: str | None, refused: bool = True) -> None:
        """A search refused ("Not accepted: ..."), or a history that cannot be read (said as it is)."""
        self.search_error.setText((self.tr("Not accepted: ") if refused else "") + message if message else "")
        self.search_error.setVisible(bool(message))

    def _show(self, item: QTreeWidgetItem | None) -> None:
        self._record = None
        self.differences.hide()
        if item is None:
            self.details.setPlainText(self.tr("Choose a record to see what was printed."))
            self._enable(False)
            return
        try:
            self._record = self._main.records.get(int(item.data(0, ID_ROLE)))
        except HistoryError as error:
            self.details.setPlainText(str(error))
            self._enable(False)
            return
        self.details.setPlainText(record_details(self._record))
        self._enable(True)

    # ---- reopen, reprint, open -----------------------------------------------------------------

    def differences_shown(self) -> str:
        """The heading and every line of the differences box ("" when it is hidden)."""
        if self.differences.isHidden():
            return ""
        return self.differences_heading.text() + "\n" + self.differences_text.text()

    def reopen(self) -> PlanResult | None:
        """Calculate the record again with today's formulary; show every difference plainly."""
        record = self._record
        if record is None:
            return None
        reopened = reopen(record, self._main.active_formulary().formulary)
        self.differences_heading.setText(reopened.heading)
        self.differences_text.setText(reopened.text())
        self.differences.show()
        return reopened.plan

    def reprint(self) -> int | None:
        return self._reprint(as_pdf=False)

    def reprint_pdf(self) -> int | None:
        return self._reprint(as_pdf=True)

    def _reprint(self, as_pdf: bool) -> int | None:
        record = self._record
        if record is None:
            return None
        plan = self.reopen()
        if plan is None:
            self._main.inform(
                self.tr("Not reprinted"),
                self.tr("The record cannot be recalculated with today's formulary:\n") + self.differences_text.text(),
            )
            return None
        actions = self._main.summary_actions
        if as_pdf:
            record_id = actions.save_pdf(plan, record.review, "reprint-pdf", reprint_of=record.id)
        else:
            record_id = actions.print(plan, record.review, "reprint", reprint_of=record.id)
        self.refresh()
        return record_id

    def open_in_calculator(self) -> None:
        record = self._record
        if record is None:
            return
        if self._main.load_inputs(record.patient, record.orders):
            self._calculator.raise_()
            self._calculator.activateWindow()
