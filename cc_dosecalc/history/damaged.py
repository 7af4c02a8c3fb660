"""A history database that cannot be read is moved aside, never deleted, for the records
department to examine."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from cc_dosecalc.history.errors import HistoryError, why

_log = logging.getLogger(__name__)

SUFFIXES = ("", "-wal", "-shm")  # the database and SQLite's files beside it


def move_aside(path: Path) -> Path:
    """Rename the database (and its -wal and -shm files) to history-corrupt-<time>.sqlite3."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"history-corrupt-{stamp}.sqlite3")
    count = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in SUFFIXES):
        count += 1
        target = path.with_name(f"history-corrupt-{stamp}-{count}.sqlite3")
    try:
        for suffix in SUFFIXES:
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.rename(source, f"{target}{suffix}")
    except OSError as error:
        _log.error("The damaged history database %s could not be moved aside to %s", path, target, exc_info=error)
        raise HistoryError(
            f"The history database {path} cannot be read and cannot be moved aside ({why(error)}): summaries are not being recorded."
        ) from error
    _log.warning("The damaged history database %s was moved aside to %s", path, target)
    return target
