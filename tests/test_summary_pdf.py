"""The printed summary read back from its PDF: every item the issue lists, for four plans."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget

from cc_dosecalc import __version__
from cc_dosecalc.review import Review, review_items
from cc_dosecalc.summary.document import build_summary
from cc_dosecalc.summary.printing import paint_handler, pdf_bytes, render, write_pdf
from tests.summary_plans import (
    PRINTED_AT,
    PRINTED_TEXT,
    acknowledge_all,
    ivig_plan,
    one_drug_plan,
    pdf_pages,
    pdf_text,
    stop_plan,
    three_drug_plan,
)


@pytest.fixture(autouse=True)
def _gui(qapp):  # type: ignore[no-untyped-def]
    """Text layout needs the test session's one QApplication."""
    return qapp


def assert_common(text: str, formulary) -> None:  # type: ignore[no-untyped-def]
    assert text.count("Dosing summary") >= 2  # the title and every page's running header
    assert f"Printed {PRINTED_TEXT} by cc-dosecalc {__version__}" in text
    assert f"Formulary {formulary.name}, version {formulary.version}" in text
    assert f"SHA-256 {formulary.sha256}" in text
    assert f"Application cc-dosecalc {__version__}" in text
    assert "Prepared by (nurse)" in text
    assert "Name (print) Signature Date Time" in text


def test_one_drug_plan(formulary, tmp_path):
    plan = one_drug_plan(formulary)
    path = write_pdf(build_summary(plan, acknowledge_all(plan), printed_at=PRINTED_AT), tmp_path / "one.pdf")
    pages = pdf_pages(path)
    text = " ".join(pages)
    assert_common(text, formulary)
    # the allergies box and diltiazem's contraindications fill the first page: the signatures
    # go to the second whole, never split from their heading
    assert len(pages) == 2 and "page 1 of 2" in pages[0]
    assert "Signatures Prepared by (nurse)" in pages[1] and "Signatures" not in pages[0]
    assert "Status: Checked: ready for ordering" in text
    for row in (
        "Name Jane O'Brien",
        "Identifier MRN 0042-7781",
        "Weight 154 lb entered = 69.85 kg (measured)",
        "Age 16 years",
        "Height 165 cm",
        "Sex female",
        "Kidney function creatinine clearance 90 mL/min",
    ):
        assert row in text
    assert "1. diltiazem (oral; Calcium channel blocker)" in text
    assert "diltiazem oral 139.7 to 279.4 mg/day (2 to 4 mg/kg/day)" in text
    assert "Dosing weight 69.85 kg, actual body weight" in text
    assert "Weight: 154 lb x 0.45359237 kg/lb = 69.85 kg" in text
    assert "2 mg/kg/day x 69.85 kg (actual weight) = 139.7 mg/day" in text
    assert "4 mg/kg/day x 69.85 kg (actual weight) = 279.4 mg/day" in text
    assert "WARNING Patient under 18 years" in text
    assert "acknowledged" in text and "NOT acknowledged" not in text
    assert "Side effects: bradycardia; AV block; hypotension; heart failure; oedema; liver injury" in text
    assert "Source: Calcinosis cutis treatment review (calcinosis-cutis-treatment.txt); US labels, diltiazem" in text
    assert "One treatment on this summary: no interactions to check." in text
    assert "Patient: Jane O'Brien, MRN 0042-7781" in pages[0]  # every page says whose it is
    assert "Independent double check" not in text
    assert "NOT FOR ORDERING" not in text


def test_three_drug_plan_with_an_interaction(formulary, tmp_path):
    path = write_pdf(build_summary(three_drug_plan(formulary), Review(), printed_at=PRINTED_AT), tmp_path / "three.pdf")
    pages = pdf_pages(path)
    text = " ".join(pages)
    assert_common(text, formulary)
    assert "Status: Not yet checked: 2 warnings to acknowledge" in text
    assert "Treatments (3)" in text
    assert "diltiazem oral 140 to 280 mg/day (2 to 4 mg/kg/day)" in text
    assert "2. cefTRIAXone (IV;" in text
    assert "cefTRIAXone IV 2 g/day for 20 days (course total 40 g)" in text
    assert "Course total 40 g" in text
    assert "2 g/day x 20 days = 40 g course total" in text
    assert "warfarin oral 1 mg/day" in text
    assert "Monitoring: INR" in text
    assert "Interactions between the treatments" in text
    assert "Level Treatments Interaction Status" in text
    assert "WARNING cefTRIAXone + warfarin The anticoagulant effect may rise: monitor INR." in text
    assert "NOT acknowledged" in text
    assert "INFO Warfarin is a high-alert medicine" in text
    assert "Independent double check (second nurse) Required: Warfarin is a high-alert medicine" in text
    assert "NOT FOR ORDERING" not in text
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page


