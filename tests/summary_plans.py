"""The plans the summary tests print, and reading a PDF's text back as a nurse would see it."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.parsing import AGE, CRCL, HEIGHT, ORDERED_DOSE, WEIGHT, parse_measurement
from cc_dosecalc.plan import Allergies, DosingWeightChoice, Order, Patient, Sex, WeightSource
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_items
from tests.conftest import NO_KNOWN_ALLERGIES

PRINTED_AT = datetime(2026, 3, 14, 9, 5)
PRINTED_TEXT = "14 March 2026, 09:05"


def patient(
    weight: str,
    *,
    age: str | None = None,
    height: str | None = None,
    sex: Sex | None = None,
    crcl: str | None = None,
    name: str = "",
    identifier: str = "",
    source: WeightSource | None = WeightSource.MEASURED,
    allergies: Allergies | None = NO_KNOWN_ALLERGIES,
) -> Patient:
    return Patient(
        weight=parse_measurement(weight, WEIGHT),
        weight_source=source,
        age=parse_measurement(age, AGE) if age else None,
        height=parse_measurement(height, HEIGHT) if height else None,
        sex=sex,
        crcl=parse_measurement(crcl, CRCL) if crcl else None,
        name=name,
        identifier=identifier,
        allergies=allergies,
    )


def one_drug_plan(formulary: Formulary) -> PlanResult:
    """Diltiazem for a 16-year-old weighed in lb: one warning (age under 18)."""
    who = patient("154 lb", age="16", height="165 cm", sex="female", crcl="90", name="Jane O'Brien", identifier="MRN 0042-7781")
    return calculate_plan(formulary, who, [Order("diltiazem")])


def three_drug_plan(formulary: Formulary) -> PlanResult:
    """Diltiazem, ceftriaxone (tall-man cefTRIAXone) and warfarin: ceftriaxone + warfarin interact."""
    who = patient("70", age="45", name="Sam Lee", identifier="H-2231")
    return calculate_plan(formulary, who, [Order("diltiazem"), Order("ceftriaxone"), Order("warfarin")])


def ivig_plan(formulary: Formulary, dosing_weight: DosingWeightChoice = "auto") -> PlanResult:
    """The worked example: man, 100 kg, 175 cm, 2 g/kg over 2 days on the adjusted weight."""
    who = patient("100", age="52", height="175", sex="male", name="Alex Example", identifier="MRN 555")
    return calculate_plan(formulary, who, [Order("ivig", days=2, dosing_weight=dosing_weight)])


def stop_plan(formulary: Formulary) -> PlanResult:
    """A 6-year-old, 30 kg: minocycline (stop: under 8), probenecid (above 2 g/day and the children's
    40 mg/kg/day) and etidronate ordered above their stop limits: four stops, long enough for more
    than one page."""
    who = patient("30", age="6", name="Kim Child", identifier="P-9")
    orders = [
        Order("minocycline"),
        Order("probenecid", ordered=parse_measurement("3 g", ORDERED_DOSE), frequency="once daily"),
        Order("etidronate", ordered=parse_measurement("5000 mg", ORDERED_DOSE), frequency="once daily"),
    ]
    return calculate_plan(formulary, who, orders)


def acknowledge_all(plan: PlanResult) -> Review:
    review = Review()
    for item in review_items(plan):
        if item.level == "warning":
            review = review.acknowledge(item.key)
    return review


def pdf_pages(source: bytes | Path) -> list[str]:
    """Each page's text, white space normalised (pypdf puts tabs between words)."""
    data = source.read_bytes() if isinstance(source, Path) else source
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text()).strip() for page in reader.pages]


def pdf_text(source: bytes | Path) -> str:
    return " ".join(pdf_pages(source))

