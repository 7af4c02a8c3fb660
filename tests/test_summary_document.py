"""What the dosing summary says, before any page is laid out (no Qt)."""

from __future__ import annotations

import dataclasses

import pytest

from cc_dosecalc import __version__
from cc_dosecalc.review import Review, review_items
from cc_dosecalc.summary.document import build_summary, format_datetime
from tests.summary_plans import PRINTED_AT, acknowledge_all, ivig_plan, one_drug_plan, patient, stop_plan, three_drug_plan


def test_the_document_is_frozen(formulary):
    document = build_summary(one_drug_plan(formulary), Review(), printed_at=PRINTED_AT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.status = "Checked"  # type: ignore[misc]


def test_patient_rows_carry_the_weight_as_entered_with_its_kg_figure_and_source(formulary):
    document = build_summary(one_drug_plan(formulary), Review(), printed_at=PRINTED_AT)
    assert document.patient == (
        ("Name", "Jane O'Brien"),
        ("Identifier", "MRN 0042-7781"),
        ("Weight", "154 lb entered = 69.85 kg (measured)"),
        (
            "Weight for age",
            "z-score +1.19 (centile 88.2), modified z-score +0.84; CDC 2000 growth charts (weight-for-age), girls, "
            "at 16 years 11 months (an age in whole years is read as the whole year, 16 years 0 months to 16 years 11 months)",
        ),
        ("Age", "16 years"),
        ("Height", "165 cm"),
        ("Sex", "female"),
        ("Kidney function", "creatinine clearance 90 mL/min"),
    )
    assert document.patient_label == "Patient: Jane O'Brien, MRN 0042-7781"


def test_a_missing_name_is_a_blank_to_fill_in_never_silently_left_out(formulary):
    from cc_dosecalc.engine import calculate_plan
    from cc_dosecalc.plan import Order

    plan = calculate_plan(formulary, patient("70"), [Order("warfarin")])
    document = build_summary(plan, Review(), printed_at=PRINTED_AT)
    assert document.patient[:3] == (
        ("Name", "not entered: write it here"),
        ("Identifier", "not entered: write it here"),
        ("Weight", "70 kg (measured)"),
    )
    assert [label for label, _ in document.patient] == ["Name", "Identifier", "Weight"]


def test_alert_states_follow_the_review(formulary):
    plan = stop_plan(formulary)
    stops = [item for item in review_items(plan) if item.level == "stop"]
    review = acknowledge_all(plan).override(stops[0].key, "Confirmed with Dr Smith by phone", "Dr Smith")
    document = build_summary(plan, review, printed_at=PRINTED_AT)
    minocycline = document.orders[0]
    assert [(a.level_text, a.status, a.reason) for a in minocycline.alerts] == [
        ("STOP", "overridden", "Confirmed with Dr Smith by phone"),
        ("WARNING", "acknowledged", ""),
    ]
    assert [a.status for a in document.orders[1].alerts if a.level == "stop"] == ["NOT overridden", "NOT overridden"]
    assert [a.status for a in document.orders[1].alerts if a.level == "info"] == ["no acknowledgement needed"]
    assert not document.for_ordering
    assert document.banner == "NOT FOR ORDERING"
    assert document.status == "NOT FOR ORDERING: 3 stops without an override"


def test_every_stop_overridden_is_for_ordering_and_needs_a_double_check(formulary):
    plan = stop_plan(formulary)
    review = acknowledge_all(plan)
    for item in review_items(plan):
        if item.level == "stop":
            review = review.override(item.key, "Prescriber confirmed; see notes", "Dr Smith")
    document = build_summary(plan, review, printed_at=PRINTED_AT)
    assert document.for_ordering and document.banner == ""
    assert document.status == "Checked: ready for ordering"
    roles = [line.role for line in document.signatures]
    assert roles == ["Prepared by (nurse)", "Independent double check (second nurse)"]
    assert "A stop was overridden (minocycline) by Dr Smith: Patient under 8 years" in document.signatures[1].note


def test_double_check_only_where_the_formulary_or_an_override_requires_it(formulary):
    one = build_summary(one_drug_plan(formulary), Review(), printed_at=PRINTED_AT)
    assert [line.role for line in one.signatures] == ["Prepared by (nurse)"]
    three = build_summary(three_drug_plan(formulary), Review(), printed_at=PRINTED_AT)
    assert three.signatures[1].role == "Independent double check (second nurse)"
    assert three.signatures[1].note == (
        "Required: Warfarin is a high-alert medicine: an independent double check is required on the summary."
    )
    ivig = build_summary(ivig_plan(formulary), Review(), printed_at=PRINTED_AT)
    assert "IVIG is a high-cost blood product" in ivig.signatures[1].note


def test_interactions_use_the_printed_names_and_their_review_state(formulary):
    plan = three_drug_plan(formulary)
    document = build_summary(plan, Review(), printed_at=PRINTED_AT)
    assert [(a.where, a.level_text, a.status) for a in document.interactions] == [("cefTRIAXone + warfarin", "WARNING", "NOT acknowledged")]
    acknowledged = build_summary(plan, acknowledge_all(plan), printed_at=PRINTED_AT)
    assert acknowledged.interactions[0].status == "acknowledged"
    assert acknowledged.status == "Checked: ready for ordering"


def test_ivig_order_details_and_schedule(formulary):
    order = build_summary(ivig_plan(formulary), Review(), printed_at=PRINTED_AT).orders[0]
    assert order.order_line == "immune globulin (IVIG) IV 164.6 g per course (2 g/kg): 82.3 g daily for 2 days"
    details = dict(order.details)
    assert details["Dosing weight"] == "82.28 kg, adjusted body weight"
    assert details["Weights compared"] == "actual 100 kg; ideal 70.46 kg; adjusted 82.28 kg (used)"
    assert details["Course total"] == "164.6 g over 2 days"
    assert order.schedule == (("Day 1", "82.3 g", "823 mL"), ("Day 2", "82.3 g", "823 mL"))


def test_switching_ivig_to_actual_weight_marks_the_suggestion(formulary):
    order = build_summary(ivig_plan(formulary, "actual"), Review(), printed_at=PRINTED_AT).orders[0]
    assert dict(order.details)["Weights compared"] == "actual 100 kg (used); ideal 70.46 kg; adjusted 82.28 kg (suggested)"
    assert dict(order.details)["Course total"] == "200 g over 2 days"


def test_versions_and_notices(formulary):
    notices = ("The site formulary was refused: the built-in formulary is in force.",)
    document = build_summary(one_drug_plan(formulary), Review(), printed_at=PRINTED_AT, notices=notices)
    assert (document.formulary_version, document.formulary_sha256, document.app_version) == (
        formulary.version,
        formulary.sha256,
        __version__,
    )
    assert document.notices == notices
    assert "Formulary notice: The site formulary was refused" in document.text()


def test_every_user_entered_string_is_escaped_in_the_html(formulary):
    from cc_dosecalc.engine import calculate_plan
    from cc_dosecalc.plan import Order

    plan = calculate_plan(formulary, patient("70", name="<b>Ann</b> & Co", identifier='"1"<script>'), [Order("warfarin")])
    stops_free = build_summary(plan, Review(), printed_at=PRINTED_AT, notices=("<i>notice</i>",))
    html = stops_free.html()
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; Co" in html
    assert "&quot;1&quot;&lt;script&gt;" in html
    assert "&lt;i&gt;notice&lt;/i&gt;" in html
    assert "<b>Ann</b>" not in html and "<script>" not in html and "<i>notice" not in html


def test_override_reasons_are_escaped(formulary):
    plan = stop_plan(formulary)
    stop = next(item for item in review_items(plan) if item.level == "stop")
    html = build_summary(plan, Review().override(stop.key, "<b>dose</b> & ok", "Dr <i>Smith</i>"), printed_at=PRINTED_AT).html()
    assert "by Dr &lt;i&gt;Smith&lt;/i&gt;. Reason: &lt;b&gt;dose&lt;/b&gt; &amp; ok" in html


def test_plain_text_for_the_record(formulary):
    plan = stop_plan(formulary)
    text = build_summary(plan, Review(), printed_at=PRINTED_AT).text()
    assert text.startswith("NOT FOR ORDERING\n\nDosing summary\nPrinted 14 March 2026, 09:05 by cc-dosecalc")
    assert "[STOP] Patient under 8 years: minocycline causes tooth discoloration and enamel damage. (NOT overridden)" in text
    assert f"SHA-256: {formulary.sha256}" in text


def test_dates_are_written_with_the_month_in_words():
    from datetime import datetime, timedelta, timezone

    assert format_datetime(datetime(2026, 3, 4, 7, 5)) == "4 March 2026, 07:05"
    assert format_datetime(datetime(2026, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=1), "CET"))) == "31 December 2026, 23:59 CET"
