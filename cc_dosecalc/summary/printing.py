"""Laying the dosing summary out on pages: preview, printer and PDF share one renderer.

Imported only when something is printed (it loads QtGui). :func:`render` paints every page
itself, so each one carries the running header, "page N of M" and, for a plan with a stop
left without an override, "NOT FOR ORDERING" in large letters.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from cc_dosecalc.summary.document import SummaryDocument

logger = logging.getLogger(__name__)
FONT_FAMILY = "DejaVu Sans"
BODY_POINT_SIZE = 9.0
PDF_RESOLUTION = 300
PAGE_SIZE = QPageSize.PageSizeId.A4
MARGINS_MM = QMarginsF(15, 12, 15, 12)
_BANNER_RED = QColor("#b00020")


class SummaryWriteError(OSError):
    """The PDF could not be written; nothing at the path was changed. The message is one line."""


class SummaryPrintError(RuntimeError):
    """The printer could not be started (no painter could begin on it)."""


def ensure_gui_application() -> None:
    """Text layout needs a Qt GUI application; the command line has none of its own."""
    if QGuiApplication.instance() is None:
        QGuiApplication(["cc-dosecalc"])


def render(document: SummaryDocument, device: QPagedPaintDevice) -> int:
    """Paint the summary on ``device`` (a QPrinter or QPdfWriter) page by page; returns the page count."""
    ensure_gui_application()
    painter = QPainter()
    if not painter.begin(device):
        logger.warning("summary not printed: no painter could begin on the %s", type(device).__name__)
        raise SummaryPrintError("the printer could not be started")
    try:
        return _paint_pages(document, device, painter)
    finally:
        painter.end()


def paint_handler(document: SummaryDocument) -> Callable[[object], None]:
    """A slot for ``QPrintPreviewDialog.paintRequested``: paints ``document`` on the printer it is given."""

    def paint(printer: object) -> None:
        assert isinstance(printer, QPagedPaintDevice)
        # the pages laid out as the PDF's (A4, its margins), not on the preview's default margins
        printer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZE), QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter))
        render(document, printer)

    return paint


def pdf_bytes(document: SummaryDocument) -> bytes:
    """The summary as a PDF file's bytes (A4)."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZE), QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter))
    writer.setTitle(f"{document.title}: {document.patient_label}")
    writer.setCreator(f"cc-dosecalc {document.app_version}")
    render(document, writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def write_pdf(document: SummaryDocument, path: str | os.PathLike[str]) -> Path:
    """Write the summary's PDF at ``path`` atomically: a temporary file in the same folder,
    flushed to disk, then renamed over ``path``. On any failure the temporary file is removed,
    whatever was at ``path`` is left as it was, and :class:`SummaryWriteError` says why."""
    try:
        content = pdf_bytes(document)
    except SummaryPrintError as error:
        raise _not_saved(Path(path), str(error)) from error
    return write_atomically(content, path)


def write_atomically(content: bytes, path: str | os.PathLike[str]) -> Path:
    """Write ``content`` at ``path`` through a temporary file in the same folder, flushed to disk
    and renamed over ``path``; on failure nothing at ``path`` changes (:class:`SummaryWriteError`)."""
    target = Path(path)
    folder = target.parent
    try:
        if target.is_dir():
            raise _not_saved(target, "it is a folder")
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise _not_saved(target, _reason(error), error) from error
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _not_saved(target, _reason(error), error) from error
    _sync_folder(folder)
    return target


def _not_saved(target: Path, reason: str, cause: OSError | None = None) -> SummaryWriteError:
    """The refusal to the user, and its cause in the log. The path goes to the log only at debug
    level: a suggested file name carries the patient's identifier or name."""
    system = f" ({type(cause).__name__} errno {cause.errno}: {cause.strerror})" if cause is not None else ""
    logger.warning("PDF not saved: %s%s", reason, system)
    logger.debug("PDF not saved at %s", target)
    return SummaryWriteError(f"Cannot save the PDF at {target}: {reason}")


def _reason(error: OSError) -> str:
    """The cause in words: "the folder is read-only", "the disk is full", or the system's message."""
    words = {
        errno.EACCES: "permission denied (the folder is read-only or not yours)",
        errno.EPERM: "permission denied (the folder is read-only or not yours)",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is full",
        errno.ENOENT: "the folder does not exist",
        errno.ENOTDIR: "the folder does not exist",
    }
    return words.get(error.errno or 0, error.strerror or str(error) or type(error).__name__)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# ---------------------------------------------------------------------------------------
# Page painting
# ---------------------------------------------------------------------------------------


def _points(device: QPagedPaintDevice, points: float) -> float:
    return points * device.logicalDpiY() / 72.0


def _font(point_size: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    # no "fi"/"ff" ligatures: the PDF's text must read (and search) as written
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def _paint_pages(document: SummaryDocument, device: QPagedPaintDevice, painter: QPainter) -> int:
    width, height = float(device.width()), float(device.height())
    header_font, footer_font = _font(7.5), _font(7.5)
    banner_font = _font(20, bold=True)
    line = QFontMetricsF(header_font, device).height()
    banner_height = QFontMetricsF(banner_font, device).height() * 1.5 if document.banner else 0.0
    gap = _points(device, 6)
    header_height = line + gap + (banner_height + gap if document.banner else 0.0)
    footer_height = line + gap

    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    text.setDefaultFont(_font(BODY_POINT_SIZE))
    text.setDocumentMargin(0)
    text.setHtml(document.html())
    body = QSizeF(width, height - header_height - footer_height)
    text.setPageSize(body)
    pages = text.pageCount()

    for page in range(pages):
        if page:
            device.newPage()
        painter.save()
        painter.setPen(QPen(QColor("#333333")))
        painter.setFont(header_font)
        painter.drawText(QRectF(0, 0, width, line), Qt.AlignmentFlag.AlignLeft, document.running_header)
        rule_y = header_height - gap / 2
        if document.banner:
            box = QRectF(0, line + gap / 2, width, banner_height)
            painter.fillRect(box, QColor("#fde8ec"))
            painter.setPen(QPen(_BANNER_RED, _points(device, 1.5)))
            painter.drawRect(box)
            painter.setFont(banner_font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, document.banner)
        painter.setPen(QPen(QColor("#9aa7b5"), _points(device, 0.5)))
        painter.drawLine(0, int(rule_y), int(width), int(rule_y))
        footer_top = height - footer_height + gap / 2
        painter.drawLine(0, int(footer_top), int(width), int(footer_top))
        painter.setPen(QPen(QColor("#333333")))
        painter.setFont(footer_font)
        footer = QRectF(0, height - line, width, line)
        painter.drawText(footer, Qt.AlignmentFlag.AlignLeft, document.running_footer)
        painter.drawText(footer, Qt.AlignmentFlag.AlignRight, f"page {page + 1} of {pages}")
        painter.restore()

        painter.save()
        painter.translate(0, header_height - page * body.height())
        text.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
        painter.restore()
    return pages