def test_ivig_plan_on_adjusted_weight(formulary, tmp_path):
    plan = ivig_plan(formulary)
    path = write_pdf(build_summary(plan, acknowledge_all(plan), printed_at=PRINTED_AT), tmp_path / "ivig.pdf")
    text = pdf_text(path)
    assert_common(text, formulary)
    assert "immune globulin (IVIG) IV 164.6 g per course (2 g/kg): 82.3 g daily for 2 days" in text
    assert "Dosing weight 82.28 kg, adjusted body weight" in text
    assert "Weights compared actual 100 kg; ideal 70.46 kg; adjusted 82.28 kg (used)" in text
    assert "Ideal body weight (Devine, male): 50 kg + 2.3 kg x (68.9 in - 60 in) = 70.46 kg" in text
    assert "Adjusted body weight: 70.46 kg + 0.4 x (100 kg - 70.46 kg) = 82.28 kg" in text
    assert "Course total 164.6 g over 2 days" in text
    assert "Daily schedule Day Dose Volume (10% product) Day 1 82.3 g 823 mL Day 2 82.3 g 823 mL" in text
    assert "INFO IgA deficiency with antibodies against IgA" in text
    assert "Independent double check (second nurse) Required: IVIG is a high-cost blood product" in text


def test_unresolved_stop_prints_not_for_ordering_on_every_page(formulary, tmp_path):
    plan = stop_plan(formulary)
    path = write_pdf(build_summary(plan, Review(), printed_at=PRINTED_AT), tmp_path / "stop.pdf")
    pages = pdf_pages(path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "NOT FOR ORDERING" in page
        assert f"page {number} of {len(pages)}" in page
        assert "Patient: Kim Child, P-9" in page
    text = " ".join(pages)
    assert "Status: NOT FOR ORDERING: 4 stops without an override" in text
    assert "STOP Patient under 8 years: minocycline causes tooth discoloration and enamel damage." in text
    assert text.count("NOT overridden") == 4
    assert "Ordered dose 3 g" in text
    assert "Ordered dose 5,000 mg" in text


def test_overridden_stop_prints_its_reason_and_no_banner(formulary, tmp_path):
    plan = stop_plan(formulary)
    review = acknowledge_all(plan)
    for item in review_items(plan):
        if item.level == "stop":
            review = review.override(item.key, "Confirmed with Dr Smith, bleep 4411", "Dr J. Smith")
    text = pdf_text(write_pdf(build_summary(plan, review, printed_at=PRINTED_AT), tmp_path / "over.pdf"))
    assert "NOT FOR ORDERING" not in text
    assert text.count("Overridden by Dr J. Smith. Reason: Confirmed with Dr Smith, bleep 4411") == 4
    assert "Independent double check (second nurse) Required: A stop was overridden (minocycline) by Dr J. Smith" in text


def test_formulary_notices_are_printed(formulary):
    notice = "The site formulary /etc/cc-dosecalc/site.toml was refused: the built-in formulary is in force."
    document = build_summary(one_drug_plan(formulary), Review(), printed_at=PRINTED_AT, notices=(notice,))
    assert f"Formulary notice: {notice}" in pdf_text(pdf_bytes(document))


def test_user_text_prints_literally(formulary):
    from cc_dosecalc.engine import calculate_plan
    from cc_dosecalc.plan import Order
    from tests.summary_plans import patient

    plan = calculate_plan(formulary, patient("70", name="<b>Ann</b> & Co"), [Order("warfarin")])
    assert "Name <b>Ann</b> & Co" in pdf_text(pdf_bytes(build_summary(plan, Review(), printed_at=PRINTED_AT)))


def test_the_preview_renderer_paints_on_a_pdf_printer(formulary, tmp_path):
    """What QPrintPreviewDialog.paintRequested calls, handed a PDF QPrinter (offscreen has no printers)."""
    document = build_summary(stop_plan(formulary), Review(), printed_at=PRINTED_AT)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "preview.pdf"))
    paint_handler(document)(printer)
    pages = pdf_pages(tmp_path / "preview.pdf")
    assert len(pages) >= 2
    assert all("NOT FOR ORDERING" in page and f"page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert "minocycline oral 50 to 100 mg/day" in " ".join(pages)


def test_the_preview_dialog_shows_every_page(formulary, qtbot):
    document = build_summary(stop_plan(formulary), Review(), printed_at=PRINTED_AT)
    expected = len(pdf_pages(pdf_bytes(document)))
    dialog = QPrintPreviewDialog()
    qtbot.addWidget(dialog)
    dialog.paintRequested.connect(paint_handler(document))
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() == expected >= 2


def test_render_returns_the_page_count(formulary, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "screen.pdf"))
    count = render(build_summary(one_drug_plan(formulary), Review(), printed_at=PRINTED_AT), printer)
    assert count == len(pdf_pages(tmp_path / "screen.pdf")) >= 2
