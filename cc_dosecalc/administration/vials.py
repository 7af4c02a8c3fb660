"""A day's IVIG dose in whole vials of one product, within the site's rounding tolerance."""

from __future__ import annotations

import math
from collections.abc import Callable

from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_number

# vial sizes and doses are worked in tenths of a gram, so sums are exact
_TENTHS = 10


@value_class
class VialCount:
    size_g: float
    count: int


@value_class
class RoundedDose:
    """The dose of one day as it is given.

    ``dose_g`` is what is given: the vial total when rounded, else the calculated dose (then
    ``vials`` cover it and part of the last vial is left: ``rounded`` False).
    """

    calculated_g: float
    dose_g: float
    vials: tuple[VialCount, ...]
    rounded: bool
    tolerance_percent: float

    @property
    def vial_total_g(self) -> float:
        return sum(vial.size_g * vial.count for vial in self.vials)

    @property
    def difference_percent(self) -> float:
        return 100 * (self.dose_g - self.calculated_g) / self.calculated_g

    def vials_text(self) -> str:
        """ "2 x 30 g + 1 x 10 g" """
        return " + ".join(f"{vial.count} x {format_number(vial.size_g, 1)} g" for vial in self.vials)

    def step_text(self) -> str:
        calculated = f"{format_number(self.calculated_g, 2)} g"
        if self.rounded and self.dose_g == self.calculated_g:
            return f"{calculated} in whole vials: {self.vials_text()} (no rounding needed)"
        if self.rounded:
            difference = format_number(self.difference_percent, 2)
            sign = "+" if self.difference_percent > 0 else ""
            return (
                f"{calculated} rounded to whole vials: {format_number(self.dose_g, 2)} g = {self.vials_text()} "
                f"({sign}{difference}%, within the {format_number(self.tolerance_percent, 1)}% tolerance)"
            )
        why = (
            "rounding to whole vials is off (tolerance 0%)"
            if self.tolerance_percent == 0
            else f"no whole-vial dose within {format_number(self.tolerance_percent, 1)}%"
        )
        left = format_number(self.vial_total_g - self.dose_g, 2)
        return f"{calculated} given as calculated ({why}): vials {self.vials_text()}, {left} g of the last vial not given"


def _fewest_vials(sizes: tuple[int, ...], upper: int) -> list[tuple[int, ...] | None]:
    """For every total 0..upper (tenths of a gram), the combination with the fewest vials
    (ties: more of the larger vials), or None when no combination makes that total."""
    best: list[tuple[int, ...] | None] = [None] * (upper + 1)
    best[0] = (0,) * len(sizes)
    for total in range(1, upper + 1):
        for index in reversed(range(len(sizes))):  # larger sizes first
            rest = total - sizes[index]
            if rest < 0 or best[rest] is None:
                continue
            previous = best[rest]
            assert previous is not None
            candidate = tuple(count + (1 if i == index else 0) for i, count in enumerate(previous))
            current = best[total]
            if current is None or sum(candidate) < sum(current):
                best[total] = candidate
    return best


def round_to_vials(
    dose_g: float, sizes_g: tuple[float, ...], tolerance_percent: float, allowed: Callable[[float], bool] = lambda grams: True
) -> RoundedDose:
    """The nearest whole-vial dose within ``tolerance_percent`` that ``allowed`` accepts (no stop
    limit crossed); a tie goes to the lower dose. With tolerance 0, or no such dose, the dose
    stays as calculated and the vials cover it with the least left over."""
    sizes = tuple(round(size * _TENTHS) for size in sorted(sizes_g))
    target = dose_g * _TENTHS
    upper = math.ceil(target * (1 + tolerance_percent / 100)) + max(sizes)
    combos = _fewest_vials(sizes, upper)

    def vials(total: int) -> tuple[VialCount, ...]:
        combo = combos[total]
        assert combo is not None
        return tuple(VialCount(size / _TENTHS, count) for size, count in sorted(zip(sizes, combo, strict=True), reverse=True) if count)

    if tolerance_percent > 0:
        within = [
            total
            for total in range(1, upper + 1)
            if combos[total] is not None and abs(total - target) <= target * tolerance_percent / 100 + 1e-9 and allowed(total / _TENTHS)
        ]
        if within:
            total = min(within, key=lambda total: (abs(total - target), total))
            return RoundedDose(dose_g, total / _TENTHS, vials(total), True, tolerance_percent)
    exact = round(target)
    if abs(exact - target) < 1e-9 and exact <= upper and combos[exact] is not None:
        return RoundedDose(dose_g, dose_g, vials(exact), True, tolerance_percent)
    cover = next(total for total in range(math.ceil(target - 1e-9), upper + 1) if combos[total] is not None)
    return RoundedDose(dose_g, dose_g, vials(cover), False, tolerance_percent)
