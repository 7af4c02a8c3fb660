"""Laying the dosing summary out on pages: preview, printer and PDF share one renderer.

Imported only when something is printed (it loads QtGui). :func:`render` paints every page
itself, so each one carries the running header, "page N of M" and, for a plan with a stop
left without an override, "NOT FOR ORDERING" in large letters. It also gives the device the
one page layout (:mod:`cc_dosecalc.summary.page_layout`), so a printed page, its preview and
the saved PDF break at the same lines.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMessageLogContext,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextLayout,
    QTextOption,
)

from cc_dosecalc.summary.document import SummaryDocument
from cc_dosecalc.summary.page_layout import DEFAULT_PAGE_SIZE, PageSizeName, keep_with_next, page_layout, prepare
from cc_dosecalc.summary.pdf_file import SummaryWriteError as SummaryWriteError  # raised by write_pdf
from cc_dosecalc.summary.pdf_file import check_target, not_saved, protected_paths, write_atomically

logger = logging.getLogger(__name__)

FONT_FAMILY = "DejaVu Sans"
BODY_POINT_SIZE = 9.0
_BANNER_RED = QColor("#b00020")


class SummaryPrintError(RuntimeError):
    """The printer could not be started (no painter could begin on it)."""


def ensure_gui_application() -> None:
    """Text layout needs a Qt GUI application; the command line has none of its own. Qt's own
    messages (its multi-line warning about a non-UTF-8 locale under ``LC_ALL=C``, a time zone it
    cannot read) go to the log, not to the command's standard error, which says one line per problem."""
    if QGuiApplication.instance() is None:
        qInstallMessageHandler(_log_qt_message)
        QGuiApplication(["cc-dosecalc"])


def _log_qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = logging.ERROR if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) else logging.INFO
    logger.log(level, "Qt: %s", " ".join(message.split()))


def render(document: SummaryDocument, device: QPagedPaintDevice) -> int:
    """Paint the summary on ``device`` (a QPrinter or QPdfWriter) page by page; returns the page count.

    The device keeps the page size it was given (the one chosen in the print dialog) and takes
    the summary's margins, portrait orientation and layout resolution."""
    ensure_gui_application()
    prepare(device)
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
        render(document, printer)

    return paint


def pdf_bytes(document: SummaryDocument, page_size: PageSizeName = DEFAULT_PAGE_SIZE) -> bytes:
    """The summary as a PDF file's bytes, on A4 unless told."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(page_layout(page_size))
    writer.setTitle(f"{document.title}: {document.patient_label}")
    writer.setCreator(f"cc-dosecalc {document.app_version}")
    render(document, writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def write_pdf(
    document: SummaryDocument,
    path: str | os.PathLike[str],
    page_size: PageSizeName = DEFAULT_PAGE_SIZE,
    protected: Iterable[str | os.PathLike[str]] = (),
) -> Path:
    """Write the summary's PDF at ``path`` atomically, where the policy of
    :mod:`cc_dosecalc.summary.pdf_file` allows it (``protected``: more files never to replace).
    On any failure whatever was at ``path`` is left as it was, and :class:`SummaryWriteError` says why."""
    check_target(Path(path), protected_paths(protected))
    try:
        content = pdf_bytes(document, page_size)
    except SummaryPrintError as error:
        raise not_saved(Path(path), str(error)) from error
    return write_atomically(content, path, protected)


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


# the widest "page N of M" the footer leaves room for
_PAGE_LABEL_ROOM = "page 888 of 888"


def _wrapped(text: str, font: QFont, device: QPagedPaintDevice, width: float) -> tuple[QTextLayout, float]:
    """``text`` laid out in lines of at most ``width`` (broken between words, or inside a word
    too long for a line), and the height of those lines."""
    layout = QTextLayout(text, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    top = 0.0
    while (text_line := layout.createLine()).isValid():
        text_line.setLineWidth(width)
        text_line.setPosition(QPointF(0, top))
        top += text_line.height()
    layout.endLayout()
    return layout, top


def _paint_pages(document: SummaryDocument, device: QPagedPaintDevice, painter: QPainter) -> int:
    width, height = float(device.width()), float(device.height())
    header_font, footer_font = _font(7.5), _font(7.5)
    banner_font = _font(20, bold=True)
    line = QFontMetricsF(header_font, device).height()
    banner_height = QFontMetricsF(banner_font, device).height() * 1.5 if document.banner else 0.0
    gap = _points(device, 6)
    header_height = line + gap + (banner_height + gap if document.banner else 0.0)
    # the footer names the patient in full: wrapped beside "page N of M", never printed over it
    page_label_width = QFontMetricsF(footer_font, device).horizontalAdvance(_PAGE_LABEL_ROOM) + gap
    footer_text, footer_text_height = _wrapped(document.running_footer, footer_font, device, width - page_label_width)
    footer_height = max(line, footer_text_height) + gap

    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    text.setDefaultFont(_font(BODY_POINT_SIZE))
    text.setDocumentMargin(0)
    text.setHtml(document.html())
    body = QSizeF(width, height - header_height - footer_height)
    text.setPageSize(body)
    keep_with_next(text)
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
        footer_text_top = height - footer_height + gap
        footer_text.draw(painter, QPointF(0, footer_text_top))
        painter.drawText(QRectF(0, footer_text_top, width, line), Qt.AlignmentFlag.AlignRight, f"page {page + 1} of {pages}")
        painter.restore()

        painter.save()
        painter.translate(0, header_height - page * body.height())
        text.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
        painter.restore()
    return pages
