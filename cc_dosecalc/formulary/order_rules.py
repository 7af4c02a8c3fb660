"""Reading what the formulary says about orders: a regimen's forms, the ``[order_rules]``
table and the ``[[duplicate_class]]`` rules (second edition: "Orders as prescribers write
them", "Absolute limits for every drug").

The numbers and levels are data; :mod:`cc_dosecalc.orders` holds the kinds of rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cc_dosecalc.formulary.model import LEVELS, DoseForm, DuplicateClass, Level, OrderRules
from cc_dosecalc.formulary.reader import Table
from cc_dosecalc.frequency import frequency
from cc_dosecalc.parsing import InputError

if TYPE_CHECKING:
    from cc_dosecalc.formulary.validator import Validator


def read_forms(validator: Validator, tables: list[Table], regimen_id: str) -> tuple[DoseForm, ...]:
    forms: list[DoseForm] = []
    for table in tables:
        form_id = table.ident("id")
        table.renamed(f"{table.entry.rsplit('.form', 1)[0]}.form[{form_id}]")
        if any(form.id == form_id for form in forms):
            table.fail("id", f"duplicate form id '{form_id}' in regimen {regimen_id}")
        frequencies: list[str] = []
        for text in table.texts("frequencies"):
            try:
                frequencies.append(frequency(text).text)
            except InputError as error:
                table.fail("frequencies", f"'{text[:40]}' is not a frequency: {error.message}")
        checks = tuple(validator.check(sub) for sub in table.tables("check"))
        forms.append(DoseForm(form_id, table.text("name", max_length=80), tuple(frequencies), checks, table.source()))
        table.done()
    return tuple(forms)


def read_order_rules(table: Table) -> OrderRules:
    def level(key: str) -> Level:
        return cast(Level, table.choice(key, LEVELS))

    def percent(key: str) -> float:
        value = table.number(key)
        assert value is not None
        if value >= 100:
            table.fail(key, "must be a percentage below 100")
        return value

    rules = OrderRules(
        weekly_ordered_daily=level("weekly_ordered_daily"),
        weekly_ordered_daily_source=table.source("weekly_ordered_daily_source"),
        daily_ordered_weekly=level("daily_ordered_weekly"),
        daily_ordered_weekly_source=table.source("daily_ordered_weekly_source"),
        form_frequency_mismatch=level("form_frequency_mismatch"),
        form_frequency_mismatch_source=table.source("form_frequency_mismatch_source"),
        course_above_percent=percent("course_above_percent"),
        course_above_level=level("course_above_level"),
        course_below_percent=percent("course_below_percent"),
        course_below_level=level("course_below_level"),
        course_source=table.source("course_source"),
        no_limit_level=level("no_limit_level"),
        no_limit_source=table.source("no_limit_source"),
    )
    table.done()
    return rules


def read_duplicate_classes(tables: list[Table], drug_classes: set[str]) -> tuple[DuplicateClass, ...]:
    rules: list[DuplicateClass] = []
    for table in tables:
        drug_class = table.text("class", max_length=80)
        table.renamed(f"duplicate_class[{drug_class}]")
        if drug_class not in drug_classes:
            table.fail("class", f"no drug of the formulary has the class '{drug_class}'")
        if any(rule.drug_class == drug_class for rule in rules):
            table.fail("class", f"the class '{drug_class}' is listed twice")
        rules.append(DuplicateClass(drug_class, cast(Level, table.choice("level", LEVELS)), table.text("message"), table.source()))
        table.done()
    return tuple(rules)
