"""At start, with a hospital history configured: send the summaries this workstation kept
unsent while that history was away.

Without a hospital history nothing is imported beyond reading the settings: the history
store and SQLite load on the first use of the history, not at the window's start (about 3 MiB
of its memory, issue 9).
"""

from __future__ import annotations

import logging
import threading

from cc_dosecalc.history.server_url import configured_url

_log = logging.getLogger(__name__)


def sync_at_start() -> threading.Thread | None:
    """With a hospital history configured: send what this workstation kept unsent, in a thread
    of its own (a server that does not answer never holds up the window); None without one."""
    server = configured_url()
    if server is None:
        return None
    from cc_dosecalc.app.records import Records  # here, before the sender starts: the store loads only when there is a server
    from cc_dosecalc.history import HistoryError

    def send() -> None:
        try:
            with Records(server=server) as records:
                sent, left = records.sync()
        except HistoryError as error:  # said in the log; the nurse is told at the next summary
            _log.warning("At start, the summaries kept on this workstation were not sent: %s", error)
            return
        _log.info("At start: %d summaries sent to the hospital's history, %d still kept here", sent, left)

    thread = threading.Thread(target=send, name="cc-dosecalc history sync", daemon=True)
    thread.start()
    return thread
