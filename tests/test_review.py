"""Checking before ordering: each warning acknowledged, each stop overridden with a reason."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.override import Override
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order
from cc_dosecalc.review import Review, review_items, review_status
from tests.conftest import make_patient, ordered


def test_warnings_need_acknowledgement_and_stops_an_override(formulary: Formulary) -> None:
    orders = [Order("diltiazem", ordered=ordered("14 mg"), frequency="once daily", form="extended-release"), Order("pamidronate"), Order("minocycline", ordered=ordered("150 mg"), frequency="once daily")]
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
    review = review.override(stop.key, "Confirmed with Dr Lee: 140 mg/day", "Dr A. Lee")
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


def test_an_override_needs_a_written_reason_and_a_name() -> None:
    for reason in ("", "   ", "ok", "xxxxx", "Confirmed", "reason\nwith a line break"):
        with pytest.raises(InputError, match=r"^Override reason: "):
            Review().override("key", reason, "Dr A. Lee")
    for name in ("", "  ", "42"):
        with pytest.raises(InputError, match=r"^Overridden by: "):
            Review().override("key", "Confirmed with the prescriber", name)
    review = Review().override("key", " Confirmed with the prescriber ", " Dr A. Lee ")
    assert review.override_of("key") == Override("Confirmed with the prescriber", "Dr A. Lee")


def test_information_needs_nothing(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, make_patient("70", age=None), [Order("warfarin")])
    assert review_items(plan) == ()
    assert review_status(plan, Review()).checked


# --- the status: "checked" only when nothing is open ------------------------------------------


def test_the_status_lists_every_open_item_and_is_checked_only_when_none_is_left(formulary: Formulary) -> None:
    orders = [Order("diltiazem", ordered=ordered("14 mg"), frequency="once daily", form="extended-release"), Order("pamidronate")]
    plan = calculate_plan(formulary, make_patient("70"), orders)
    items = review_items(plan)
    contraindications = next(item for item in items if item.code == "diltiazem-contraindications")
    stop, interval = (item for item in items if item is not contraindications)
    confirmed = Review().acknowledge(contraindications.key)
    status = review_status(plan, confirmed)
    assert (status.for_ordering, status.checked) == (False, False)
    assert status.open == (
        f"STOP (no override): diltiazem: {stop.message}",
        f"WARNING (not acknowledged): pamidronate: {interval.message}",
    )
    review = confirmed.override(stop.key, "Confirmed with Dr Lee: 140 mg/day", "Dr A. Lee")
    status = review_status(plan, review)
    assert (status.for_ordering, status.checked, status.text()) == (True, False, "Not yet checked: 1 warning to acknowledge")
    assert status.open == (f"WARNING (not acknowledged): pamidronate: {interval.message}",)
    status = review_status(plan, review.acknowledge(interval.key))
    assert (status.for_ordering, status.checked, status.open, status.text()) == (True, True, (), "Checked: ready for ordering")


def test_an_old_records_override_that_fails_the_rule_does_not_count(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, make_patient("70"), [Order("diltiazem", ordered=ordered("14 mg"), frequency="once daily", form="extended-release")])
    (stop,) = (item for item in review_items(plan) if item.level == "stop")
    confirmed = frozenset(item.key for item in review_items(plan) if item.code == "diltiazem-contraindications")
    # as the record reader builds it: kept as written, not held to the rule
    old = Review(acknowledged=confirmed, overrides=((stop.key, Override("xxxxx")),))
    assert old.reason(stop.key) == "xxxxx" and old.state(stop) == "open"
    status = review_status(plan, old)
    assert (status.for_ordering, status.checked, status.text()) == (False, False, "NOT FOR ORDERING: 1 stop without an override")
    (line,) = status.open
    assert line.startswith("STOP (the recorded override does not count: the reason does not meet the rule (write at least 10 characters")
    assert line.endswith(f"the clinician who overrode it is not recorded): diltiazem: {stop.message}")
    named_but_short = Review(acknowledged=confirmed, overrides=((stop.key, Override("xxxxx", "Dr Lee")),))
    assert review_status(plan, named_but_short).open_stops == 1
    unnamed = Review(acknowledged=confirmed, overrides=((stop.key, Override("Confirmed with Dr Lee by phone")),))
    assert review_status(plan, unnamed).open_stops == 1
    named = Review(acknowledged=confirmed, overrides=((stop.key, Override("Confirmed with Dr Lee by phone", "Dr Lee")),))
    assert review_status(plan, named).checked


def test_an_incomplete_order_keeps_the_plan_unchecked(formulary: Formulary) -> None:
    plan = calculate_plan(formulary, make_patient("70"), [Order("warfarin")])
    assert review_status(plan, Review()).checked
    incomplete = replace(plan.orders[0], incomplete="The ordered dose has no frequency: choose one.")
    plan = replace(plan, orders=(incomplete,))
    status = review_status(plan, Review())
    assert (status.for_ordering, status.checked) == (True, False)
    assert status.text() == "Not yet checked: 1 incomplete order not checked"
    assert status.open == ("INCOMPLETE (not checked): warfarin: The ordered dose has no frequency: choose one.",)


def test_a_stop_check_that_could_not_run_is_open(formulary: Formulary) -> None:
    """Minocycline's under-8 stop needs the age: without it the plan is not checked."""
    plan = calculate_plan(formulary, make_patient("45", age=None), [Order("minocycline")])
    status = review_status(plan, Review())
    assert not status.checked and status.text() == "Not yet checked: 1 warning to acknowledge"
    (line,) = status.open
    assert line.startswith("WARNING (not acknowledged): minocycline: Not checked (age not given): Patient under 8 years")
    assert line.endswith("If it applies, this would be a stop.")
    (item,) = review_items(plan)
    assert review_status(plan, Review().acknowledge(item.key)).checked
    # a warning-level check that could not run stays information: nothing to acknowledge
    plan = calculate_plan(formulary, make_patient("70", crcl=None), [Order("alendronate")])
    assert [alert.level for alert in plan.orders[0].alerts if alert.code == "alendronate-kidney-not-applied"] == ["info"]
