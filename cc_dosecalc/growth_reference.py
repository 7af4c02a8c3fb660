"""The growth reference shipped as data: the CDC 2000 weight-for-age LMS tables, and the LMS
arithmetic on them (z-score, centile, CDC's modified z-score for implausible values).

Two files under ``resources/growth/``, each the CDC's own data file (wtageinf: birth to 36
months; wtage: 2 to 20 years) below a few ``# key: value`` lines naming the reference, its
source and its licence. Both are validated completely on load (header, columns, finite
numbers, ages increasing, M and S above zero, and every published centile agreeing with the
LMS parameters), so nothing is computed from a damaged file. No Qt here.

Under 24 months the infant table is used, from 24 months the 2 to 20 years table (where CDC's
own SAS program for the 2000 charts switches); between two rows L, M and S are interpolated
linearly in age.
"""

from __future__ import annotations

import bisect
import csv
import logging
import math
from functools import cache
from pathlib import Path
from statistics import NormalDist

from cc_dosecalc.paths import resource_dir
from cc_dosecalc.plan import Sex
from cc_dosecalc.value_class import value_class

logger = logging.getLogger(__name__)

REFERENCE_NAME = "CDC 2000 growth charts (weight-for-age)"
INFANT_FILE = "cdc2000-weight-for-age-0-36-months.csv"
CHILD_FILE = "cdc2000-weight-for-age-2-20-years.csv"
# from this age (months) on, the 2 to 20 years table
CHILD_TABLE_FROM_MONTHS = 24.0
COLUMNS = ("Sex", "Agemos", "L", "M", "S", "P3", "P5", "P10", "P25", "P50", "P75", "P90", "P95", "P97")
_CENTILES = {"P3": 3, "P5": 5, "P10": 10, "P25": 25, "P50": 50, "P75": 75, "P90": 90, "P95": 95, "P97": 97}
_HEADER_KEYS = ("reference", "table", "publisher", "source", "licence")
_SEX_CODES: dict[str, Sex] = {"1": "male", "2": "female"}
# a published centile may differ from its LMS value by rounding only
_CENTILE_TOLERANCE = 1e-5
_NORMAL = NormalDist()
# each published centile's z-score, worked out once (not for each of the tables' 500-odd rows)
_CENTILE_Z = {column: _NORMAL.inv_cdf(percent / 100) for column, percent in _CENTILES.items()}


class GrowthReferenceError(ValueError):
    """A growth table that cannot be used; the message names the file, the line and why."""


@value_class
class LMS:
    age_months: float
    l: float  # noqa: E741 - the reference's own name for the Box-Cox power
    m: float
    s: float

    def z(self, value: float) -> float:
        """The LMS z-score of ``value`` (kg): ((X/M)^L - 1) / (L S), or ln(X/M) / S when L is 0."""
        if self.l == 0:
            return math.log(value / self.m) / self.s
        return float(((value / self.m) ** self.l - 1) / (self.l * self.s))

    def value_at(self, z: float) -> float:
        """The weight (kg) at z-score ``z``: M (1 + L S z)^(1/L), or M exp(S z) when L is 0."""
        if self.l == 0:
            return self.m * math.exp(self.s * z)
        return float(self.m * (1 + self.l * self.s * z) ** (1 / self.l))

    def modified_z(self, value: float) -> float:
        """CDC's modified z-score for biologically implausible values: the distance from the
        median in half the distance from the median to z = +2 (above it) or z = -2 (below it)."""
        if value >= self.m:
            return (value - self.m) / ((self.value_at(2) - self.m) / 2)
        return (value - self.m) / ((self.m - self.value_at(-2)) / 2)


def centile(z: float) -> float:
    """The centile (0 to 100) of a z-score."""
    return 100 * _NORMAL.cdf(z)


@value_class
class GrowthTable:
    """One weight-for-age table for one sex, ages increasing."""

    name: str
    rows: tuple[LMS, ...]

    @property
    def first_month(self) -> float:
        return self.rows[0].age_months

    @property
    def last_month(self) -> float:
        return self.rows[-1].age_months

    def at(self, age_months: float) -> LMS:
        """L, M and S at this age, interpolated linearly between the two rows around it."""
        if not self.first_month <= age_months <= self.last_month:
            raise ValueError(f"age {age_months} months is outside {self.name}")
        ages = [row.age_months for row in self.rows]
        index = bisect.bisect_left(ages, age_months)
        upper = self.rows[index]
        if upper.age_months == age_months or index == 0:
            return upper
        lower = self.rows[index - 1]
        share = (age_months - lower.age_months) / (upper.age_months - lower.age_months)

        def between(a: float, b: float) -> float:
            return a + (b - a) * share

        return LMS(age_months, between(lower.l, upper.l), between(lower.m, upper.m), between(lower.s, upper.s))


