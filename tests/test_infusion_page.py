"""The summary's IVIG infusion page: one per day, its own page, the steps with space to write."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.plan import Order
from cc_dosecalc.review import Review
from cc_dosecalc.summary.document import build_summary
from cc_dosecalc.summary.printing import write_pdf
from tests.conftest import make_patient
from tests.summary_plans import PRINTED_AT, pdf_pages


@pytest.fixture(autouse=True)
def _gui(qapp):  # type: ignore[no-untyped-def]
    return qapp


def test_each_day_of_the_course_has_its_own_infusion_page(formulary, tmp_path):  # type: ignore[no-untyped-def]
    patient = replace(make_patient("70", "70", crcl="90"), ivig_risk_factors=())
    plan = calculate_plan(formulary, patient, [Order("ivig", days=2, product_id="octagam-10")])
    document = build_summary(plan, Review(), printed_at=PRINTED_AT)
    pages = pdf_pages(write_pdf(document, tmp_path / "ivig.pdf"))
    starts = [index for index, page in enumerate(pages) if "IVIG infusion plan, day" in page]
    assert len(starts) == 2 and starts[1] == starts[0] + 1
    first = " ".join(pages[starts[0]].split())
    assert "IVIG infusion plan, day 1 of 2" in first and "IVIG infusion plan, day 2 of 2" in " ".join(pages[starts[1]].split())
    # nothing of the summary before it shares the page
    assert "Signatures" not in first
    assert "0:00 42 1 30 21 mL 21 mL" in first
    assert "0:30 84 2 30 42 mL 63 mL" in first
    assert "1:00 138.6 3.3 276 (until the day's volume is given) 637 mL 700 mL" in first
    assert "Time started" in first and "Observations" in first
    assert "5:36 end of the infusion" in first
    assert "IVIG infusion plan, day 2 of 2" in document.text()
