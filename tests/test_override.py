"""The override rule: a reason of at least 10 characters with two words, and the clinician's name."""

from __future__ import annotations

import pytest

from cc_dosecalc.override import Override, check_clinician, make_override, override_from_data, override_problem, reason_problem
from cc_dosecalc.parsing import InputError

RULE = "write at least 10 characters with at least 2 different words (a word: 2 or more letters, not one letter repeated)"


@pytest.mark.parametrize(
    ("reason", "accepted"),
    [
        ("Dr Lee ok", False),  # 9 characters, three words
        ("Dr Lee ok.", True),  # 10 characters
        ("  Dr Lee ok  ", False),  # the spaces around are not counted
        ("Dr  Lee ok", False),  # two spaces count as one: 9
        ("Confirmed1", False),  # 10 characters, one word
        ("Confirmed.", False),  # 10 characters, one word
        ("Confirmed Dr", True),  # two words
        ("xxxxx", False),
        ("xxxxxxxxxx", False),  # 10 characters: one letter repeated is no word
        ("aaaaaaaaaa bbb", False),
        ("xxxxx yyyyy", False),
        ("dose dose dose", False),  # one word written three times
        ("Dose dose DOSE", False),
        ("a b c d e f g h", False),  # single letters are not words
        ("12345 67890 1", False),
        ("Bestätigt, Ärztin", True),  # letters of any alphabet
        ("Confirmed with Dr Lee by phone, 600 mg/day", True),
    ],
)
def test_the_reason_rule_at_its_boundary(reason: str, accepted: bool) -> None:
    assert (reason_problem(reason) is None) is accepted
    if accepted:
        assert make_override(reason, "Dr A. Lee") == Override(reason.strip(), "Dr A. Lee")
    else:
        with pytest.raises(InputError) as refused:
            make_override(reason, "Dr A. Lee")
        assert str(refused.value) == f"Override reason: {RULE}"


def test_a_reason_is_one_printable_line_of_at_most_300_characters() -> None:
    assert make_override("Confirmed by " + "x" * 287, "Dr Lee").reason == "Confirmed by " + "x" * 287
    for reason, why in [
        ("Confirmed by " + "x" * 288, "too long (at most 300 characters)"),
        ("Confirmed by\nphone", "must not hold control characters or line breaks"),
        ("Confirmed\tby phone", "must not hold control characters or line breaks"),
    ]:
        with pytest.raises(InputError) as refused:
            make_override(reason, "Dr Lee")
        assert str(refused.value) == f"Override reason: {why}"


@pytest.mark.parametrize(
    ("name", "refusal"),
    [
        ("", "write the name of the clinician who overrides the stop"),
        ("   ", "write the name of the clinician who overrides the stop"),
        ("1234", "write the name of the clinician who overrides the stop"),
        ("Dr\nLee", "must not hold control characters or line breaks"),
        ("L" * 81, "too long (at most 80 characters)"),
    ],
)
def test_the_clinician_must_be_named(name: str, refusal: str) -> None:
    with pytest.raises(InputError) as refused:
        make_override("Confirmed with the prescriber", name)
    assert str(refused.value) == f"Overridden by: {refusal}"


def test_the_name_is_recorded_as_written_trimmed() -> None:
    assert check_clinician("  Dr Anna Lee (registrar)  ") == "Dr Anna Lee (registrar)"
    assert check_clinician("L" * 80) == "L" * 80


def test_what_the_dialog_shows_until_both_meet_the_rule() -> None:
    assert override_problem("", "") == (
        f"Overridden by: write the name of the clinician who overrides the stop. Override reason: {RULE}."
    )
    assert override_problem("Dr Lee ok", "Dr Lee") == f"Override reason: {RULE}."
    assert override_problem("Dr Lee ok.", "") == "Overridden by: write the name of the clinician who overrides the stop."
    assert override_problem("Dr Lee ok.", "Dr Lee") is None


def test_an_old_records_override_is_kept_as_written_and_says_what_it_lacks() -> None:
    assert override_from_data(["key", "xxxxx"]) == ("key", Override("xxxxx", ""))
    assert override_from_data(["key", "Confirmed by phone", "Dr Lee"]) == ("key", Override("Confirmed by phone", "Dr Lee"))
    for damaged in (["key"], ["key", 5], "key=reason", ["a", "b", "c", "d"]):
        assert override_from_data(damaged) is None
    old = Override("xxxxx")
    assert old.problem() == f"the reason does not meet the rule ({RULE}); the clinician who overrode it is not recorded"
    assert old.described() == "reason: xxxxx; by: not recorded"
    assert Override("Confirmed by phone").problem() == "the clinician who overrode it is not recorded"
    assert Override("Confirmed by phone", "Dr Lee").problem() is None
