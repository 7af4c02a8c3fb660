"""The one page layout of the dosing summary, whatever it is painted on.

The printer, the print preview and the saved PDF all take their page size and margins from
:func:`page_layout` (a printer left alone has its own margins, about 3.5 mm, and pages that
differ from the PDF's). :func:`keep_with_next` then moves a heading, or a label that introduces
a table or a list (a signature's role and what it requires, "Daily schedule"), to the next page
when it would otherwise sit at the foot of a page apart from what it introduces.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextBlock, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtPrintSupport import QPrinter

PageSizeName = Literal["A4", "Letter"]

PAGE_SIZES: dict[PageSizeName, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
}
DEFAULT_PAGE_SIZE: PageSizeName = "A4"
MARGINS_MM = QMarginsF(15, 12, 15, 12)
# text is laid out at this resolution on every device: a printer at 1200 dpi would otherwise
# wrap a line a few points differently and move a table to another page than the PDF's
RESOLUTION_DPI = 300


def page_layout(size: PageSizeName | QPageSize = DEFAULT_PAGE_SIZE) -> QPageLayout:
    """Portrait, :data:`MARGINS_MM`, on ``size`` (a name, or the page size a printer was set to)."""
    page_size = size if isinstance(size, QPageSize) else QPageSize(PAGE_SIZES[size])
    return QPageLayout(page_size, QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter)


def prepare(device: QPagedPaintDevice) -> None:
    """Give a printer (or PDF writer) the summary's layout and resolution, keeping the page size
    it was set to (the one chosen in the print dialog). Call it before a painter begins on it."""
    device.setPageLayout(page_layout(device.pageLayout().pageSize()))
    if isinstance(device, (QPrinter, QPdfWriter)):
        device.setResolution(RESOLUTION_DPI)


def page_size_name(size: QPageSize) -> PageSizeName:
    """The name of a page size we lay out on; any other size is laid out as A4 would be named."""
    for name, identifier in PAGE_SIZES.items():
        if size.id() == identifier:
            return name
    return DEFAULT_PAGE_SIZE


def keep_with_next(text: QTextDocument) -> int:
    """Break the page before every heading or introducing label that would end a page apart from
    what follows it; ``text`` must already have its page size. Returns the number of breaks added.

    A stranded label takes the labels just above it on its page along (the "Signatures"
    heading goes with "Prepared by (nurse)" and its table). The check runs again until nothing
    moves; a block that already starts a page is never broken before again, which bounds the loop."""
    added = 0
    while True:
        block = _first_stranded(text)
        if block is None:
            return added
        cursor = QTextCursor(block)
        layout_format = block.blockFormat()
        layout_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        cursor.setBlockFormat(layout_format)
        # Qt 6.11 relays out only part of the document after a block format changes and can
        # leave a later block with no lines at all (a second-nurse note between two tables
        # vanished from the printed page): lay the whole document out again
        text.markContentsDirty(0, text.characterCount())
        added += 1


def _first_stranded(text: QTextDocument) -> QTextBlock | None:
    page_height = text.pageSize().height()
    layout = text.documentLayout()
    root = text.rootFrame()
    block = text.begin()
    while block.isValid():
        following = block.next()
        if (
            following.isValid()
            and QTextCursor(block).currentFrame() == root
            and _introduces(block, following, root)
            and block.blockFormat().pageBreakPolicy() != QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
        ):
            page = int(layout.blockBoundingRect(block).top() // page_height)
            if int(layout.blockBoundingRect(following).top() // page_height) != page:
                return _chain_start(block, page, text)
        block = following
    return None


def _chain_start(block: QTextBlock, page: int, text: QTextDocument) -> QTextBlock:
    """The first of the labels that lead, one introducing the next, down to ``block`` on ``page``."""
    layout, root, page_height = text.documentLayout(), text.rootFrame(), text.pageSize().height()
    start = block
    while True:
        above = start.previous()
        if (
            not above.isValid()
            or QTextCursor(above).currentFrame() != root
            or not _introduces(above, start, root)
            or above.blockFormat().pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
            or int(layout.blockBoundingRect(above).top() // page_height) != page
        ):
            return start
        start = above


def _introduces(block: QTextBlock, following: QTextBlock, root: object) -> bool:
    """A heading, or a label (a paragraph that opens in bold) just before a table or a list:
    it belongs with what follows. A plain paragraph before a table (an order's sources before
    the next order) stays where it is."""
    if not block.text().strip():
        return False
    if block.blockFormat().headingLevel() > 0:
        return True
    return _opens_bold(block) and (QTextCursor(following).currentFrame() != root or following.textList() is not None)


def _opens_bold(block: QTextBlock) -> bool:
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        if fragment.isValid() and fragment.text().strip():
            return fragment.charFormat().fontWeight() >= QFont.Weight.Bold.value
        fragments += 1
    return False
