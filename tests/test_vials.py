"""Rounding a day's IVIG dose to whole vials within the tolerance, never above a stop limit."""

from __future__ import annotations

import pytest

from cc_dosecalc.administration.vials import round_to_vials


@pytest.mark.parametrize(
    ("dose_g", "rounded", "given_g"),
    [
        (10 / 1.1, True, 10),  # +10.0%: at the tolerance, rounded up
        (9.0, False, 9.0),  # +11.1%: beyond it, given as calculated
        (11.0, True, 10),  # -9.1%: rounded down
        (10 / 0.9, True, 10),  # -10.0%: at the tolerance
        (11.2, False, 11.2),  # -10.7%: beyond it
    ],
)
def test_rounding_at_and_around_the_10_percent_tolerance(dose_g: float, rounded: bool, given_g: float) -> None:
    result = round_to_vials(dose_g, (10.0,), 10)
    assert result.rounded is rounded
    assert result.dose_g == pytest.approx(given_g)
    assert result.vial_total_g >= result.dose_g - 1e-9


def test_the_nearest_combination_of_the_vial_sizes() -> None:
    result = round_to_vials(46.6, (5.0, 10.0, 20.0, 40.0), 10)  # Privigen
    assert result.dose_g == 45
    assert result.difference_percent == pytest.approx(-3.43, abs=0.01)
    assert "-3.43%" in result.step_text()
    assert [(vial.size_g, vial.count) for vial in result.vials] == [(40, 1), (5, 1)]


def test_a_tie_goes_to_the_lower_dose() -> None:
    # 10.5 g in 1 g vials: 10 g and 11 g are both 4.8% away
    assert round_to_vials(10.5, (1.0,), 10).dose_g == 10


def test_tolerance_0_turns_rounding_off() -> None:
    result = round_to_vials(46.6, (5.0, 10.0, 20.0, 40.0), 0)
    assert result.dose_g == 46.6 and not result.rounded
    assert result.vial_total_g == 50
    assert "tolerance 0%" in result.step_text()


def test_never_above_a_stop_limit() -> None:
    result = round_to_vials(48.0, (5.0, 10.0, 20.0, 40.0), 10, allowed=lambda grams: grams <= 48)
    assert result.dose_g == 45


def test_an_exact_dose_is_not_changed() -> None:
    result = round_to_vials(70.0, (2.0, 5.0, 10.0, 20.0, 30.0), 10)
    assert result.dose_g == 70 and result.difference_percent == 0
    assert sum(vial.count for vial in result.vials) == 3
