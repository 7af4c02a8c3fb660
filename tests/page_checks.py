"""What a nurse sees on each printed page: the body below the running header, and the checks
that no heading or signature label is left at a page foot apart from what it introduces."""

from __future__ import annotations

import re

from cc_dosecalc.summary.document import SummaryDocument

SIGNATURE_TABLE = "Name (print) Signature Date Time"


def page_body(page: str, number: int, count: int) -> str:
    """The page's own text: what follows the header and footer (painted first, ending "page N of M")."""
    marker = f"page {number} of {count}"
    assert marker in page, f"page {number} has no '{marker}'"
    return page.split(marker, 1)[1].strip()


def headings(document: SummaryDocument) -> list[str]:
    return [
        "Patient",
        f"Treatments ({len(document.orders)})",
        "Interactions between the treatments",
        "Formulary and application",
        "Signatures",
    ]


def assert_kept_with_what_follows(pages: list[str], document: SummaryDocument) -> None:
    """No heading ends a page; every signature's role, its whole note and its table share a page."""
    bodies = [page_body(page, number, len(pages)) for number, page in enumerate(pages, start=1)]
    for number, body in enumerate(bodies, start=1):
        for heading in headings(document):
            assert not body.endswith(heading), f"'{heading}' alone at the foot of page {number}"
    for line in document.signatures:
        label = re.sub(r"\s+", " ", f"{line.role} {line.note}")
        holding = [number for number, body in enumerate(bodies, start=1) if label in body]
        assert holding, f"'{line.role}' and its note are not whole on any page"
        body = bodies[holding[0] - 1]
        assert SIGNATURE_TABLE in body.split(label, 1)[1], f"the table for '{line.role}' is not on its page {holding[0]}"
