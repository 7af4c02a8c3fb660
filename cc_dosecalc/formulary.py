"""The formulary: treatments, regimens, label limits, interactions and guidance.

The data lives in a TOML file under ``resources/`` that a pharmacist can read. It is
validated completely on load: any error refuses the whole file with a message naming the
file, the entry and the field, so nothing is ever computed from a formulary that failed.
The code knows the *kinds* of rule (see :data:`CONDITION_UNITS`); the file holds the numbers.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, cast, get_args

from cc_dosecalc.units import is_known_unit

Level = Literal["stop", "warning", "info"]
Basis = Literal["per_kg", "fixed", "none"]
Period = Literal["day", "week", "course"]

LEVELS: tuple[Level, ...] = get_args(Level)
MAX_FILE_BYTES = 1_000_000

# The kinds of rule the engine knows, and the dimension each one's value must have.
CONDITION_UNITS: dict[str, str] = {
    "age_below": "years",
    "age_above": "years",
    "age_at_most": "years",
    "crcl_below": "mL/min",
    "crcl_at_most": "mL/min",
    "daily_dose_above": "mg",
    "single_dose_above": "mg",
    "daily_dose_per_kg_above": "mg/kg",
    "dosing_interval_below": "days",
}


class FormularyError(ValueError):
    """The formulary file cannot be used. The message names the file, the entry and the field."""

    def __init__(self, path: Path | str, entry: str, message: str) -> None:
        where = f"{path}: {entry}: " if entry else f"{path}: "
        super().__init__(where + message)


@dataclass(frozen=True)
class SourcedText:
    text: str
    source: str


@dataclass(frozen=True)
class Condition:
    kind: str
    value: float
    unit: str


@dataclass(frozen=True)
class Check:
    """A label limit: fires when all of its conditions hold (an empty list always holds)."""

    code: str
    level: Level
    message: str
    conditions: tuple[Condition, ...]
    source: str


@dataclass(frozen=True)
class DosingWeightRule:
    """Dose on an adjusted body weight when the actual weight is well above the ideal."""

    obese_above_percent_of_ibw: float
    adjustment_factor: float
    source: str


@dataclass(frozen=True)
class Regimen:
    id: str
    label: str
    route: str
    basis: Basis
    period: Period
    source: str
    dose_low: float | None = None
    dose_high: float | None = None
    dose_unit: str | None = None
    course_days: int | None = None
    days_min: int | None = None
    days_max: int | None = None
    days_default: int | None = None
    product_concentration_mg_per_ml: float | None = None
    note: str = ""
    dosing_weight: DosingWeightRule | None = None
    side_effects: tuple[SourcedText, ...] = ()
    monitoring: tuple[SourcedText, ...] = ()
    cautions: tuple[SourcedText, ...] = ()

    @property
    def mass_unit(self) -> str:
        """The unit doses of this regimen are written in ("mg" for "mg/kg")."""
        return (self.dose_unit or "mg").split("/")[0]


@dataclass(frozen=True)
class Drug:
    id: str
    name: str
    drug_class: str
    source: str
    regimens: tuple[Regimen, ...]
    indications: tuple[str, ...] = ()
    tall_man: str | None = None
    double_check: str | None = None
    double_check_source: str | None = None
    checks: tuple[Check, ...] = ()
    side_effects: tuple[SourcedText, ...] = ()
    monitoring: tuple[SourcedText, ...] = ()
    cautions: tuple[SourcedText, ...] = ()

    @property
    def display_name(self) -> str:
        """The name on the order line: tall-man letters where listed, else the generic name."""
        return self.tall_man or self.name

    def regimen(self, regimen_id: str | None) -> Regimen:
        """The regimen with this id; the first listed when ``regimen_id`` is None."""
        if regimen_id is None:
            return self.regimens[0]
        for regimen in self.regimens:
            if regimen.id == regimen_id:
                return regimen
        raise KeyError(regimen_id)


@dataclass(frozen=True)
class Interaction:
    drugs: tuple[str, str]
    level: Level
    message: str
    source: str


@dataclass(frozen=True)
class WeightPlausibility:
    min_age_years: float
    low_kg: float
    high_kg: float
    level: Level
    message: str
    source: str


@dataclass(frozen=True)
class Procedure:
    id: str
    name: str
    text: str
    source: str


@dataclass(frozen=True)
class LesionGuidance:
    size: str
    text: str
    drugs: tuple[str, ...]
    procedures: tuple[str, ...]


@dataclass(frozen=True)
class Guidance:
    source: str
    general_measures: tuple[str, ...]
    extent: tuple[str, ...]
    lesion_size: tuple[LesionGuidance, ...]


@dataclass(frozen=True)
class Formulary:
    name: str
    version: str
    sha256: str
    path: str
    sources: Mapping[str, str]
    drugs: tuple[Drug, ...]
    interactions: tuple[Interaction, ...]
    weight_plausibility: tuple[WeightPlausibility, ...]
    guidance: Guidance
    procedures: tuple[Procedure, ...] = field(default=())

    @cached_property
    def _drugs_by_id(self) -> dict[str, Drug]:
        return {drug.id: drug for drug in self.drugs}

    def drug(self, drug_id: str) -> Drug:
        return self._drugs_by_id[drug_id]

    def has_drug(self, drug_id: str) -> bool:
        return drug_id in self._drugs_by_id

    def source_text(self, key: str) -> str:
        return self.sources[key]


# ---------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------


def load_formulary(path: Path | str) -> Formulary:
    """Read and validate a formulary file; :class:`FormularyError` if anything is wrong."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise FormularyError(path, "", f"cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise FormularyError(path, "", f"larger than {MAX_FILE_BYTES:,} bytes: not a formulary")
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise FormularyError(path, "", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise FormularyError(path, "", f"TOML syntax error: {error}") from None
    return _Validator(path, hashlib.sha256(data).hexdigest()).formulary(document)


class _Table:
    """One TOML table with its place in the file, read field by field, strictly."""

    def __init__(self, validator: _Validator, entry: str, data: object) -> None:
        self.validator = validator
        self.entry = entry
        if not isinstance(data, dict):
            self.fail("", "must be a table")
        self.data: dict[str, Any] = cast(dict[str, Any], data)
        self.read: set[str] = set()

    def fail(self, key: str, message: str) -> None:
        entry = f"{self.entry}.{key}" if key else self.entry
        raise FormularyError(self.validator.path, entry, message)

    def _get(self, key: str, required: bool) -> Any:
        self.read.add(key)
        if key not in self.data:
            if required:
                self.fail(key, "missing")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = True) -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be non-empty text")
        if any(not char.isprintable() for char in value):
            self.fail(key, "must not hold control characters")
        return cast(str, value).strip()

    def choice(self, key: str, choices: Iterable[str]) -> str:
        options = tuple(choices)
        value = self.text(key)
        if value not in options:
            self.fail(key, f"'{value}' is not one of: {', '.join(options)}")
        return value

    def number(self, key: str, required: bool = True) -> float | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, "must be a number")
        if not math.isfinite(value) or value <= 0:
            self.fail(key, "must be a number above zero")
        return float(value)

    def whole(self, key: str, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.fail(key, "must be a whole number above zero")
        return cast(int, value)

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(key, "must be a list of non-empty texts")
        return tuple(item.strip() for item in value)

    def tables(self, key: str, required: bool = False) -> list[_Table]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list of tables")
        return [
            _Table(self.validator, f"{self.entry}.{key}[{index}]" if self.entry else f"{key}[{index}]", item)
            for index, item in enumerate(value)
        ]

    def table(self, key: str, required: bool = True) -> _Table | None:
        value = self._get(key, required)
        if value is None:
            return None
        return _Table(self.validator, f"{self.entry}.{key}" if self.entry else key, value)

    def source(self, key: str = "source") -> str:
        value = self.text(key)
        if value not in self.validator.sources:
            self.fail(key, f"unknown source '{value}' (not in [sources])")
        return value

    def renamed(self, entry: str) -> _Table:
        self.entry = entry
        return self

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            self.fail(unknown[0], "unknown field (misspelt?)")


class _Validator:
    def __init__(self, path: Path, sha256: str) -> None:
        self.path = path
        self.sha256 = sha256
        self.sources: dict[str, str] = {}
        self.ids: dict[str, str] = {}

    def unique(self, table: _Table, key: str, value: str, kind: str) -> None:
        """Each id is claimed once; a second claim, anywhere in the file, refuses it."""
        seen = self.ids.get(f"{kind}:{value}")
        if seen is not None:
            table.fail(key, f"duplicate {kind} id '{value}' (first at {seen})")
        self.ids[f"{kind}:{value}"] = table.entry

    def formulary(self, document: dict[str, Any]) -> Formulary:
        root = _Table(self, "", document)
        header = root.table("formulary")
        assert header is not None
        name, version = header.text("name"), header.text("version")
        header.text("reference", required=False)
        header.done()

        sources_table = root.table("sources")
        assert sources_table is not None
        for key in sources_table.data:
            self.sources[key] = sources_table.text(key)
        if not self.sources:
            sources_table.fail("", "must name at least one source")
        sources_table.done()

        procedures = tuple(self.procedure(table) for table in root.tables("procedure"))
        drugs = tuple(self.drug(table) for table in root.tables("drug", required=True))
        drug_ids = {drug.id for drug in drugs}
        interactions = self.interactions(root.tables("interaction"), drug_ids)
        plausibility = tuple(self.plausibility(table) for table in root.tables("weight_plausibility"))
        guidance_table = root.table("guidance")
        assert guidance_table is not None
        guidance = self.guidance(guidance_table, drug_ids, {procedure.id for procedure in procedures})
        root.done()
        return Formulary(
            name=name,
            version=version,
            sha256=self.sha256,
            path=str(self.path),
            sources=dict(self.sources),
            drugs=drugs,
            interactions=interactions,
            weight_plausibility=plausibility,
            guidance=guidance,
            procedures=procedures,
        )

    def procedure(self, table: _Table) -> Procedure:
        procedure_id = table.text("id")
        self.unique(table.renamed(f"procedure[{procedure_id}]"), "id", procedure_id, "procedure")
        result = Procedure(procedure_id, table.text("name"), table.text("text"), table.source())
        table.done()
        return result

    def sourced(self, tables: list[_Table]) -> tuple[SourcedText, ...]:
        items: list[SourcedText] = []
        for table in tables:
            source = table.source()
            items.extend(SourcedText(text, source) for text in table.texts("items"))
            table.done()
        return tuple(items)

    def drug(self, table: _Table) -> Drug:
        drug_id = table.text("id")
        table.renamed(f"drug[{drug_id}]")
        self.unique(table, "id", drug_id, "drug")
        name = table.text("name")
        tall_man = table.text("tall_man", required=False) or None
        if tall_man:
            table.source("tall_man_source")
            if tall_man.lower() != name.lower():
                table.fail("tall_man", f"'{tall_man}' does not spell the name '{name}'")
        double_check = table.text("double_check", required=False) or None
        double_check_source = table.source("double_check_source") if double_check else None
        regimens = tuple(self.regimen(sub, drug_id) for sub in table.tables("regimen", required=True))
        if not regimens:
            table.fail("regimen", "at least one regimen is needed")
        drug = Drug(
            id=drug_id,
            name=name,
            drug_class=table.text("class"),
            source=table.source(),
            regimens=regimens,
            indications=table.texts("indications", required=False),
            tall_man=tall_man,
            double_check=double_check,
            double_check_source=double_check_source,
            checks=tuple(self.check(sub) for sub in table.tables("check")),
            side_effects=self.sourced(table.tables("side_effects")),
            monitoring=self.sourced(table.tables("monitoring")),
            cautions=self.sourced(table.tables("cautions")),
        )
        table.done()
        return drug

    def regimen(self, table: _Table, drug_id: str) -> Regimen:
        regimen_id = table.text("id")
        table.renamed(f"drug[{drug_id}].regimen[{regimen_id}]")
        self.unique(table, "id", regimen_id, "regimen")
        basis = cast(Basis, table.choice("basis", get_args(Basis)))
        period = cast(Period, table.choice("period", get_args(Period)))
        low = table.number("dose_low", required=basis != "none")
        high = table.number("dose_high", required=basis != "none")
        unit = table.text("dose_unit", required=basis != "none") or None
        if basis == "none":
            if low is not None or high is not None or unit is not None:
                table.fail("basis", "a regimen with no dose must not give dose_low, dose_high or dose_unit")
        else:
            assert low is not None and high is not None and unit is not None
            if low > high:
                table.fail("dose_low", f"{low:g} is above dose_high {high:g}")
            wanted = "mg/kg" if basis == "per_kg" else "mg"
            if not is_known_unit(unit, wanted):
                kind = "a dose per kg (mcg/kg, mg/kg, g/kg)" if basis == "per_kg" else "a mass (mcg, mg, g)"
                table.fail("dose_unit", f"unknown unit '{unit}': must be {kind}")
        days = (table.whole("days_min"), table.whole("days_default"), table.whole("days_max"))
        if period == "course":
            if None in days:
                table.fail("days_min", "a course needs days_min, days_default and days_max")
            if not days[0] <= days[1] <= days[2]:  # type: ignore[operator]
                table.fail("days_default", "days_min <= days_default <= days_max must hold")
        elif any(day is not None for day in days):
            table.fail("days_min", "days_min, days_default and days_max belong to a course regimen")
        weight_table = table.table("dosing_weight", required=False)
        dosing_weight = self.dosing_weight(weight_table) if weight_table else None
        regimen = Regimen(
            id=regimen_id,
            label=table.text("label"),
            route=table.text("route"),
            basis=basis,
            period=period,
            source=table.source(),
            dose_low=low,
            dose_high=high,
            dose_unit=unit,
            course_days=table.whole("course_days"),
            days_min=days[0],
            days_default=days[1],
            days_max=days[2],
            product_concentration_mg_per_ml=table.number("product_concentration_mg_per_ml", required=False),
            note=table.text("note", required=False),
            dosing_weight=dosing_weight,
            side_effects=self.sourced(table.tables("side_effects")),
            monitoring=self.sourced(table.tables("monitoring")),
            cautions=self.sourced(table.tables("cautions")),
        )
        table.done()
        return regimen

    def dosing_weight(self, table: _Table) -> DosingWeightRule:
        table.choice("rule", ("adjusted_when_obese",))
        percent = table.number("obese_above_percent_of_ibw")
        factor = table.number("adjustment_factor")
        assert percent is not None and factor is not None
        if percent <= 100:
            table.fail("obese_above_percent_of_ibw", "must be above 100")
        if factor > 1:
            table.fail("adjustment_factor", "must be from 0 to 1")
        rule = DosingWeightRule(percent, factor, table.source())
        table.done()
        return rule

    def check(self, table: _Table) -> Check:
        code = table.text("code")
        table.renamed(f"{table.entry.rsplit('.check', 1)[0]}.check[{code}]")
        self.unique(table, "code", code, "check")
        conditions = tuple(self.condition(sub) for sub in table.tables("when", required=True))
        check = Check(code, cast(Level, table.choice("level", LEVELS)), table.text("message"), conditions, table.source())
        table.done()
        return check

    def condition(self, table: _Table) -> Condition:
        kind = table.choice("kind", CONDITION_UNITS)
        value = table.number("value")
        unit = table.text("unit")
        assert value is not None
        if not is_known_unit(unit, CONDITION_UNITS[kind]):
            table.fail("unit", f"unknown unit '{unit}' for {kind}")
        table.done()
        return Condition(kind, value, unit)

    def interactions(self, tables: list[_Table], drug_ids: set[str]) -> tuple[Interaction, ...]:
        result: list[Interaction] = []
        for table in tables:
            pair = table.texts("drugs")
            if len(pair) != 2 or pair[0] == pair[1]:
                table.fail("drugs", "must name two different drugs")
            table.renamed(f"interaction[{pair[0]} + {pair[1]}]")
            for drug_id in pair:
                if drug_id not in drug_ids:
                    table.fail("drugs", f"unknown drug '{drug_id}'")
            self.unique(table, "drugs", "+".join(sorted(pair)), "interaction")
            result.append(
                Interaction((pair[0], pair[1]), cast(Level, table.choice("level", LEVELS)), table.text("message"), table.source())
            )
            table.done()
        return tuple(result)

    def plausibility(self, table: _Table) -> WeightPlausibility:
        low, high, age = table.number("low_kg"), table.number("high_kg"), table.number("min_age_years")
        assert low is not None and high is not None and age is not None
        if low >= high:
            table.fail("low_kg", f"{low:g} is not below high_kg {high:g}")
        rule = WeightPlausibility(age, low, high, cast(Level, table.choice("level", LEVELS)), table.text("message"), table.source())
        table.done()
        return rule

    def guidance(self, table: _Table, drug_ids: set[str], procedure_ids: set[str]) -> Guidance:
        sizes: list[LesionGuidance] = []
        for sub in table.tables("lesion_size"):
            drugs, procedures = sub.texts("drugs"), sub.texts("procedures")
            for drug_id in drugs:
                if drug_id not in drug_ids:
                    sub.fail("drugs", f"unknown drug '{drug_id}'")
            for procedure_id in procedures:
                if procedure_id not in procedure_ids:
                    sub.fail("procedures", f"unknown procedure '{procedure_id}'")
            sizes.append(LesionGuidance(sub.text("size"), sub.text("text"), drugs, procedures))
            sub.done()
        guidance = Guidance(table.source(), table.texts("general_measures"), table.texts("extent", required=False), tuple(sizes))
        table.done()
        return guidance
