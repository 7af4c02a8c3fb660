"""Printing, previewing and saving the dosing summary from the window, and recording each one.

Loaded when the nurse first prints (QtPrintSupport is imported here, never at the window's
start). The history is the window's :class:`cc_dosecalc.app.records.Records`. Every dialog sits behind a small method a test can replace:
:meth:`SummaryActions.confirm`, :meth:`ask_printer`, :meth:`ask_pdf_path`, :meth:`run_dialog`
and the window's ``inform``.

After a successful print or save the summary is recorded in the history (the preview prints
through Print, so its printouts are recorded too). A summary that was printed but could not be
recorded is still printed, and the nurse is told plainly that it was not recorded, and why.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QStandardPaths
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QVBoxLayout, QWidget

from cc_dosecalc.history import HistoryError, How, KeptUnsent
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_status
from cc_dosecalc.summary.document import SummaryDocument, build_summary
from cc_dosecalc.summary.page_layout import DEFAULT_PAGE_SIZE, PageSizeName, page_size_name
from cc_dosecalc.summary.printing import SummaryPrintError, SummaryWriteError, paint_handler, render, write_pdf

if TYPE_CHECKING:
    from cc_dosecalc.app.records import Records
    from cc_dosecalc.gui.settings import Settings

NOT_FOR_ORDERING_QUESTION = "This plan has a stop without an override: it will print NOT FOR ORDERING. {verb} anyway?"


class Host(Protocol):
    """What the glue needs from the window."""

    def inform(self, title: str, text: str) -> None: ...

    def formulary_notices(self) -> tuple[str, ...]: ...

    def show_status(self, text: str, milliseconds: int = 0) -> None: ...

    def settings(self) -> Settings: ...

    @property
    def records(self) -> Records: ...

    def summary_recorded(self, plan: PlanResult, review: Review) -> None: ...


def default_page_size() -> PageSizeName:
    """The saved PDF's page size: the default printer's (so it matches what prints), else A4."""
    printer = QPrinterInfo.defaultPrinter()
    return page_size_name(printer.defaultPageSize()) if not printer.isNull() else DEFAULT_PAGE_SIZE


def default_pdf_name(plan: PlanResult, moment: datetime) -> str:
    """``dosing-summary-<identifier or name>-<YYYYmmdd-HHMM>.pdf``, safe as a file name anywhere."""
    who = plan.patient.identifier or plan.patient.name
    safe = re.sub(r"[^A-Za-z0-9]+", "-", who).strip("-")[:40]
    parts = ["dosing-summary", *([safe] if safe else []), moment.strftime("%Y%m%d-%H%M")]
    return "-".join(parts) + ".pdf"


class SummaryActions:
    """Print, preview and save the summary of a plan; record what was printed or saved."""

    def __init__(self, parent: QWidget, host: Host) -> None:
        self._parent = parent
        self._host = host

    # ---- the dialogs (tests replace these) -------------------------------------------------

    def confirm(self, title: str, text: str) -> bool:
        # Cancel is the default: a reflex Enter must not print a plan NOT FOR ORDERING
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        answer = QMessageBox.question(self._parent, title, text, buttons, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def ask_printer(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self._parent)
        return self.run_dialog(dialog)

    def ask_pdf_path(self, suggested: Path) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self._parent, self._parent.tr("Save the dosing summary as PDF"), str(suggested), self._parent.tr("PDF files (*.pdf)")
        )
        return path or None

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog; True when it was accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    # ---- the history ----------------------------------------------------------------------

    def _record(
        self, plan: PlanResult, review: Review, document: SummaryDocument, how: How, reprint_of: int | None, done: str
    ) -> int | None:
        try:
            record_id = self._host.records.add(plan, review, document.text(), how, reprint_of=reprint_of)
        except KeptUnsent as error:
            message = self._parent.tr("The summary was %1.\n\n%2").replace("%1", done).replace("%2", str(error))
            self._host.show_status(self._parent.tr("Summary %1 but NOT yet in the hospital's history").replace("%1", done))
            self._host.inform(self._parent.tr("Not yet in the hospital's history"), message)
            return None
        except HistoryError as error:
            message = self._parent.tr("The summary was %1 but NOT recorded in the history.\n\nReason: %2").replace("%1", done)
            message = message.replace("%2", str(error))
            self._host.show_status(self._parent.tr("Summary %1 but NOT recorded in the history").replace("%1", done))
            self._host.inform(self._parent.tr("Summary not recorded"), message)
            return None
        self._host.summary_recorded(plan, review)
        return record_id

    # ---- building the document ------------------------------------------------------------

    def document(self, plan: PlanResult, review: Review, reprint_of: int | None = None) -> SummaryDocument:
        notices = list(self._host.formulary_notices())
        notices += [notice for notice in self._host.records.notices() if notice not in notices]
        note = ""
        if reprint_of is not None:
            note = self._parent.tr("Reprint of history record %1").replace("%1", str(reprint_of))
            first = self._host.records.first_printed(reprint_of)
            if first is not None:
                note += self._parent.tr(", first printed %1").replace("%1", first)
            note += self._parent.tr(", calculated again with the formulary in force today.")
        return build_summary(
            plan, review, printed_at=datetime.now().astimezone(), notices=notices, reprint_of=reprint_of, reprint_note=note
        )

    def _may_print(self, plan: PlanResult, review: Review, verb: str) -> bool:
        if review_status(plan, review).for_ordering:
            return True
        return self.confirm(self._parent.tr("Not for ordering"), self._parent.tr(NOT_FOR_ORDERING_QUESTION.replace("{verb}", verb)))

    # ---- the three actions ----------------------------------------------------------------

    def preview(self, plan: PlanResult, review: Review) -> None:
        """The pages exactly as they will print. Its Print button prints through :meth:`print`,
        so a printout from the preview is confirmed and recorded like any other (the stock
        QPrintPreviewDialog prints by itself, out of reach of the history)."""
        document = self.document(plan, review)
        dialog = QDialog(self._parent)
        dialog.setObjectName("printPreviewDialog")
        dialog.setWindowTitle(self._parent.tr("Print preview: dosing summary"))
        pages = QPrintPreviewWidget(dialog)
        pages.setObjectName("printPreview")
        pages.paintRequested.connect(paint_handler(document))
        pages.fitToWidth()
        buttons = QDialogButtonBox(dialog)
        print_button = buttons.addButton(self._parent.tr("Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        print_button.setObjectName("previewPrintButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(pages, 1)
        layout.addWidget(buttons)
        dialog.resize(820, 980)
        if self.run_dialog(dialog):
            self.print(plan, review)
        dialog.deleteLater()

    def print(self, plan: PlanResult, review: Review, how: How = "print", reprint_of: int | None = None) -> int | None:
        """Print the summary on a printer the nurse chooses. Returns the record's id (None when
        not printed or not recorded)."""
        if not self._may_print(plan, review, self._parent.tr("Print")):
            return None
        document = self.document(plan, review, reprint_of)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"{document.title}: {document.patient_label}")
        if not self.ask_printer(printer):
            return None
        try:
            render(document, printer)
        except SummaryPrintError as error:
            self._host.inform(self._parent.tr("Not printed"), self._parent.tr("The summary was not printed: %1.").replace("%1", str(error)))
            return None
        self._host.show_status(self._parent.tr("Summary sent to the printer."), 8000)
        return self._record(plan, review, document, how, reprint_of, self._parent.tr("printed"))

    def save_pdf(self, plan: PlanResult, review: Review, how: How = "pdf", reprint_of: int | None = None) -> int | None:
        """Save the summary as a PDF file the nurse names. Returns the record's id (None when
        not saved or not recorded)."""
        if not self._may_print(plan, review, self._parent.tr("Save")):
            return None
        settings = self._host.settings()
        folder = settings.last_pdf_folder
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen = self.ask_pdf_path(Path(folder) / default_pdf_name(plan, datetime.now()))
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        document = self.document(plan, review, reprint_of)
        try:
            written = write_pdf(document, path, default_page_size())
        except SummaryWriteError as error:
            self._host.inform(self._parent.tr("Summary not saved"), str(error))
            return None
        settings.last_pdf_folder = str(written.parent)
        self._host.show_status(self._parent.tr("Summary saved as %1").replace("%1", str(written)), 8000)
        return self._record(plan, review, document, how, reprint_of, self._parent.tr("saved"))
