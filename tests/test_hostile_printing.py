"""The hostile corpus's names and identifiers (tests/hostile_corpus.py) as they come out on the
printed page: read back from the PDF with the position of every word (poppler's ``pdftotext
-bbox``), they are in the order typed, whole, and the footer never runs into "page N of M"."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.plan import Order
from cc_dosecalc.review import Review
from cc_dosecalc.summary.document import build_summary
from cc_dosecalc.summary.printing import write_pdf
from tests import hostile_corpus as corpus
from tests.summary_plans import PRINTED_AT, patient


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float


def pdf_words(path: Path) -> list[list[Word]]:
    """Every page's words with their boxes, in points from the top left."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(xhtml)
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        pages.append(
            [
                Word(word.text or "", float(word.get("xMin", 0)), float(word.get("yMin", 0)), float(word.get("xMax", 0)))
                for word in page.iter("{http://www.w3.org/1999/xhtml}word")
            ]
        )
    return pages


def _right_to_left(text: str) -> bool:
    first = next((unicodedata.bidirectional(char) for char in text if unicodedata.bidirectional(char) in ("L", "R", "AL")), "L")
    return first != "L"


def seen(text: str, whole_direction: bool) -> str:
    """The letters and digits of ``text`` in the order they stand on the page, left to right: a
    name in its own direction (a Hebrew name reversed as a whole), an identifier part by part
    (each right-to-left part reversed within itself)."""
    parts = re.findall(r"\w+", text)
    if whole_direction and _right_to_left(text):
        return "".join(parts)[::-1]
    return "".join(part[::-1] if _right_to_left(part) else part for part in parts)


def letters(words: list[Word]) -> str:
    return "".join(re.findall(r"\w+", "".join(word.text for word in words)))


def in_reading_order(words: list[Word]) -> list[Word]:
    return sorted(words, key=lambda word: (round(word.y_min), word.x_min))


@pytest.fixture
def printed(formulary, qapp, tmp_path):  # type: ignore[no-untyped-def]
    def write(name: str, identifier: str) -> list[list[Word]]:
        plan = calculate_plan(
            formulary, patient("70", age="40", name=name, identifier=identifier), [Order("ivig"), Order("warfarin"), Order("diltiazem")]
        )
        target = tmp_path / "summary.pdf"
        write_pdf(build_summary(plan, Review(), printed_at=PRINTED_AT), target)
        return pdf_words(target)

    return write


@pytest.mark.parametrize(("name", "identifier"), corpus.PRINTED_IDENTITIES)
def test_the_footer_names_the_patient_in_full_and_never_runs_into_the_page_number(printed, name, identifier):
    pages = printed(name, identifier)
    assert len(pages) >= 2
    for number, words in enumerate(pages, start=1):
        label = [word for word in words if word.text == "page"][-1]
        label_words = [word for word in words if abs(word.y_min - label.y_min) < 0.5 and word.x_min >= label.x_min]
        assert letters(sorted(label_words, key=lambda word: word.x_min)) == f"page{number}of{len(pages)}"
        footer = [word for word in words if word.y_min > label.y_min - 0.5 and word not in label_words]
        assert footer and all(word.x_max < label.x_min for word in footer), "footer text printed over 'page N of M'"
        text = letters(in_reading_order(footer))
        assert text.startswith("Patient" + seen(name, True) + seen(identifier, False)), text


@pytest.mark.parametrize(("name", "identifier"), corpus.PRINTED_IDENTITIES)
def test_the_patient_rows_show_the_name_and_identifier_in_the_order_typed(printed, name, identifier):
    words = printed(name, identifier)[0]
    labels = {word.text: word for word in words if word.text in ("Name", "Identifier", "Weight") and word.x_min < 60}
    for label, following in (("Name", "Identifier"), ("Identifier", "Weight")):
        top, bottom = labels[label].y_min - 0.5, labels[following].y_min - 0.5
        cell = [word for word in words if top <= word.y_min < bottom and word.x_min > labels[label].x_max + 5]
        expected = seen(name, True) if label == "Name" else seen(identifier, False)
        assert letters(in_reading_order(cell)) == expected, label
