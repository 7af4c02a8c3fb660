"""The records side of the application: the history of printed summaries as the window and
the command line use it, and every difference between a record and the same inputs calculated
again with today's formulary.

:class:`Records` owns the history store: it opens it on first use (not at start: the window
paints before the history is imported), tells the notices of opening once (a damaged history
moved aside) and keeps them for every summary printed afterwards, and retries opening after a
failure (a disk that comes back). Qt-free.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cc_dosecalc.engine import calculate_plan
from cc_dosecalc.formulary import Formulary
from cc_dosecalc.history import PAGE_SIZE, HistoryError, HistoryStore, How, KeptUnsent, Record, RecordSummary, record_row
from cc_dosecalc.history.errors import ServerError
from cc_dosecalc.history.server_url import ServerUrl, configured_url
from cc_dosecalc.parsing import InputError
from cc_dosecalc.results import PlanResult
from cc_dosecalc.review import Review
from cc_dosecalc.serialize import plan_to_dict
from cc_dosecalc.value_class import value_class
from cc_dosecalc.writing import format_weight

if TYPE_CHECKING:
    from cc_dosecalc.history.server_store import ServerStore

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

DIFFERENCES_HEADING = "Differences from what was printed"
NO_DIFFERENCE = "No difference: today's formulary gives the same result."
CANNOT_RECALCULATE_HEADING = "This record cannot be recalculated"


class _Unset:
    """The server the settings and the environment name (:func:`configured_url`)."""


CONFIGURED = _Unset()

UNSENT_BATCH = 500
RETRY_AFTER_SECONDS = 30.0


class Records:
    """The history of this run of the program, opened on first use: the local history, and the
    hospital's history on a server when one is configured (:func:`configured_url`).

    With a server, each summary is first kept in the local history as unsent (committed to
    disk), then every unsent summary is sent, and each one the server holds is no longer kept:
    a server that cannot be reached loses nothing, and a resend is harmless (the UUID).
    ``on_notices`` is called once, with the notices of opening, when there are any.
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        on_notices: Callable[[tuple[str, ...]], None] | None = None,
        server: ServerUrl | _Unset | None = CONFIGURED,
    ) -> None:
        self._folder = folder
        self._on_notices = on_notices
        self._store: HistoryStore | None = None
        self._notices: tuple[str, ...] = ()
        self.server_url: ServerUrl | None = configured_url() if isinstance(server, _Unset) else server
        self._server: ServerStore | None = None
        self._server_failed: tuple[float, ServerError] | None = None  # when and why it last could not be reached

    def store(self) -> HistoryStore:
        """The local store, opened now if it is not open yet. Raises :class:`HistoryError`."""
        if self._store is None:
            self._store, self._notices = HistoryStore.open(self._folder)
            if self._notices and self._on_notices is not None:
                self._on_notices(self._notices)
        return self._store

    def server(self, again: bool = True) -> ServerStore:
        """The hospital's history, connected now if it is not (again after a lost connection).
        Raises :class:`ServerError`; only when a server is configured. With ``again`` False (a
        list, a record: the History window searches as the nurse types), a server that could not
        be reached in the last :data:`RETRY_AFTER_SECONDS` is not asked again: its error is."""
        assert self.server_url is not None
        if self._server is not None and self._server.broken:
            self._drop_server()
        if self._server is None:
            failed = self._server_failed
            if not again and failed is not None and time.monotonic() - failed[0] < RETRY_AFTER_SECONDS:
                raise failed[1]
            try:
                self._server = open_server(self.server_url)
            except ServerError as error:
                self._server_failed = (time.monotonic(), error)
                raise
            self._server_failed = None
        return self._server

    def _drop_server(self) -> None:
        if self._server is not None:
            with contextlib.suppress(Exception):
                self._server.close()
            self._server = None

    def notices(self) -> tuple[str, ...]:
        """What opening the history said (printed on every summary of this run); the history is
        opened to know. A history that cannot be opened says so when a summary is recorded."""
        with contextlib.suppress(HistoryError):
            self.store()
        return self._notices

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._drop_server()

    def __enter__(self) -> Records:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- what the views ask -------------------------------------------------------------

    def add(self, plan: PlanResult, review: Review, printed_text: str, how: How, reprint_of: int | None = None) -> int:
        """Record a summary; its id (on the server when there is one). Raises
        :class:`KeptUnsent` when it is kept here for the hospital's history but not yet sent,
        :class:`HistoryError` (one line) when it is not recorded at all."""
        if self.server_url is None:
            return self._local(lambda store: store.add(plan, review, printed_text, how, reprint_of=reprint_of))
        row = record_row(plan, review, printed_text, how, reprint_of)
        try:
            self._local(lambda store: store.keep_unsent(row))
        except HistoryError as not_kept:  # the workstation's disk: the server may still take it
            try:
                return self.server().send([row])[row["record_uuid"]]
            except ServerError as error:
                self._drop_server()
                raise HistoryError(f"{not_kept} {error}") from error
        try:
            ids = self._send_unsent()[0]
            if row["record_uuid"] not in ids:  # another program sharing this history sent it first: its id
                ids = self.server().send([row])
            return ids[row["record_uuid"]]
        except ServerError as error:
            self._drop_server()
            cause = str(error).rstrip(". ")
            stop = "" if cause.endswith(("?", "!")) else "."
            raise KeptUnsent(
                f"The summary is kept on this workstation, but it is NOT yet in the hospital's history: {cause}{stop} "
                "It is sent at the next summary, at the next start, or by `cc-dosecalc history --sync`."
            ) from error

    def sync(self) -> tuple[int, int]:
        """Send every summary kept here for the hospital's history: (sent, still unsent).
        Raises :class:`ServerError` when the server cannot take them (they stay kept)."""
        if self.server_url is None:
            return 0, 0
        try:
            ids, left = self._send_unsent()
        except ServerError:
            self._drop_server()
            raise
        return len(ids), left

    def _send_unsent(self) -> tuple[dict[str, int], int]:
        """Each summary sent: its id on the server by its UUID; and how many are left."""
        local = self.store()
        ids: dict[str, int] = {}
        while rows := local.unsent(UNSENT_BATCH):
            held = self.server().send(rows)
            local.sent([str(row["record_uuid"]) for row in rows if str(row["record_uuid"]) in held])
            ids.update(held)
            if len(held) < len(rows):  # the server holds fewer than it was sent: never taken as sent
                break
        return ids, local.unsent_count()

    def unsent(self) -> int:
        """How many summaries are kept here, not yet in the hospital's history."""
        return self.store().unsent_count() if self.server_url is not None else 0

    def list(self, search: str = "", before: int | None = None) -> list[RecordSummary]:
        """A page of the records matching ``search``, newest first, older than record
        ``before`` (None: the newest). Raises InputError (the search) or HistoryError."""
        if self.server_url is not None:
            return self._from_server(lambda server: server.list(search, before, PAGE_SIZE))
        return self._local(lambda store: store.list(search, before, PAGE_SIZE))

    def get(self, record_id: int) -> Record:
        if self.server_url is not None:
            return self._from_server(lambda server: server.get(record_id))
        return self._local(lambda store: store.get(record_id))

    def _local(self, act: Callable[[HistoryStore], _T]) -> _T:
        """``act`` on the local store; when it meets a damaged page (between two daily checks),
        the history is opened again, checked, moved aside and started anew (its notice told),
        and ``act`` done once more."""
        try:
            return act(self.store())
        except HistoryError:
            if self._store is None or not self._store.damaged:
                raise
            _log.warning("The history %s met a damaged page: opened again to be checked", self._store.path)
            self._store.close()
            self._store = None
            return act(self.store())

    def _from_server(self, read: Callable[[ServerStore], _T]) -> _T:
        try:
            return read(self.server(again=False))
        except ServerError:
            self._drop_server()
            raise

    def where(self) -> str:
        """The history in force, in words: the hospital's server, or this workstation's file."""
        if self.server_url is not None:
            return f"the hospital's history at {self.server_url.shown}"
        return str(self.store().path)

    def first_printed(self, record_id: int) -> str | None:
        """When record ``record_id`` was printed (local time), None when that cannot be read."""
        try:
            return self.get(record_id).summary.created_local
        except HistoryError:
            return None


