"""Checking a plan before ordering: acknowledgements of warnings, overrides of stops.

Every warning needs its own acknowledgement; every stop needs an override with a written
reason, or the plan stays "not for ordering". An acknowledgement belongs to one alert as it
was worded, in its place in the plan: when a recalculation changes the alert's text (a new
weight, a new dose), the alert is open again. (Should the very same wording come back, the
nurse's earlier acknowledgement of those exact words applies again.) Only the keys of the plan
being printed are recorded with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from cc_dosecalc.formulary import Level
from cc_dosecalc.parsing import InputError, parse_text
from cc_dosecalc.results import PlanResult
from cc_dosecalc.writing import plural

ItemState = Literal["open", "acknowledged", "overridden"]
MIN_REASON_LENGTH = 5
MAX_REASON_LENGTH = 300


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Review:
    """What the nurse has done with the plan's warnings and stops."""

    acknowledged: frozenset[str] = frozenset()
    overrides: tuple[tuple[str, str], ...] = field(default=())

    def acknowledge(self, key: str) -> Review:
        return replace(self, acknowledged=self.acknowledged | {key})

    def unacknowledge(self, key: str) -> Review:
        return replace(self, acknowledged=self.acknowledged - {key})

    def override(self, key: str, reason: str) -> Review:
        """Record an override of a stop; the reason is required and recorded as written."""
        text = parse_text(reason, "Override reason", MAX_REASON_LENGTH)
        if len(text) < MIN_REASON_LENGTH:
            raise InputError("Override reason", f"write the reason (at least {MIN_REASON_LENGTH} characters)")
        kept = tuple((k, r) for k, r in self.overrides if k != key)
        return replace(self, overrides=(*kept, (key, text)))

    def withdraw_override(self, key: str) -> Review:
        return replace(self, overrides=tuple((k, r) for k, r in self.overrides if k != key))

    def reason(self, key: str) -> str | None:
        return dict(self.overrides).get(key)

    def state(self, item: ReviewItem) -> ItemState:
        if item.level == "stop":
            return "overridden" if self.reason(item.key) is not None else "open"
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


@dataclass(frozen=True)
class ReviewStatus:
    open_warnings: int
    open_stops: int
    overridden_stops: int
    # inputs still to be entered (the plan's open items): until then the plan is not checked
    open_items: tuple[str, ...] = ()

    @property
    def for_ordering(self) -> bool:
        """No stop is left without an override."""
        return self.open_stops == 0

    @property
    def checked(self) -> bool:
        """Every warning acknowledged, every stop overridden and every open item entered."""
        return self.open_stops == 0 and self.open_warnings == 0 and not self.open_items

    def text(self) -> str:
        todo = [f"{plural(self.open_warnings, 'warning')} to acknowledge"] if self.open_warnings else []
        todo += self.open_items
        if self.open_stops:
            tail = "".join(f"; {item}" for item in todo)
            return f"NOT FOR ORDERING: {plural(self.open_stops, 'stop')} without an override{tail}"
        if todo:
            return f"Not yet checked: {'; '.join(todo)}"
        return "Checked: ready for ordering"


def review_status(plan: PlanResult, review: Review) -> ReviewStatus:
    items = review_items(plan)
    states = [(item.level, review.state(item)) for item in items]
    return ReviewStatus(
        open_warnings=sum(1 for level, state in states if level == "warning" and state == "open"),
        open_stops=sum(1 for level, state in states if level == "stop" and state == "open"),
        overridden_stops=sum(1 for level, state in states if state == "overridden"),
        open_items=plan.open_items,
    )
