"""The fixed list of frequencies: what is accepted, and the totals each one gives."""

from __future__ import annotations

import pytest

from cc_dosecalc.frequency import FREQUENCIES, frequency
from cc_dosecalc.parsing import InputError

# frequency -> (daily total, weekly total) of 60 mg per administration
TOTALS = {
    "once daily": (60, 420),
    "twice daily": (120, 840),
    "three times daily": (180, 1260),
    "four times daily": (240, 1680),
    "every 6 hours": (240, 1680),
    "every 8 hours": (180, 1260),
    "every 12 hours": (120, 840),
    "once weekly": (60 / 7, 60),
    "every 2 weeks": (60 / 14, 30),
    "every 4 weeks": (60 / 28, 15),
}


@pytest.mark.parametrize(("text", "totals"), TOTALS.items())
def test_each_frequency_gives_its_daily_and_weekly_total(text: str, totals: tuple[float, float]) -> None:
    found = frequency(text)
    assert found.amount_per_day(60) == pytest.approx(totals[0])
    assert found.amount_per_week(60) == pytest.approx(totals[1])
    assert found.daily == (totals[0] >= 60)


def test_a_single_dose_has_no_daily_or_weekly_total() -> None:
    once = frequency("once")
    assert once.single
    assert not once.daily
    assert once.amount_per_day(60) is None
    assert once.amount_per_week(60) is None


def test_the_list_is_the_rules_list_in_order() -> None:
    assert [item.text for item in FREQUENCIES] == [
        "once daily", "twice daily", "three times daily", "four times daily", "every 6 hours", "every 8 hours",
        "every 12 hours", "once weekly", "every 2 weeks", "every 4 weeks", "once",
    ]


@pytest.mark.parametrize("text", ["Once Daily", "  twice   daily ", "EVERY 8 HOURS", "Once weekly"])
def test_case_and_spacing_are_ignored(text: str) -> None:
    assert frequency(text).text == " ".join(text.split()).lower()


@pytest.mark.parametrize("text", ["", "daily", "qd", "OD", "bd", "bid", "q6h", "weekly", "once a day", "2x daily", "once daily\n", "x" * 500])
def test_anything_else_is_refused_naming_the_accepted_words(text: str) -> None:
    with pytest.raises(InputError) as refused:
        frequency(text)
    message = str(refused.value)
    assert message.startswith("Frequency: use one of ")
    assert '"once daily"' in message and '"every 4 weeks"' in message and '"once"' in message
    assert "\n" not in message
