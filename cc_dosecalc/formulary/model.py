"""What a formulary holds, once read and validated: drugs, regimens, checks and the rest.

Plain frozen dataclasses; :mod:`cc_dosecalc.formulary.validator` builds them from a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from cc_dosecalc.value_class import value_class

if TYPE_CHECKING:  # defined beside the model, which they use
    from cc_dosecalc.formulary.product_model import Administration, InfusionProduct, Product

Level = Literal["stop", "warning", "info"]
Basis = Literal["per_kg", "fixed", "none"]
Period = Literal["day", "week", "course"]
# Which formulary is in force: the one shipped with the program, or the built-in one with a
# pharmacy's site file laid over it (see :func:`load_site_formulary`).
FormularyKind = Literal["built-in", "site"]

LEVELS: tuple[Level, ...] = get_args(Level)

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
    # the second edition's age bands ("children 4 to 12 years", "8 years and over")
    "age_at_least": "years",
    "weight_below": "kg",
}
# A condition kind that names another drug of the plan (``drug``) instead of a value and unit.
PLAN_DRUG_KIND = "plan_includes_drug"


class FormularyError(ValueError):
    """The formulary file cannot be used. The message names the file, the entry and the field."""

    def __init__(self, path: Path | str, entry: str, message: str) -> None:
        where = f"{path}: {entry}: " if entry else f"{path}: "
        super().__init__(where + message)
        self.path = str(path)
        self.entry = entry
        self.reason = message

    def for_log(self) -> str:
        """The message, and the error underneath it if there is one (the OSError, the TOML
        parser's), for the log: the user is shown the message alone."""
        cause = self.__cause__
        return f"{self} (cause: {type(cause).__name__}: {cause})" if cause else str(self)


@value_class
class SourcedText:
    text: str
    source: str


@value_class
class SourcedNumber:
    value: float
    source: str


@value_class
class BuiltInChecks:
    """The numbers of the checks the program applies to every order, whatever the drug.

    Only the built-in formulary holds them: a site file cannot change them, so no site
    file can switch these checks off.
    """

    # under this age a patient is a child: a fixed adult dose is shown per kg with a warning,
    # and ideal body weight (Devine) is not used
    adult_age_years: SourcedNumber
    # under this weight a fixed adult dose is shown per kg with a warning, whatever the age
    child_weight_kg: SourcedNumber
    # an ordered dose this many times the top of the calculated range or more, or this
    # fraction of its bottom or less, is a possible decimal point error (a stop)
    decimal_error_factor: SourcedNumber


@value_class
class KidneyFunctionRules:
    """The numbers of the kidney function estimates from a serum creatinine (mg/dL)."""

    # Cockcroft-Gault (adults): (cg_age_from - age) x weight / (cg_divisor x SCr), x cg_female_factor
    cg_age_from: SourcedNumber
    cg_divisor: SourcedNumber
    cg_female_factor: SourcedNumber
    # the weight Cockcroft-Gault is given, by body mass index: actual below bmi_ideal_from,
    # ideal (not above actual) up to bmi_adjusted_from, adjusted from it
    bmi_ideal_from: SourcedNumber
    bmi_adjusted_from: SourcedNumber
    adjusted_weight_factor: SourcedNumber
    # bedside Schwartz (under the adult age): schwartz_k x height cm / SCr
    schwartz_k: SourcedNumber


@value_class
class WeightForAgeChecks:
    """The numbers of the weight checks for every age ([weight_for_age]); built-in only, like
    :class:`BuiltInChecks`: a site file cannot hold them."""

    # under this age the growth reference; from it the adult checks
    growth_reference_below_years: SourcedNumber
    # |LMS z-score| above this: warning
    z_warning: SourcedNumber
    # CDC's modified z-score above this (stop)
    modified_z_stop_above: SourcedNumber
    # or below minus this (stop)
    modified_z_stop_below_minus: SourcedNumber
    # adults with a height: body mass index below or above these (warning)
    bmi_warning_below: SourcedNumber
    bmi_warning_above: SourcedNumber


@value_class
class Condition:
    kind: str
    value: float
    unit: str
    # for ``plan_includes_drug``: the drug whose presence in the plan the condition asks about
    drug: str = ""


@value_class
class Check:
    """A label limit: fires when all of its conditions hold (an empty list always holds)."""

    code: str
    level: Level
    message: str
    conditions: tuple[Condition, ...]
    source: str


@value_class
class DosingWeightRule:
    """Dose on an adjusted body weight when the actual weight is well above the ideal."""

    obese_above_percent_of_ibw: float
    adjustment_factor: float
    source: str


@value_class
class DoseForm:
    """One form of a regimen with its own limits (diltiazem immediate- or extended-release).

    ``frequencies`` are the frequencies of :mod:`cc_dosecalc.frequency` that fit the form; an
    order of the form at another frequency is warned about. When an order names a form, the
    form's checks take the place of the drug's dose-limit checks (those with a dose condition).
    """

    id: str
    name: str
    frequencies: tuple[str, ...]
    checks: tuple[Check, ...]
    source: str


@value_class
class OrderRules:
    """The numbers and levels of the checks on how an order is written (second edition,
    "Orders as prescribers write them"); each with its source."""

    # a weekly regimen ordered at a daily frequency
    weekly_ordered_daily: Level
    weekly_ordered_daily_source: str
    # a daily regimen ordered at a weekly (or longer) frequency
    daily_ordered_weekly: Level
    daily_ordered_weekly_source: str
    # a form ordered at a frequency that does not fit it
    form_frequency_mismatch: Level
    form_frequency_mismatch_source: str
    # a course regimen (IVIG): ordered per day x days against the calculated course, in percent
    course_above_percent: float
    course_above_level: Level
    course_below_percent: float
    course_below_level: Level
    course_source: str
    # an ordered dose where no dose limit is known for the route
    no_limit_level: Level
    no_limit_source: str


@value_class
class DuplicateClass:
    """Two drugs of this class in one plan: duplicate therapy."""

    drug_class: str
    level: Level
    message: str
    source: str


@value_class
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
    # for a site regimen that replaces a built-in one: that regimen's label and dose
    replaces: str = ""
    # forms with their own limits (diltiazem); an ordered dose of such a regimen needs its form
    forms: tuple[DoseForm, ...] = ()

    def form(self, form_id: str) -> DoseForm:
        for form in self.forms:
            if form.id == form_id:
                return form
        raise KeyError(form_id)

    @property
    def mass_unit(self) -> str:
        """The unit doses of this regimen are written in ("mg" for "mg/kg")."""
        return (self.dose_unit or "mg").split("/")[0]


@value_class
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
    # words an allergy to this drug may be recorded under besides its name: its class and
    # groups ("cephalosporin", "beta-lactam"); an allergy naming one is a stop on the drug
    allergy_groups: tuple[str, ...] = ()
    allergy_groups_source: str | None = None
    # raised (no conditions) when neither a creatinine clearance nor a serum creatinine is given
    kidney_function_needed: Check | None = None
    products: tuple[Product, ...] = ()
    infusion_products: tuple[InfusionProduct, ...] = ()

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


@value_class
class Interaction:
    drugs: tuple[str, str]
    level: Level
    message: str
    source: str


@value_class
class WeightPlausibility:
    min_age_years: float
    low_kg: float
    high_kg: float
    level: Level
    message: str
    source: str


@value_class
class Procedure:
    id: str
    name: str
    text: str
    source: str


@value_class
class LesionGuidance:
    size: str
    text: str
    drugs: tuple[str, ...]
    procedures: tuple[str, ...]


@value_class
class Guidance:
    source: str
    general_measures: tuple[str, ...]
    extent: tuple[str, ...]
    lesion_size: tuple[LesionGuidance, ...]


@value_class
class FormularyFile:
    """One file a formulary was read from, as its [formulary] header names it."""

    kind: FormularyKind
    name: str
    version: str
    sha256: str
    path: str


@value_class
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
    built_in_checks: BuiltInChecks
    weight_for_age: WeightForAgeChecks
    procedures: tuple[Procedure, ...] = field(default=())
    kind: FormularyKind = "built-in"
    # required in every formulary file; None only for a Formulary built by hand
    kidney_function: KidneyFunctionRules | None = None
    files: tuple[FormularyFile, ...] = field(default=())
    # the checks on how orders are written; None only for a formulary built in code (tests)
    order_rules: OrderRules | None = None
    duplicate_classes: tuple[DuplicateClass, ...] = field(default=())
    administration: Administration | None = None

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
