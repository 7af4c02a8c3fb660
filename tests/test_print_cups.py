"""The summary printed through a real CUPS queue (cups-pdf writes each job to a PDF file) has
the pages and the text of the saved PDF, on A4 and on Letter."""

from __future__ import annotations

import difflib
import io
import subprocess
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from cc_dosecalc.review import Review
from cc_dosecalc.summary.document import build_summary
from cc_dosecalc.summary.page_layout import PAGE_SIZES
from cc_dosecalc.summary.printing import render, write_pdf
from tests.page_checks import assert_kept_with_what_follows
from tests.services import PrintQueue
from tests.summary_plans import PRINTED_AT, pdf_pages, stop_plan, three_drug_plan

PAGE_POINTS = {"A4": (595, 842), "Letter": (612, 792)}


@pytest.fixture(autouse=True)
def _gui(qapp):  # type: ignore[no-untyped-def]
    return qapp


@pytest.mark.parametrize("size", ["A4", "Letter"])
@pytest.mark.parametrize("make_plan", [three_drug_plan, stop_plan], ids=["three drugs", "three stops"])
def test_the_printed_pages_are_the_saved_pdf(formulary, print_queue: PrintQueue, tmp_path, make_plan, size):
    document = build_summary(make_plan(formulary), Review(), printed_at=PRINTED_AT)
    saved = visible_pages(write_pdf(document, tmp_path / "saved.pdf", size))

    info = QPrinterInfo.printerInfo(print_queue.name)
    assert not info.isNull(), f"Qt does not see the {print_queue.name} queue"
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    assert printer.outputFormat() == QPrinter.OutputFormat.NativeFormat  # the CUPS path, not a file
    printer.setPageSize(QPageSize(PAGE_SIZES[size]))
    printer.setDocName(f"cc-dosecalc-test-{uuid.uuid4().hex[:8]}")
    mark = print_queue.mark()
    pages = render(document, printer)
    del printer  # the job goes to CUPS
    printed_file = print_queue.collect(mark)
    try:
        data = printed_file.read_bytes()
    finally:
        printed_file.unlink()

    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == PAGE_POINTS[size]
    printed = pdf_pages(data)
    assert len(printed) == len(saved) == pages
    for number, (on_paper, in_file) in enumerate(zip(printed, saved, strict=True), start=1):
        assert on_paper == in_file, f"page {number} differs: {_difference(on_paper, in_file)}"
    assert_kept_with_what_follows(printed, document)


def visible_pages(path: Path) -> list[str]:
    """The text a reader of the saved PDF sees on each page. Where a table row breaks over two
    pages, Qt writes the row's text on both, clipped away on one; poppler's cairo rendering
    (the one the print queue uses) drops what is clipped away, and so is compared like for like."""
    visible = path.with_name(path.stem + "-visible.pdf")
    subprocess.run(["pdftocairo", "-pdf", str(path), str(visible)], check=True, capture_output=True, timeout=60)
    return pdf_pages(visible)


def _difference(printed: str, saved: str) -> str:
    """The words that differ, printed (-) against saved (+)."""
    changes = difflib.ndiff(printed.split(" "), saved.split(" "))
    return " ".join(change for change in changes if change[:1] in "+-")[:600]
