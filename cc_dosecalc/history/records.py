"""What the history holds of each summary, as read back, and how a review is stored."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from cc_dosecalc.history.errors import HistoryError
from cc_dosecalc.history.schema import loads
from cc_dosecalc.override import override_from_data, override_to_data
from cc_dosecalc.parsing import InputError
from cc_dosecalc.plan import Order, Patient
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review, review_items
from cc_dosecalc.serialize import inputs_from_dict
from cc_dosecalc.value_class import value_class

_log = logging.getLogger(__name__)


@value_class
class RecordSummary:
    """One line of the history list."""

    id: int
    created_utc: str
    created_local: str
    how: str
    patient_name: str
    patient_identifier: str
    drugs: str
    status: str
    formulary_kind: str
    formulary_version: str
    formulary_sha256: str
    reprint_of: int | None


@value_class
class ReviewEntry:
    """A warning or stop as it stood when the summary was printed."""

    key: str
    level: str
    where: str
    message: str
    state: str
    reason: str | None
    # the clinician who overrode the stop; None in records kept before the name was asked
    overridden_by: str | None = None


@value_class
class Record:
    summary: RecordSummary
    patient: Patient
    orders: tuple[Order, ...]
    plan: dict[str, Any]
    printed_text: str
    review: Review
    review_entries: tuple[ReviewEntry, ...]
    formulary: dict[str, Any]
    app_version: str
    os_user: str
    host: str

    @property
    def id(self) -> int:
        return self.summary.id


SUMMARY_COLUMNS = (
    "id, created_utc, created_local, how, patient_name, patient_identifier, drugs, status, "
    "formulary_kind, formulary_version, formulary_sha256, reprint_of"
)
SUMMARY_COLUMN_COUNT = len(SUMMARY_COLUMNS.split(","))
# the columns of a whole record, as :func:`record_from_row` reads them
RECORD_SELECT = f"{SUMMARY_COLUMNS}, inputs_json, plan_json, printed_text, review_json, formulary_json, app_version, os_user, host"


def record_from_row(row: Sequence[Any], where: str) -> Record:
    """A record from its :data:`RECORD_SELECT` columns; ``where`` names its history for the log."""
    summary = summary_from_row(row[:SUMMARY_COLUMN_COUNT])
    inputs_json, plan_json, printed_text, review_json, formulary_json, app_version, os_user, host = row[SUMMARY_COLUMN_COUNT:]
    try:
        patient, orders = inputs_from_dict(loads(inputs_json))
    except InputError as error:
        _log.error("Record %d of the history %s: its inputs cannot be read (%s)", summary.id, where, error.field)
        raise HistoryError(f"Record {summary.id}: its inputs cannot be read ({error}).") from error
    review_data = loads(review_json)
    return Record(
        summary=summary,
        patient=patient,
        orders=orders,
        plan=loads(plan_json),
        printed_text=printed_text,
        review=review_from_dict(review_data),
        review_entries=tuple(ReviewEntry(**item) for item in review_data.get("items", [])),
        formulary=loads(formulary_json),
        app_version=app_version,
        os_user=os_user,
        host=host,
    )


def summary_from_row(row: Sequence[Any]) -> RecordSummary:
    return RecordSummary(*row)


def review_to_dict(plan: PlanResult, review: Review, status: str) -> dict[str, Any]:
    items = [
        {
            "key": item.key,
            "level": item.level,
            "where": item.where,
            "message": item.message,
            "state": review.state(item),
            "reason": review.reason(item.key) if item.level == "stop" else None,
            "overridden_by": _overridden_by(review, item.key) if item.level == "stop" else None,
        }
        for item in review_items(plan)
    ]
    # only what the printed plan holds: an acknowledgement of an alert since reworded or gone
    # was not part of this summary's check
    printed_keys = {item["key"] for item in items}
    return {
        "status": status,
        "items": items,
        "acknowledged": sorted(key for key in review.acknowledged if key in printed_keys),
        "overrides": [override_to_data(key, given) for key, given in review.overrides if key in printed_keys],
    }


def _overridden_by(review: Review, key: str) -> str | None:
    given = review.override_of(key)
    return None if given is None else given.by


def review_from_dict(data: dict[str, Any]) -> Review:
    """The review a record holds. Overrides are kept as recorded, even an old record's that does
    not meet today's rule: :meth:`Review.state` does not count those (see cc_dosecalc.override)."""
    acknowledged = frozenset(str(key) for key in data.get("acknowledged", []))
    overrides = tuple(pair for pair in map(override_from_data, data.get("overrides", [])) if pair is not None)
    return Review(acknowledged, overrides)
