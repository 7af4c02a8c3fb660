"""Checking a plan before ordering: acknowledgements of warnings, overrides of stops.

Every warning needs its own acknowledgement; every stop needs an override with a written
reason, or the plan stays "not for ordering". An acknowledgement belongs to one alert as it
was worded, in its place in the plan: when a recalculation changes the alert's text (a new
weight, a new dose), the alert is open again. (Should the very same wording come back, the
nurse's earlier acknowledgement of those exact words applies again.) Only the keys of the plan
being printed are recorded with it.
"""

from __future__ import annotations

from dataclasses import field, replace
from typing import Literal

from cc_dosecalc.formulary import Level
from cc_dosecalc.levels import LEVEL_WORDS
from cc_dosecalc.override import Override, make_override
from cc_dosecalc.results import PlanResult
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import plural

ItemState = Literal["open", "acknowledged", "overridden"]


@value_class
class ReviewItem:
    """A warning or stop the nurse must deal with before the plan is final."""

    key: str
    level: Level
    where: str
    message: str
    code: str
    # the treatments it concerns: none for the patient, one for an order, two for an interaction
    drug_ids: tuple[str, ...] = ()
    # the order's place in the plan; None for the patient's alerts and interactions
    order_index: int | None = None


def alert_key(scope: str, code: str, message: str) -> str:
    """The one key an alert is acknowledged or overridden under: its place, code and wording.

    ``scope`` is "patient", "order{index}:{drug id}" or "interaction:{a}+{b}".
    """
    return f"{scope}|{code}|{message}"


def order_scope(index: int, drug_id: str) -> str:
    return f"order{index}:{drug_id}"


def interaction_scope(drugs: tuple[str, str]) -> str:
    return f"interaction:{'+'.join(drugs)}"


@value_class
class Review:
    """What the nurse has done with the plan's warnings and stops."""

    acknowledged: frozenset[str] = frozenset()
    # (alert key, override); built directly only by the record reader, which keeps an old
    # record's override as written: :meth:`state` counts only overrides that meet the rule
    overrides: tuple[tuple[str, Override], ...] = field(default=())

    def acknowledge(self, key: str) -> Review:
        return replace(self, acknowledged=self.acknowledged | {key})

    def unacknowledge(self, key: str) -> Review:
        return replace(self, acknowledged=self.acknowledged - {key})

    def override(self, key: str, reason: str, by: str) -> Review:
        """Record an override of a stop by the clinician ``by``; :class:`InputError` unless the
        reason and the name meet the rule (:mod:`cc_dosecalc.override`). Recorded as written."""
        given = make_override(reason, by)
        kept = tuple((k, r) for k, r in self.overrides if k != key)
        return replace(self, overrides=(*kept, (key, given)))

    def withdraw_override(self, key: str) -> Review:
        return replace(self, overrides=tuple((k, r) for k, r in self.overrides if k != key))

    def override_of(self, key: str) -> Override | None:
        """The override recorded for the stop ``key``, whether or not it meets the rule."""
        return dict(self.overrides).get(key)

    def reason(self, key: str) -> str | None:
        given = self.override_of(key)
        return None if given is None else given.reason

    def state(self, item: ReviewItem) -> ItemState:
        if item.level == "stop":
            given = self.override_of(item.key)
            return "overridden" if given is not None and given.problem() is None else "open"
        return "acknowledged" if item.key in self.acknowledged else "open"


def review_items(plan: PlanResult) -> tuple[ReviewItem, ...]:
    """Every warning and stop in the plan, each with a key tied to its wording."""
    items: list[ReviewItem] = []
    for alert in plan.patient_alerts:
        if alert.level != "info":
            items.append(ReviewItem(alert_key("patient", alert.code, alert.message), alert.level, "patient", alert.message, alert.code))
    for index, result in enumerate(plan.orders):
        scope = order_scope(index, result.drug.id)
        for alert in result.alerts:
            if alert.level != "info":
                key = alert_key(scope, alert.code, alert.message)
                items.append(ReviewItem(key, alert.level, result.drug.display_name, alert.message, alert.code, (result.drug.id,), index))
    for interaction in plan.interactions:
        if interaction.level != "info":
            key = alert_key(interaction_scope(interaction.drugs), "interaction", interaction.message)
            names = interaction.names(plan.formulary)
            items.append(ReviewItem(key, interaction.level, names, interaction.message, "interaction", interaction.drugs))
    return tuple(items)