def open_server(server: ServerUrl, check_schema: bool = True) -> ServerStore:
    """A connection to the hospital's history. psycopg is imported here, only with a server
    (about 100 ms); a workstation without the PostgreSQL client library (libpq) is told in one
    line, as a server that cannot be used."""
    try:
        from cc_dosecalc.history.server_store import ServerStore
    except ImportError as error:
        _log.error("psycopg cannot be loaded", exc_info=error)
        raise ServerError(
            f"The hospital's history at {server.shown} cannot be used on this workstation: the PostgreSQL client "
            "library (libpq5) is not installed. Tell IT support."
        ) from None
    return ServerStore.open(server, check_schema)


# ---------------------------------------------------------------------------------------
# Reopening a record with today's formulary
# ---------------------------------------------------------------------------------------


@value_class
class Reopened:
    """A record's inputs calculated again: the plan (None when they cannot be calculated any
    more) and every difference from what was printed, in plain words."""

    plan: PlanResult | None
    differences: tuple[str, ...]

    @property
    def heading(self) -> str:
        return CANNOT_RECALCULATE_HEADING if self.plan is None else DIFFERENCES_HEADING

    def text(self) -> str:
        """The differences as the History window shows them, one a line."""
        if self.plan is None:
            return "\n".join(self.differences)
        if not self.differences:
            return NO_DIFFERENCE
        return "\n".join(f"• {line}" for line in self.differences)