@value_class
class GrowthReference:
    """The two CDC tables for each sex, and the header lines of each file."""

    name: str
    infant: dict[Sex, GrowthTable]
    child: dict[Sex, GrowthTable]
    headers: tuple[dict[str, str], ...]

    @property
    def last_month(self) -> float:
        return min(table.last_month for table in self.child.values())

    def covers(self, age_months: float) -> bool:
        return 0 <= age_months <= self.last_month

    def lms(self, sex: Sex, age_months: float) -> LMS:
        tables = self.infant if age_months < CHILD_TABLE_FROM_MONTHS else self.child
        return tables[sex].at(age_months)


def read_table(path: Path) -> tuple[dict[str, str], dict[Sex, GrowthTable]]:
    """One CDC file: its header lines and a table per sex, or :class:`GrowthReferenceError`."""
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GrowthReferenceError(f"{path}: cannot be read ({error})") from None
    header: dict[str, str] = {}
    number = 0
    while number < len(lines) and lines[number].startswith("#"):
        key, sep, value = lines[number][1:].partition(":")
        if sep:
            header[key.strip()] = value.strip()
        number += 1
    for key in _HEADER_KEYS:
        if not header.get(key):
            raise GrowthReferenceError(f"{path}: the header has no '# {key}:' line")
    reader = csv.reader(lines[number:])
    columns = next(reader, None)
    if columns is None or tuple(columns) != COLUMNS:
        raise GrowthReferenceError(f"{path}, line {number + 1}: the columns must be {','.join(COLUMNS)}")
    rows: dict[Sex, list[LMS]] = {"male": [], "female": []}
    for offset, fields in enumerate(reader, start=number + 2):
        rows_sex, row = _row(path, offset, fields)
        previous = rows[rows_sex]
        if previous and row.age_months <= previous[-1].age_months:
            ages = f"Agemos {row.age_months:g} after {previous[-1].age_months:g}"
            raise GrowthReferenceError(f"{path}, line {offset}: ages must increase ({ages})")
        previous.append(row)
    for sex, sex_rows in rows.items():
        if len(sex_rows) < 2:
            raise GrowthReferenceError(f"{path}: no rows for {sex}")
    first = {rows_sex[0].age_months for rows_sex in rows.values()}
    last = {rows_sex[-1].age_months for rows_sex in rows.values()}
    if len(first) != 1 or len(last) != 1:
        raise GrowthReferenceError(f"{path}: the two sexes must cover the same ages")
    return header, {sex: GrowthTable(f"{header['reference']} ({sex})", tuple(sex_rows)) for sex, sex_rows in rows.items()}


def _row(path: Path, line: int, fields: list[str]) -> tuple[Sex, LMS]:
    where = f"{path}, line {line}"
    if len(fields) != len(COLUMNS):
        raise GrowthReferenceError(f"{where}: {len(fields)} fields, expected {len(COLUMNS)}")
    sex = _SEX_CODES.get(fields[0])
    if sex is None:
        raise GrowthReferenceError(f"{where}: Sex must be 1 (male) or 2 (female)")
    values: dict[str, float] = {}
    for column, text in zip(COLUMNS[1:], fields[1:], strict=True):
        try:
            value = float(text)
        except ValueError:
            raise GrowthReferenceError(f"{where}: {column} '{text[:20]}' is not a number") from None
        if not math.isfinite(value):
            raise GrowthReferenceError(f"{where}: {column} is not finite")
        values[column] = value
    if values["Agemos"] < 0:
        raise GrowthReferenceError(f"{where}: Agemos must not be negative")
    for column in ("M", "S"):
        if values[column] <= 0:
            raise GrowthReferenceError(f"{where}: {column} must be above zero")
    lms = LMS(values["Agemos"], values["L"], values["M"], values["S"])
    for column, z in _CENTILE_Z.items():
        expected = lms.value_at(z)
        if not math.isclose(values[column], expected, rel_tol=_CENTILE_TOLERANCE):
            raise GrowthReferenceError(
                f"{where}: {column} {values[column]:g} does not agree with L, M and S ({expected:.6g}): the row is damaged"
            )
    return sex, lms


def load_growth_reference(folder: Path) -> GrowthReference:
    """Both CDC tables from ``folder``; :class:`GrowthReferenceError` (logged) if either is wrong."""
    try:
        infant_header, infant = read_table(folder / INFANT_FILE)
        child_header, child = read_table(folder / CHILD_FILE)
        table = infant["male"]
        if table.first_month != 0 or table.last_month < CHILD_TABLE_FROM_MONTHS:
            raise GrowthReferenceError(f"{folder / INFANT_FILE}: must run from birth to at least {CHILD_TABLE_FROM_MONTHS:g} months")
        if child["male"].first_month > CHILD_TABLE_FROM_MONTHS:
            raise GrowthReferenceError(f"{folder / CHILD_FILE}: must start by {CHILD_TABLE_FROM_MONTHS:g} months")
    except GrowthReferenceError as error:
        logger.error("Growth reference refused: %s", error)
        raise
    return GrowthReference(REFERENCE_NAME, infant, child, (infant_header, child_header))


@cache
def growth_reference() -> GrowthReference:
    """The shipped reference, read once."""
    return load_growth_reference(resource_dir() / "growth")
