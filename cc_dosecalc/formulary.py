"""The formulary: treatments, regimens, label limits, interactions and guidance.

The data lives in a TOML file under ``resources/`` that a pharmacist can read. It is
validated completely on load: any error refuses the whole file with a message naming the
file, the entry and the field, so nothing is ever computed from a formulary that failed.
The code knows the *kinds* of rule (see :data:`CONDITION_UNITS`); the file holds the numbers.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, cast, get_args

from cc_dosecalc.units import is_known_unit

Level = Literal["stop", "warning", "info"]
Basis = Literal["per_kg", "fixed", "none"]
Period = Literal["day", "week", "course"]
# Which formulary is in force: the one shipped with the program, or the built-in one with a
# pharmacy's site file laid over it (see :func:`load_site_formulary`).
FormularyKind = Literal["built-in", "site"]

LEVELS: tuple[Level, ...] = get_args(Level)
MAX_FILE_BYTES = 1_000_000
# Sanity bounds: no dose, limit or threshold in a formulary comes near them, and anything
# larger is a typing error (or would lose digits when read as a float).
MAX_NUMBER = 100_000
MAX_DAYS = 365
MAX_TEXT_LENGTH = 500
# Ids are what the command line and the records name: plain lower-case ASCII, so that no
# look-alike letter from another script can pass for another drug's id.
_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", re.ASCII)

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
        self.path = str(path)
        self.entry = entry
        self.reason = message


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
    # "site" when the regimen comes from a pharmacy's site formulary file
    origin: FormularyKind = "built-in"

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
    # "site" when the whole drug comes from a site formulary file
    origin: FormularyKind = "built-in"

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
class FormularyFile:
    """One file a formulary was read from, as its [formulary] header names it."""

    kind: FormularyKind
    name: str
    version: str
    sha256: str
    path: str


@dataclass(frozen=True)
class Formulary:
    """A validated formulary.

    For the built-in formulary ``name``, ``version``, ``sha256`` and ``path`` are its file's.
    With a site file laid over it (``kind == "site"``) they name the combination: the name
    and version of both joined by " + ", the SHA-256 of the text "<built-in sha256>\n<site
    sha256>\n", and the site file's path; ``files`` keeps each file's own.
    """

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
    kind: FormularyKind = "built-in"
    files: tuple[FormularyFile, ...] = field(default=())

    @property
    def built_in(self) -> FormularyFile:
        """The built-in file under this formulary."""
        if self.files:
            return self.files[0]
        return FormularyFile("built-in", self.name, self.version, self.sha256, self.path)

    @property
    def site(self) -> FormularyFile | None:
        """The site file laid over the built-in one, if any."""
        return self.files[1] if len(self.files) > 1 else None

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
    document, sha256 = _read(path)
    formulary = _Validator(path, sha256).formulary(document)
    return replace(formulary, files=(FormularyFile("built-in", formulary.name, formulary.version, sha256, str(path)),))


def load_site_formulary(builtin_path: Path | str, site_path: Path | str) -> Formulary:
    """The built-in formulary with a pharmacy's site file laid over it.

    The site file has its own ``[formulary]`` name and version and its own ``[sources]``.
    Each of its ``[[drug]]`` entries either names a built-in drug by ``id`` and adds
    regimens, checks, side effects, monitoring or cautions to it (a regimen with the ``id``
    of one of that drug's regimens replaces it), or is a whole new drug. Its
    ``[[interaction]]`` entries are added. The merged whole is validated exactly as the
    built-in file is; any error refuses the site file whole (:class:`FormularyError` naming
    the site file, the entry and the field).
    """
    builtin_path, site_path = Path(builtin_path), Path(site_path)
    base_document, base_sha = _read(builtin_path)
    base = load_formulary(builtin_path)
    site_document, site_sha = _read(site_path)
    overlay = _Overlay(site_path)
    merged = overlay.merge(base_document, site_document)
    combined_sha = hashlib.sha256(f"{base_sha}\n{site_sha}\n".encode()).hexdigest()
    validator = _Validator(builtin_path, combined_sha, site_path=site_path, origins=overlay.origins)
    formulary = validator.formulary(merged)
    site = FormularyFile("site", overlay.name, overlay.version, site_sha, str(site_path))
    return replace(
        formulary,
        name=f"{base.name} + {site.name}",
        version=f"{base.version} + {site.version}",
        path=str(site_path),
        kind="site",
        files=(base.built_in, site),
    )


def _read(path: Path) -> tuple[dict[str, Any], str]:
    """A formulary file's TOML document and the SHA-256 of its bytes."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise FormularyError(path, "", f"cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise FormularyError(path, "", f"larger than {MAX_FILE_BYTES:,} bytes: not a formulary")
    try:
        document = tomllib.loads(data.decode("utf-8-sig"))  # a byte-order mark (Windows Notepad) is not content
    except UnicodeDecodeError:
        raise FormularyError(path, "", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise FormularyError(path, "", f"TOML syntax error: {error}") from None
    except ValueError:  # tomllib: an integer with more digits than Python converts
        raise FormularyError(path, "", "TOML syntax error: a number has too many digits") from None
    except RecursionError:
        raise FormularyError(path, "", "TOML syntax error: arrays or tables nested too deeply") from None
    return document, hashlib.sha256(data).hexdigest()


class _Table:
    """One TOML table with its place in the file, read field by field, strictly."""

    def __init__(self, validator: _Validator, entry: str, data: object, path: Path | None = None) -> None:
        self.validator = validator
        # a table laid over from a site file is named as it is in that file
        self.path, self.entry = validator.origins.get(id(data), (path or validator.path, entry))
        if not isinstance(data, dict):
            self.fail("", "must be a table")
        self.data: dict[str, Any] = cast(dict[str, Any], data)
        self.read: set[str] = set()

    @property
    def from_site(self) -> bool:
        return self.validator.site_path is not None and self.path == self.validator.site_path

    def fail(self, key: str, message: str) -> None:
        entry = f"{self.entry}.{key}" if self.entry and key else key or self.entry
        raise FormularyError(self.path, entry, message)

    def _get(self, key: str, required: bool) -> Any:
        self.read.add(key)
        if key not in self.data:
            if required:
                self.fail(key, "missing")
            return None
        return self.data[key]

    def text(self, key: str, required: bool = True, max_length: int = MAX_TEXT_LENGTH) -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        return self._checked_text(key, value, max_length)

    def _checked_text(self, key: str, value: object, max_length: int = MAX_TEXT_LENGTH) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be non-empty text")
        text = cast(str, value)
        if any(not char.isprintable() for char in text):
            self.fail(key, "must not hold control characters or line breaks")
        if len(text.strip()) > max_length:
            self.fail(key, f"too long (at most {max_length} characters)")
        return text.strip()

    def ident(self, key: str) -> str:
        """An id: lower-case ASCII letters, digits and hyphens."""
        value = self.text(key, max_length=64)
        if not _ID.fullmatch(value):
            self.fail(key, f"'{value[:40]}' is not an id: use lower-case a-z, 0-9 and hyphens (for example 'colchicine-oral')")
        return value

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
        if not math.isfinite(value) or value <= 0 or value > MAX_NUMBER:
            self.fail(key, f"must be a number above zero and at most {MAX_NUMBER:,}")
        return float(value)

    def whole(self, key: str, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_DAYS:
            self.fail(key, f"must be a whole number from 1 to {MAX_DAYS}")
        return cast(int, value)

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "must be a list of non-empty texts")
        return tuple(self._checked_text(key, item) for item in cast(list[object], value))

    def tables(self, key: str, required: bool = False) -> list[_Table]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list of tables")
        return [
            _Table(self.validator, f"{self.entry}.{key}[{index}]" if self.entry else f"{key}[{index}]", item, self.path)
            for index, item in enumerate(value)
        ]

    def table(self, key: str, required: bool = True) -> _Table | None:
        value = self._get(key, required)
        if value is None:
            return None
        return _Table(self.validator, f"{self.entry}.{key}" if self.entry else key, value, self.path)

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
    def __init__(self, path: Path, sha256: str, site_path: Path | None = None, origins: dict[int, tuple[Path, str]] | None = None) -> None:
        self.path = path
        self.sha256 = sha256
        self.site_path = site_path
        # id() of each table laid over from a site file -> (site file, its name there)
        self.origins: dict[int, tuple[Path, str]] = origins or {}
        self.sources: dict[str, str] = {}
        self.ids: dict[str, tuple[str, Path]] = {}

    def unique(self, table: _Table, key: str, value: str, kind: str) -> None:
        """Each id is claimed once; a second claim, anywhere in the file(s), refuses it."""
        seen = self.ids.get(f"{kind}:{value}")
        if seen is not None:
            where = seen[0] if seen[1] == table.path else f"{seen[0]} in {seen[1]}"
            table.fail(key, f"duplicate {kind} id '{value}' (first at {where})")
        self.ids[f"{kind}:{value}"] = (table.entry, table.path)

    def formulary(self, document: dict[str, Any]) -> Formulary:
        root = _Table(self, "", document)
        header = root.table("formulary")
        assert header is not None
        name, version = header.text("name", max_length=120), header.text("version", max_length=40)
        header.text("reference", required=False)
        header.done()

        sources_table = root.table("sources")
        assert sources_table is not None
        for key in sources_table.data:
            if not _ID.fullmatch(key):
                sources_table.fail(key[:40], "is not a source key: use lower-case a-z, 0-9 and hyphens")
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
        procedure_id = table.ident("id")
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
        drug_id = table.ident("id")
        table.renamed(f"drug[{drug_id}]")
        self.unique(table, "id", drug_id, "drug")
        name = table.text("name", max_length=80)
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
            origin="site" if table.from_site else "built-in",
        )
        table.done()
        return drug

    def regimen(self, table: _Table, drug_id: str) -> Regimen:
        regimen_id = table.ident("id")
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
            label=table.text("label", max_length=120),
            route=table.text("route", max_length=40),
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
            origin="site" if table.from_site else "built-in",
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
        code = table.ident("code")
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


# ---------------------------------------------------------------------------------------
# A pharmacy's site file, laid over the built-in formulary
# ---------------------------------------------------------------------------------------

SITE_SECTIONS = ("formulary", "sources", "drug", "interaction")
# what a site file may add to a drug of the built-in formulary
SITE_DRUG_ADDITIONS = ("regimen", "check", "side_effects", "monitoring", "cautions")


class _Overlay:
    """Lays a site file's document over the built-in one, remembering which tables it brought.

    Only the shape needed to merge is checked here (ids, sections, built-in fields left
    alone); everything else is checked by :class:`_Validator` on the merged whole, which names
    each of the site's tables as it is in the site file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = _Validator(path, "")
        self.origins: dict[int, tuple[Path, str]] = {}
        self.name = ""
        self.version = ""

    def _bring(self, table: _Table) -> dict[str, Any]:
        self.origins[id(table.data)] = (self.path, table.entry)
        return table.data

    def merge(self, base: dict[str, Any], site: dict[str, Any]) -> dict[str, Any]:
        merged = copy.deepcopy(base)
        root = _Table(self.reader, "", site)
        for key in site:
            if key not in SITE_SECTIONS:
                root.fail(key, f"not allowed in a site formulary (it may hold {', '.join(SITE_SECTIONS)})")
        header = root.table("formulary")
        assert header is not None
        self.name, self.version = header.text("name", max_length=120), header.text("version", max_length=40)
        header.text("reference", required=False)
        header.done()
        sources = root.table("sources", required=False)
        if sources is not None:
            for key in sources.data:
                if not _ID.fullmatch(key):
                    sources.fail(key[:40], "is not a source key: use lower-case a-z, 0-9 and hyphens")
                if key in merged["sources"]:
                    sources.fail(key, "already a source of the built-in formulary: give the site's source another key")
                merged["sources"][key] = sources.text(key)
            sources.done()
        drugs_by_id = {drug["id"]: drug for drug in merged["drug"]}
        site_regimens: set[str] = set()
        for table in root.tables("drug"):
            drug_id = table.ident("id")
            table.renamed(f"drug[{drug_id}]")
            existing = drugs_by_id.get(drug_id)
            if existing is None:
                merged["drug"].append(self._bring(table))
                continue
            for key in table.data:
                if key not in ("id", *SITE_DRUG_ADDITIONS):
                    table.fail(key, f"a site file cannot change a built-in drug's {key}: it may add {', '.join(SITE_DRUG_ADDITIONS)}")
            for sub in table.tables("regimen"):
                regimen_id = sub.ident("id")
                sub.renamed(f"drug[{drug_id}].regimen[{regimen_id}]")
                if regimen_id in site_regimens:
                    sub.fail("id", f"duplicate regimen id '{regimen_id}' in the site file")
                site_regimens.add(regimen_id)
                regimens: list[Any] = existing.setdefault("regimen", [])
                same = [index for index, regimen in enumerate(regimens) if regimen.get("id") == regimen_id]
                if same:
                    regimens[same[0]] = self._bring(sub)
                else:
                    regimens.append(self._bring(sub))
            for key in SITE_DRUG_ADDITIONS[1:]:
                existing.setdefault(key, []).extend(self._bring(sub) for sub in table.tables(key))
        for table in root.tables("interaction"):
            merged.setdefault("interaction", []).append(self._bring(table))
        return merged