def reopen(record: Record, formulary: Formulary) -> Reopened:
    """The record's inputs run again with ``formulary``, and every difference from what was
    printed (none when there is none). The plan is None when the inputs cannot be calculated
    any more (a drug or regimen no longer in the formulary)."""
    try:
        plan = calculate_plan(formulary, record.patient, list(record.orders))
    except InputError as error:
        _log.info("Record %d cannot be recalculated with the formulary %s: %s", record.id, formulary.version, error.field)
        return Reopened(None, (f"Cannot be recalculated with today's formulary: {error}",))
    return Reopened(plan, plan_differences(record.plan, plan_to_dict(plan)))


def _formulary_words(info: dict[str, Any]) -> str:
    return f"the {info.get('kind', 'built-in')} formulary {info.get('version', '?')} (sha256 {str(info.get('sha256', '?'))[:12]}...)"


def _set_changes(label: str, printed: list[str], today: list[str]) -> list[str]:
    lines = [f"{label}: new today: {item}" for item in today if item not in printed]
    lines += [f"{label}: printed but no longer given: {item}" for item in printed if item not in today]
    return lines


def _alert_texts(alerts: object) -> list[str]:
    if not isinstance(alerts, list):
        return []
    return [f"[{str(alert.get('level', '')).upper()}] {alert.get('message', '')}" for alert in alerts if isinstance(alert, dict)]


def _interaction_texts(items: object) -> list[str]:
    if not isinstance(items, list):
        return []
    return [
        f"[{str(item.get('level', '')).upper()}] {' + '.join(item.get('drugs', []))}: {item.get('message', '')}"
        for item in items
        if isinstance(item, dict)
    ]


def _texts(items: object) -> list[str]:
    return [str(item) for item in items] if isinstance(items, list) else []


def plan_differences(printed: dict[str, Any], today: dict[str, Any]) -> tuple[str, ...]:
    """Every difference between a plan as printed and as calculated today (both as
    :func:`cc_dosecalc.serialize.plan_to_dict` gives them)."""
    lines: list[str] = []
    old_formulary, new_formulary = printed.get("formulary", {}), today.get("formulary", {})
    if old_formulary.get("sha256") != new_formulary.get("sha256"):
        lines.append(f"Formulary changed: printed with {_formulary_words(old_formulary)}; today {_formulary_words(new_formulary)}.")
    lines += _set_changes("Patient", _alert_texts(printed.get("patient_alerts")), _alert_texts(today.get("patient_alerts")))
    old_orders, new_orders = printed.get("orders", []), today.get("orders", [])
    if len(old_orders) != len(new_orders):
        lines.append(f"Printed with {len(old_orders)} treatment(s); today {len(new_orders)}.")
    for old, new in zip(old_orders, new_orders, strict=False):
        name = str(new.get("drug_name") or new.get("drug"))
        if old.get("drug") != new.get("drug") or old.get("regimen") != new.get("regimen"):
            lines.append(f"{name}: printed as {old.get('drug')} {old.get('regimen')}; today {new.get('drug')} {new.get('regimen')}.")
        if old.get("text") != new.get("text"):
            lines.append(f'{name}: dose printed "{old.get("text")}"; today "{new.get("text")}".')
        old_weight = (old.get("dosing_weight_kg"), old.get("dosing_weight_basis"))
        new_weight = (new.get("dosing_weight_kg"), new.get("dosing_weight_basis"))
        if old_weight != new_weight and None not in old_weight and None not in new_weight:
            lines.append(
                f"{name}: dosing weight printed {format_weight(float(old_weight[0]))} ({old_weight[1]}); "
                f"today {format_weight(float(new_weight[0]))} ({new_weight[1]})."
            )
        lines += _set_changes(name, _alert_texts(old.get("alerts")), _alert_texts(new.get("alerts")))
        lists = (("steps", "calculation"), ("side_effects", "side effect"), ("monitoring", "monitoring"), ("cautions", "caution"))
        for key, words in lists:
            lines += _set_changes(f"{name}, {words}", _texts(old.get(key)), _texts(new.get(key)))
        if old.get("requires_double_check") != new.get("requires_double_check"):
            needed = "needs" if new.get("requires_double_check") else "no longer needs"
            lines.append(f"{name}: today {needed} an independent double check.")
    lines += _set_changes("Interactions", _interaction_texts(printed.get("interactions")), _interaction_texts(today.get("interactions")))
    return tuple(lines)
