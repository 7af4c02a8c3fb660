"""``cc-dosecalc history``: list the records a page at a time, send the summaries kept on this
workstation to the hospital's history (``--sync``), and set up the server (``--init-server``).

Every message is one line; the server's URL is shown without its password.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shlex
import sys
from typing import Any

from cc_dosecalc.app.records import Records
from cc_dosecalc.exit_codes import EXIT_BAD_INPUT, EXIT_CANNOT_RUN
from cc_dosecalc.history import PAGE_SIZE, HistoryError, RecordSummary
from cc_dosecalc.history.server_url import DEFAULT_ROLE, HISTORY_URL_ENV, configured_url
from cc_dosecalc.parsing import InputError

_log = logging.getLogger(__name__)


def add_history_parser(commands: Any) -> None:
    history = commands.add_parser("history", help="list the summaries printed or saved (the history)")
    history.add_argument("--search", metavar="TEXT", default="", help="only records whose patient, identifier, drugs or time hold TEXT")
    history.add_argument(
        "--before", metavar="ID", type=_record_id, default=None, help=f"the {PAGE_SIZE} records before record ID (the next page)"
    )
    history.add_argument("--json", action="store_true", help="print JSON")
    history.add_argument("--sync", action="store_true", help="send the summaries kept on this workstation to the hospital's history")
    history.add_argument(
        "--init-server",
        action="store_true",
        help=f"create or migrate the hospital's history on the server named by {HISTORY_URL_ENV} (as the schema's owner), "
        "then print the grants for the workstations' role",
    )
    history.add_argument("--role", default=DEFAULT_ROLE, help=f"the workstations' role named in the grants (default {DEFAULT_ROLE})")


def _record_id(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"a record number (a whole number from 1) is needed, not '{text[:20]}'")
    return int(text)


def run_history(args: argparse.Namespace) -> int:
    if args.init_server:
        return _init_server(args.role)
    with Records() as history:
        if args.sync:
            return _sync(history)
        return _list(history, args.search, args.before, args.json)


def _say(message: str) -> None:
    print(f"cc-dosecalc: {message}", file=sys.stderr)


def _init_server(role: str) -> int:
    server = configured_url()
    if server is None:
        _say(f"--init-server needs the server: set {HISTORY_URL_ENV} (or the site's settings) to the schema owner's URL")
        return EXIT_BAD_INPUT
    from cc_dosecalc.app.records import open_server

    try:
        store = open_server(server, check_schema=False)
        from cc_dosecalc.history.server_schema import grants

        try:
            before, after = store.init_schema()
        finally:
            store.close()
    except HistoryError as error:
        _say(str(error))
        return EXIT_CANNOT_RUN
    done = "is already at" if before == after else f"was brought from schema {before} to"
    print(f"The hospital's history at {server.shown} {done} schema {after}.")
    print("Give the workstations' role these rights (as the schema's owner, e.g. in psql):")
    print(grants(role))
    return 0


def _sync(history: Records) -> int:
    if history.server_url is None:
        _say(f"no hospital history is set ({HISTORY_URL_ENV} or the settings): the summaries are kept on this workstation only")
        return EXIT_BAD_INPUT
    try:
        sent, left = history.sync()
    except HistoryError as error:
        unsent = _unsent_or_none(history)
        kept = f" (summaries kept on this workstation: {unsent})" if unsent is not None else ""
        _say(f"{error}{kept}")
        return EXIT_CANNOT_RUN
    print(f"Sent {sent} summaries to the hospital's history at {history.server_url.shown}; {left} still kept on this workstation.")
    return 0 if left == 0 else EXIT_CANNOT_RUN


def _unsent_or_none(history: Records) -> int | None:
    try:
        return history.unsent()
    except HistoryError:
        return None


def _list(history: Records, search: str, before: int | None, as_json: bool) -> int:
    try:
        history.store()
    except HistoryError as error:
        if history.server_url is None:
            _say(str(error))
            return EXIT_CANNOT_RUN
        _say(str(error))  # the hospital's history can still be listed
    told = history.notices()
    for notice in told:
        _say(notice)
    if history.server_url is not None:  # at start: what was kept here is sent first
        try:
            history.sync()
        except HistoryError as error:
            unsent = _unsent_or_none(history)
            _say(f"{error}" + (f" (summaries kept on this workstation: {unsent})" if unsent else ""))
            return EXIT_CANNOT_RUN
    try:
        records = history.list(search, before)
    except InputError as error:
        _say(str(error))
        return EXIT_BAD_INPUT
    except HistoryError as error:
        _say(str(error))
        return EXIT_CANNOT_RUN
    for notice in history.notices():  # a history found damaged while listing was opened again
        if notice not in told:
            _say(notice)
    more = records[-1].id if len(records) == PAGE_SIZE else None
    if as_json:
        print(json.dumps(_json(history, records, more), indent=2, ensure_ascii=False))
        return 0
    matching = f" matching '{search.strip()}'" if search.strip() else ""
    page = f" before record {before}" if before is not None else ""
    print(f"History: {history.where()}: {len(records)} record(s){matching}{page}")
    for record in records:
        print(_line(record))
    if more is not None:
        print(f"Older records: cc-dosecalc history --before {more}" + (f" --search {shlex.quote(search.strip())}" if matching else ""))
    unsent = _unsent_or_none(history)
    if unsent:
        print(f"Summaries kept on this workstation, NOT yet in the hospital's history: {unsent} (cc-dosecalc history --sync).")
    return 0


def _json(history: Records, records: list[RecordSummary], more: int | None) -> dict[str, Any]:
    server = None
    if history.server_url is not None:
        server = {"url": history.server_url.shown, "unsent": _unsent_or_none(history)}
    try:
        local: str | None = str(history.store().path)
    except HistoryError:
        local = None
    return {
        "database": local,
        "server": server,
        "records": [dataclasses.asdict(record) for record in records],
        "next_before": more,
    }


def _line(record: RecordSummary) -> str:
    patient = record.patient_name or "(no name)"
    if record.patient_identifier:
        patient += f" ({record.patient_identifier})"
    reprint = f", reprint of {record.reprint_of}" if record.reprint_of else ""
    return (
        f"{record.id:>6}  {record.created_local}  {record.how}{reprint}  {patient}  {record.drugs}  "
        f"formulary {record.formulary_version} ({record.formulary_kind})  {record.status}"
    )
