"""One page layout for every output: page size and margins from one place, and headings and
signature blocks kept with what follows them, on A4 and on Letter."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from cc_dosecalc.review import Review, review_items
from cc_dosecalc.summary.document import build_summary
from cc_dosecalc.summary.page_layout import PAGE_SIZES
from cc_dosecalc.summary.printing import pdf_bytes, render
from tests.page_checks import assert_kept_with_what_follows
from tests.summary_plans import PRINTED_AT, acknowledge_all, ivig_plan, one_drug_plan, pdf_pages, stop_plan, three_drug_plan

PLANS = {"one drug": one_drug_plan, "three drugs": three_drug_plan, "IVIG": ivig_plan, "three stops": stop_plan}
# the page in PDF points, as a nurse's printer gets it
PAGE_POINTS = {"A4": (595, 842), "Letter": (612, 792)}


@pytest.fixture(autouse=True)
def _gui(qapp):  # type: ignore[no-untyped-def]
    return qapp


@pytest.mark.parametrize("size", ["A4", "Letter"])
@pytest.mark.parametrize("plan_name", PLANS)
def test_headings_and_signatures_stay_with_what_follows(formulary, plan_name, size):
    document = build_summary(PLANS[plan_name](formulary), Review(), printed_at=PRINTED_AT)
    data = pdf_bytes(document, size)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == PAGE_POINTS[size]
    assert_kept_with_what_follows(pdf_pages(data), document)


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_a_printer_gets_the_summary_margins_on_its_own_page_size(formulary, tmp_path, size):
    """A printer comes with margins of its own (about 3.5 mm); the summary replaces them and
    keeps the page size the nurse chose, so its pages break where the saved PDF's do."""
    document = build_summary(three_drug_plan(formulary), Review(), printed_at=PRINTED_AT)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(PAGE_SIZES[size]))
    printer.setPageMargins(QMarginsF(3.5, 3.5, 3.5, 3.5), QPageLayout.Unit.Millimeter)  # a printer's own
    pages = render(document, printer)
    margins = printer.pageLayout().margins(QPageLayout.Unit.Millimeter)
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (15, 12, 15, 12)
    assert printer.pageLayout().pageSize().id() == PAGE_SIZES[size]
    del printer
    assert pdf_pages(tmp_path / "printed.pdf") == pdf_pages(pdf_bytes(document, size))
    assert pages == len(pdf_pages(tmp_path / "printed.pdf"))


@pytest.mark.parametrize("size", ["A4", "Letter"])
@pytest.mark.parametrize("overridden", [False, True])
@pytest.mark.parametrize("plan_name", PLANS)
def test_moving_a_label_to_the_next_page_loses_no_paragraph(formulary, plan_name, overridden, size):
    """Moving a label to the next page once left the second-nurse note (a paragraph between two
    tables) with no lines at all: it was missing from the printed page. Every signature's role
    and note are printed, whichever plan, page size and review."""
    plan = PLANS[plan_name](formulary)
    review = acknowledge_all(plan)
    if overridden:
        for item in review_items(plan):
            if item.level == "stop":
                review = review.override(item.key, "Confirmed with Dr Smith, bleep 4411", "Dr J. Smith")
    document = build_summary(plan, review, printed_at=PRINTED_AT)
    # the PDF's text breaks a line after a slash as "mg/ kg": joined again here
    text = " ".join(" ".join(pdf_pages(pdf_bytes(document, size))).split()).replace("/ ", "/")
    for line in document.signatures:
        assert line.role in text
        assert " ".join(line.note.split()).replace("/ ", "/") in text