@value_class
class ReviewStatus:
    """Where the plan's check stands. The principle: no rule is not a pass, so "checked" only
    when nothing at all is open (:attr:`open_items` empty)."""

    open_warnings: int
    open_stops: int
    overridden_stops: int
    # each incomplete order, said in words ("diltiazem: The ordered dose has no frequency: ..."):
    # an ordered dose that could not be checked keeps the plan from being checked
    incomplete_orders: tuple[str, ...] = ()
    # inputs still to be entered (the plan's open items): until then the plan is not checked
    open_items: tuple[str, ...] = ()
    # every open item in words, one line each (stops, incomplete orders, inputs to enter, warnings):
    # what still keeps the plan from being checked
    open: tuple[str, ...] = ()

    @property
    def for_ordering(self) -> bool:
        """No stop is left without an override."""
        return self.open_stops == 0

    @property
    def checked(self) -> bool:
        """Nothing open: every warning acknowledged, every stop overridden, every ordered dose
        complete and every open input entered."""
        return self.open_stops == 0 and self.open_warnings == 0 and not self.incomplete_orders and not self.open_items and not self.open

    def text(self) -> str:
        todo = [f"{plural(self.open_warnings, 'warning')} to acknowledge"] if self.open_warnings else []
        if self.incomplete_orders:
            todo.append(f"{plural(len(self.incomplete_orders), 'incomplete order')} not checked")
        todo += self.open_items
        if self.open_stops:
            return self._not_for_ordering() + "".join(f"; {item}" for item in todo)
        if todo:
            return f"Not yet checked: {'; '.join(todo)}"
        return "Checked: ready for ordering"

    def short_text(self) -> str:
        """The status bar's few words: the verdict and how much is open (the plan panel lists each)."""
        if self.open_stops:
            return self._not_for_ordering()
        return f"Not yet checked: {plural(len(self.open), 'item')} open" if self.open else self.text()

    def _not_for_ordering(self) -> str:
        return f"NOT FOR ORDERING: {plural(self.open_stops, 'stop')} without an override"


def _open_line(item: ReviewItem, review: Review) -> str:
    where = "patient" if not item.drug_ids else item.where
    if item.level == "stop":
        given = review.override_of(item.key)
        problem = given.problem() if given is not None else None
        state = "no override" if problem is None else f"the recorded override does not count: {problem}"
        return f"{LEVEL_WORDS['stop']} ({state}): {where}: {item.message}"
    return f"{LEVEL_WORDS[item.level]} (not acknowledged): {where}: {item.message}"


def review_status(plan: PlanResult, review: Review) -> ReviewStatus:
    items = review_items(plan)
    states = [(item, review.state(item)) for item in items]
    # an incomplete order is open until it is completed: nothing acknowledges or overrides it
    incomplete = tuple(f"{result.drug.display_name}: {result.incomplete}" for result in plan.orders if result.incomplete)
    open_lines = [_open_line(item, review) for item, state in states if state == "open" and item.level == "stop"]
    open_lines += [f"INCOMPLETE (not checked): {line}" for line in incomplete]
    open_lines += [f"TO ENTER: patient: {text}" for text in plan.open_items]
    open_lines += [_open_line(item, review) for item, state in states if state == "open" and item.level != "stop"]
    return ReviewStatus(
        open_warnings=sum(1 for item, state in states if item.level == "warning" and state == "open"),
        open_stops=sum(1 for item, state in states if item.level == "stop" and state == "open"),
        overridden_stops=sum(1 for _item, state in states if state == "overridden"),
        incomplete_orders=incomplete,
        open_items=plan.open_items,
        open=tuple(open_lines),
    )
