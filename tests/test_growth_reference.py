"""The CDC 2000 weight-for-age tables shipped under resources/growth: loaded, validated, and
their LMS arithmetic checked against the CDC's own published centiles and by hand."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from cc_dosecalc.growth_reference import (
    CHILD_FILE,
    INFANT_FILE,
    GrowthReferenceError,
    centile,
    growth_reference,
    load_growth_reference,
)
from cc_dosecalc.paths import resource_dir

GROWTH = resource_dir() / "growth"


def test_both_files_name_the_reference_its_source_and_its_licence() -> None:
    for header in growth_reference().headers:
        assert header["reference"].startswith("CDC 2000 growth charts: weight-for-age")
        assert "public domain" in header["licence"]
        assert "Centers for Disease Control" in header["publisher"]


@pytest.mark.parametrize(
    ("sex", "months", "p50", "p3", "p97"),
    [
        # the CDC tables' own P50, P3 and P97 columns (kg), read from wtageinf.csv and wtage.csv
        ("male", 0, 3.530203168, 2.355450986, 4.446488308),
        ("female", 36, 13.86507382, 11.33404488, 17.87088515),
        ("male", 24, 12.6707633, 10.38209025, 15.59648294),
        ("female", 240, 58.21897289, 45.04654822, 89.04485133),
    ],
)
def test_the_tables_give_the_cdc_published_centiles(sex: str, months: float, p50: float, p3: float, p97: float) -> None:
    table = growth_reference().infant if months < 24 or (months == 36 and sex == "female") else growth_reference().child
    lms = table[sex].at(months)  # type: ignore[index]
    assert lms.m == pytest.approx(p50, rel=1e-9)
    assert lms.value_at(-1.880793608) == pytest.approx(p3, rel=1e-6)  # z of the 3rd centile
    assert lms.value_at(1.880793608) == pytest.approx(p97, rel=1e-6)
    assert lms.z(p50) == pytest.approx(0, abs=1e-12)


def test_an_lms_z_score_computed_by_hand() -> None:
    # boys, 24 months (wtage.csv): L = -0.20615245, M = 12.6707633, S = 0.108125811; 15 kg:
    # 15 / M = 1.18382765; ln = 0.16875296; x L = -0.03478884; exp = 0.96580934
    # L x S = -0.02229040; z = (0.96580934 - 1) / -0.02229040 = 1.53387
    lms = growth_reference().lms("male", 24)
    assert lms.z(15) == pytest.approx(1.53387, abs=1e-5)
    assert centile(lms.z(15)) == pytest.approx(93.747, abs=0.001)
    # modified z above the median: the weight at z = +2 is M (1 + 2 L S)^(1/L) = M x 0.95541920^(-4.85077) = 15.80802;
    # (15 - 12.67076) / ((15.80802 - 12.67076) / 2) = 1.48489
    assert lms.value_at(2) == pytest.approx(15.80802, abs=1e-5)
    assert lms.modified_z(15) == pytest.approx(1.48489, abs=1e-5)
    # below the median, half the distance to z = -2: M (1 - 2 L S)^(1/L) = 10.25461;
    # (10 - 12.67076) / ((12.67076 - 10.25461) / 2) = -2.21076
    assert lms.value_at(-2) == pytest.approx(10.25461, abs=1e-5)
    assert lms.modified_z(10) == pytest.approx(-2.21076, abs=1e-5)


def test_between_two_rows_the_parameters_are_interpolated_and_the_infant_table_ends_at_24_months() -> None:
    reference = growth_reference()
    halfway = reference.lms("male", 24.25)
    assert halfway.m == pytest.approx((12.6707633 + 12.74154396) / 2, rel=1e-12)
    # under 24 months the infant table (its 23.5 month row), from 24 months the 2 to 20 years one
    assert reference.lms("male", 23.5).m == reference.infant["male"].at(23.5).m
    assert reference.lms("male", 24).m == pytest.approx(12.6707633)
    assert reference.lms("male", 24).m != reference.infant["male"].at(24).m
    assert reference.covers(240) and not reference.covers(240.1)


def _damaged(tmp_path: Path, line: int, change: str) -> Path:
    """A copy of the reference folder whose 2 to 20 years file has line ``line`` (1-based) replaced."""
    folder = tmp_path / "growth"
    shutil.copytree(GROWTH, folder)
    lines = (folder / CHILD_FILE).read_text(encoding="ascii").splitlines()
    lines[line - 1] = change
    (folder / CHILD_FILE).write_text("\n".join(lines) + "\n", encoding="ascii")
    return folder


def _row(tmp_path: Path, column: str, value: str) -> Path:
    lines = (GROWTH / CHILD_FILE).read_text(encoding="ascii").splitlines()
    index = next(number for number, line in enumerate(lines) if line.startswith("Sex,"))
    fields = lines[index + 3].split(",")
    fields[lines[index].split(",").index(column)] = value
    return _damaged(tmp_path, index + 4, ",".join(fields))


def test_the_shipped_files_load(tmp_path: Path) -> None:
    assert load_growth_reference(GROWTH).last_month == 240


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("S", "0", "S must be above zero"),
        ("M", "-1", "M must be above zero"),
        ("L", "nan", "L is not finite"),
        ("L", "inf", "L is not finite"),
        ("Agemos", "24", "ages must increase"),
        ("P50", "13.9", "P50 13.9 does not agree with L, M and S"),
        ("L", "-0.3", "does not agree with L, M and S"),
        ("Sex", "3", r"Sex must be 1 \(male\) or 2 \(female\)"),
        ("M", "twelve", "M 'twelve' is not a number"),
    ],
)
def test_a_damaged_row_refuses_the_reference_naming_the_file_and_line(tmp_path: Path, column: str, value: str, said: str) -> None:
    with pytest.raises(GrowthReferenceError, match=said) as refused:
        load_growth_reference(_row(tmp_path, column, value))
    assert CHILD_FILE in str(refused.value) and ", line " in str(refused.value)


def test_a_file_without_its_licence_line_or_with_other_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GrowthReferenceError, match="no '# licence:' line"):
        load_growth_reference(_damaged(tmp_path, 5, "# licensed: who knows"))
    lines = (GROWTH / INFANT_FILE).read_text(encoding="ascii").splitlines()
    index = next(number for number, line in enumerate(lines) if line.startswith("Sex,"))
    folder = tmp_path / "other"
    shutil.copytree(GROWTH, folder)
    lines[index] = lines[index].replace("P50", "Median")
    (folder / INFANT_FILE).write_text("\n".join(lines), encoding="ascii")
    with pytest.raises(GrowthReferenceError, match="the columns must be"):
        load_growth_reference(folder)


def test_a_missing_file_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(GrowthReferenceError, match="cannot be read"):
        load_growth_reference(tmp_path)


def test_every_row_is_finite_with_m_and_s_above_zero() -> None:
    reference = growth_reference()
    for tables in (reference.infant, reference.child):
        for table in tables.values():
            ages = [row.age_months for row in table.rows]
            assert ages == sorted(set(ages))
            assert all(math.isfinite(row.l) and row.m > 0 and row.s > 0 for row in table.rows)
