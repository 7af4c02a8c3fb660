"""Validating a formulary document completely, and loading the built-in formulary.

Any error refuses the whole file with a message naming the file, the entry and the field, so
nothing is ever computed from a formulary that failed.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any, cast, get_args

from cc_dosecalc.formulary import products
from cc_dosecalc.formulary.model import (
    CONDITION_UNITS,
    LEVELS,
    PLAN_DRUG_KIND,
    Basis,
    BuiltInChecks,
    Check,
    Condition,
    DosingWeightRule,
    Drug,
    Formulary,
    FormularyError,
    FormularyFile,
    Guidance,
    Interaction,
    KidneyFunctionRules,
    LesionGuidance,
    Level,
    Period,
    Procedure,
    Regimen,
    SourcedNumber,
    SourcedText,
    WeightForAgeChecks,
    WeightPlausibility,
)
from cc_dosecalc.formulary.order_rules import read_duplicate_classes, read_forms, read_order_rules
from cc_dosecalc.formulary.reader import ID, Table, read_document
from cc_dosecalc.units import is_known_unit

logger = logging.getLogger(__name__)

# the CDC 2000 weight-for-age tables end at 20 years
GROWTH_REFERENCE_MAX_YEARS = 20


def load_formulary(path: Path | str) -> Formulary:
    """Read and validate a formulary file; :class:`FormularyError` if anything is wrong."""
    path = Path(path)
    try:
        document, sha256 = read_document(path)
        formulary = Validator(path, sha256).formulary(document)
    except FormularyError as error:
        logger.error("Formulary refused: %s", error.for_log())
        raise
    return replace(formulary, files=(FormularyFile("built-in", formulary.name, formulary.version, sha256, str(path)),))


class Validator:
    def __init__(self, path: Path, sha256: str, site_path: Path | None = None, origins: dict[int, tuple[Path, str]] | None = None) -> None:
        self.path = path
        self.sha256 = sha256
        self.site_path = site_path
        # id() of each table laid over from a site file -> (site file, its name there)
        self.origins: dict[int, tuple[Path, str]] = origins or {}
        self.sources: dict[str, str] = {}
        self.ids: dict[str, tuple[str, Path]] = {}
        # each plan_includes_drug condition, to be held to the drugs once all are read
        self.plan_drug_refs: list[tuple[Table, str]] = []

    def unique(self, table: Table, key: str, value: str, kind: str) -> None:
        """Each id is claimed once; a second claim, anywhere in the file(s), refuses it."""
        seen = self.ids.get(f"{kind}:{value}")
        if seen is not None:
            where = seen[0] if seen[1] == table.path else f"{seen[0]} in {seen[1]}"
            table.fail(key, f"duplicate {kind} id '{value}' (first at {where})")
        self.ids[f"{kind}:{value}"] = (table.entry, table.path)

    def formulary(self, document: dict[str, Any]) -> Formulary:
        root = Table(self, "", document)
        header = root.table("formulary")
        assert header is not None
        name, version = header.text("name", max_length=120), header.text("version", max_length=40)
        header.text("reference", required=False)
        header.done()

        sources_table = root.table("sources")
        assert sources_table is not None
        for key in sources_table.data:
            if not ID.fullmatch(key):
                sources_table.fail(key[:40], "is not a source key: use lower-case a-z, 0-9 and hyphens")
            self.sources[key] = sources_table.text(key)
        if not self.sources:
            sources_table.fail("", "must name at least one source")
        sources_table.done()

        procedures = tuple(self.procedure(table) for table in root.tables("procedure"))
        drugs = tuple(self.drug(table) for table in root.tables("drug", required=True))
        drug_ids = {drug.id for drug in drugs}
        for table, drug_id in self.plan_drug_refs:
            if drug_id not in drug_ids:
                table.fail("drug", f"unknown drug '{drug_id}'")
        interactions = self.interactions(root.tables("interaction"), drug_ids)
        order_rules_table = root.table("order_rules")
        assert order_rules_table is not None
        order_rules = read_order_rules(order_rules_table)
        duplicate_classes = read_duplicate_classes(root.tables("duplicate_class"), {drug.drug_class for drug in drugs})
        plausibility = tuple(self.plausibility(table) for table in root.tables("weight_plausibility"))
        checks_table = root.table("built_in_checks")
        assert checks_table is not None
        built_in_checks = self.built_in_checks(checks_table)
        kidney_table = root.table("kidney_function")
        assert kidney_table is not None
        kidney_function = self.kidney_function(kidney_table)
        weight_for_age_table = root.table("weight_for_age")
        assert weight_for_age_table is not None
        weight_for_age = self.weight_for_age(weight_for_age_table)
        below = weight_for_age.growth_reference_below_years.value
        if plausibility and min(rule.min_age_years for rule in plausibility) > below:
            # no gap between the growth reference and the adult checks
            root.fail("weight_plausibility", f"an adult weight range must start by {below:g} years, where the growth reference ends")
        guidance_table = root.table("guidance")
        assert guidance_table is not None
        guidance = self.guidance(guidance_table, drug_ids, {procedure.id for procedure in procedures})
        administration_table = root.table("administration", required=False)
        administration = products.administration(administration_table) if administration_table else None
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
            built_in_checks=built_in_checks,
            weight_for_age=weight_for_age,
            procedures=procedures,
            order_rules=order_rules,
            duplicate_classes=duplicate_classes,
            kidney_function=kidney_function,
            administration=administration,
        )

    def procedure(self, table: Table) -> Procedure:
        procedure_id = table.ident("id")
        self.unique(table.renamed(f"procedure[{procedure_id}]"), "id", procedure_id, "procedure")
        result = Procedure(procedure_id, table.text("name"), table.text("text"), table.source())
        table.done()
        return result

    def sourced(self, tables: list[Table]) -> tuple[SourcedText, ...]:
        items: list[SourcedText] = []
        for table in tables:
            source = table.source()
            items.extend(SourcedText(text, source) for text in table.texts("items"))
            table.done()
        return tuple(items)

    def drug(self, table: Table) -> Drug:
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
            allergy_groups=self.allergy_groups(table),
            allergy_groups_source=table.source("allergy_groups_source") if "allergy_groups" in table.data else None,
            kidney_function_needed=self.kidney_function_needed(table),
            products=products.products(self, table.tables("product"), drug_id),
            infusion_products=products.infusion_products(self, table.tables("infusion_product"), drug_id),
        )
        table.done()
        return drug

    def kidney_function_needed(self, table: Table) -> Check | None:
        sub = table.table("kidney_function_needed", required=False)
        if sub is None:
            return None
        code = sub.ident("code")
        self.unique(sub, "code", code, "check")
        check = Check(code, cast(Level, sub.choice("level", LEVELS)), sub.text("message"), (), sub.source())
        sub.done()
        return check

    def allergy_groups(self, table: Table) -> tuple[str, ...]:
        groups = table.texts("allergy_groups", required=False)
        for group in groups:
            if not group.strip() or len(group) > 80:
                table.fail("allergy_groups", f"'{group[:40]}' is not a group name (1 to 80 characters)")
        return groups

    def regimen(self, table: Table, drug_id: str) -> Regimen:
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
            forms=read_forms(self, table.tables("form"), regimen_id),
        )
        table.done()
        return regimen

    def dosing_weight(self, table: Table) -> DosingWeightRule:
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

    def check(self, table: Table) -> Check:
        code = table.ident("code")
        table.renamed(f"{table.entry.rsplit('.check', 1)[0]}.check[{code}]")
        self.unique(table, "code", code, "check")
        conditions = tuple(self.condition(sub) for sub in table.tables("when", required=True))
        check = Check(code, cast(Level, table.choice("level", LEVELS)), table.text("message"), conditions, table.source())
        table.done()
        return check

    def condition(self, table: Table) -> Condition:
        kind = table.choice("kind", (*CONDITION_UNITS, PLAN_DRUG_KIND))
        if kind == PLAN_DRUG_KIND:
            drug_id = table.ident("drug")
            self.plan_drug_refs.append((table, drug_id))
            table.done()
            return Condition(kind, 0.0, "", drug_id)
        value = table.number("value")
        unit = table.text("unit")
        assert value is not None
        if not is_known_unit(unit, CONDITION_UNITS[kind]):
            table.fail("unit", f"unknown unit '{unit}' for {kind}")
        table.done()
        return Condition(kind, value, unit)

    def interactions(self, tables: list[Table], drug_ids: set[str]) -> tuple[Interaction, ...]:
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

    def plausibility(self, table: Table) -> WeightPlausibility:
        low, high, age = table.number("low_kg"), table.number("high_kg"), table.number("min_age_years")
        assert low is not None and high is not None and age is not None
        if low >= high:
            table.fail("low_kg", f"{low:g} is not below high_kg {high:g}")
        rule = WeightPlausibility(age, low, high, cast(Level, table.choice("level", LEVELS)), table.text("message"), table.source())
        table.done()
        return rule

    def built_in_checks(self, table: Table) -> BuiltInChecks:
        def sourced(key: str) -> SourcedNumber:
            value = table.number(key)
            assert value is not None
            return SourcedNumber(value, table.source(f"{key}_source"))

        checks = BuiltInChecks(sourced("adult_age_years"), sourced("child_weight_kg"), sourced("decimal_error_factor"))
        if checks.decimal_error_factor.value <= 1:
            table.fail("decimal_error_factor", "must be above 1 (how many times the calculated range an ordered dose is off)")
        table.done()
        return checks

    def kidney_function(self, table: Table) -> KidneyFunctionRules:
        def sourced(key: str, low: float, high: float) -> SourcedNumber:
            value = table.number(key)
            assert value is not None
            if not low < value <= high:
                table.fail(key, f"{value:g} is outside the plausible {low:g} (excluded) to {high:g}")
            return SourcedNumber(value, table.source(f"{key}_source"))

        rules = KidneyFunctionRules(
            cg_age_from=sourced("cg_age_from", 0, 1000),
            cg_divisor=sourced("cg_divisor", 0, 1000),
            cg_female_factor=sourced("cg_female_factor", 0, 1),
            bmi_ideal_from=sourced("bmi_ideal_from", 0, 100),
            bmi_adjusted_from=sourced("bmi_adjusted_from", 0, 100),
            adjusted_weight_factor=sourced("adjusted_weight_factor", 0, 1),
            schwartz_k=sourced("schwartz_k", 0, 10),
        )
        if rules.bmi_ideal_from.value >= rules.bmi_adjusted_from.value:
            table.fail("bmi_ideal_from", "must be below bmi_adjusted_from")
        table.done()
        return rules

    def weight_for_age(self, table: Table) -> WeightForAgeChecks:
        def sourced(key: str) -> SourcedNumber:
            value = table.number(key)
            assert value is not None
            return SourcedNumber(value, table.source(f"{key}_source"))

        checks = WeightForAgeChecks(
            sourced("growth_reference_below_years"),
            sourced("z_warning"),
            sourced("modified_z_stop_above"),
            sourced("modified_z_stop_below_minus"),
            sourced("bmi_warning_below"),
            sourced("bmi_warning_above"),
        )
        if checks.growth_reference_below_years.value > GROWTH_REFERENCE_MAX_YEARS:
            table.fail("growth_reference_below_years", f"the growth reference runs to {GROWTH_REFERENCE_MAX_YEARS} years only")
        if checks.modified_z_stop_above.value <= checks.z_warning.value:
            table.fail("modified_z_stop_above", "must be above z_warning (the stop is beyond the warning)")
        if checks.bmi_warning_below.value >= checks.bmi_warning_above.value:
            table.fail("bmi_warning_below", "must be below bmi_warning_above")
        table.done()
        return checks

    def guidance(self, table: Table, drug_ids: set[str], procedure_ids: set[str]) -> Guidance:
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
