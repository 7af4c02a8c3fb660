"""Checking before ordering: each warning acknowledged, each stop overridden with a reason."""

from __future__ import annotations

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order
from cc_dosecalc.review import Review, review_items, review_status
from tests.conftest import make_patient, ordered


def test_warnings_need_acknowledgement_and_stops_an_override(formulary: Formulary) -> None:
    orders = [Order("diltiazem", ordered=ordered("14 mg")), Order("pamidronate"), Order("minocycline", ordered=ordered("150 mg"))]
    plan = calculate_plan(formulary, make_patient("70"), orders)
    items = review_items(plan)
    assert [(item.level, item.where) for item in items] == [
        ("stop", "diltiazem"),
        ("warning", "diltiazem"),
        ("warning", "pamidronate"),
        ("warning", "minocycline"),
    ]
    review = Review()
    assert review_status(plan, review).text() == "NOT FOR ORDERING: 1 stop without an override; 3 warnings to acknowledge"
    stop, contraindications, interval, above_range = items
    review = review.acknowledge(contraindications.key).acknowledge(interval.key).acknowledge(above_range.key)
    status = review_status(plan, review)
    assert not status.for_ordering and status.text() == "NOT FOR ORDERING: 1 stop without an override"
    review = review.override(stop.key, "Confirmed with Dr Lee: 140 mg/day")
    status = review_status(plan, review)
    assert status.for_ordering and status.checked and status.overridden_stops == 1
    assert status.text() == "Checked: ready for ordering"
    assert review.reason(stop.key) == "Confirmed with Dr Lee: 140 mg/day"
    assert review_status(plan, review.withdraw_override(stop.key)).open_stops == 1


def test_an_acknowledgement_is_for_the_alert_as_worded(formulary: Formulary) -> None:
    first = calculate_plan(formulary, make_patient("100"), [Order("diltiazem")])
    review = Review()
    for item in review_items(first):
        review = review.acknowledge(item.key)
    assert review_status(first, review).checked
    changed = calculate_plan(formulary, make_patient("110"), [Order("diltiazem")])  # new top of range: new wording
    assert review_status(changed, review).open_warnings == 1


def test_an_override_needs_a_written_reason() -> None:
    for reason in ("", "   ", "ok", "reason\nwith a line break"):
        with pytest.raises(InputError, match=r"^Override reason: "):
            Review().override("key", reason)


def test_information_needs_nothing(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, make_patient("70", age=None), [Order("warfarin")])
    assert review_items(plan) == ()
    assert review_status(plan, Review()).checked
