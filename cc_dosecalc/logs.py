"""The program's log: ``cc-dosecalc.log`` in the data folder, owner-only (0600), rotated by size.

:func:`configure_logging` is called once at start by the ``cc-dosecalc`` command (the window
and the command line alike). Every module logs to its own logger (``logging.getLogger(__name__)``)
under ``cc_dosecalc``; what fails is logged with its cause (the SQLite error behind a one-line
message, for example), for the records department or IT to read.

Patient names and identifiers are never logged above debug level, and debug is never written:
the file takes INFO and above. The log never stops the program: a log that cannot be opened is
done without (the folder's problem is told by the history, in its own words), and one that
fails while writing is said once on standard error and then done without.

The handler is a small one of our own on :class:`logging.FileHandler`: the standard
``logging.handlers`` module costs 20 to 50 ms to import (pickle, queue, struct), measured on
top of the window's imports, and the window must paint first.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from pathlib import Path

from cc_dosecalc.datadir import data_dir, ensure_private_dir

LOG_NAME = "cc-dosecalc.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3  # cc-dosecalc.log.1 (newest) to .3
LEVEL = logging.INFO
FORMAT = "%(asctime)s %(levelname)s %(name)s [pid %(process)d]: %(message)s"

_ROOT = logging.getLogger("cc_dosecalc")
_ROOT.addHandler(logging.NullHandler())  # nothing on standard error when no log file is configured


class PrivateRotatingFile(logging.FileHandler):
    """A log file created owner-only, renamed to ``.1`` (``.1`` to ``.2``...) once it would pass
    ``max_bytes``; on a write that fails it takes itself off the logger and says so once."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backup_count: int = BACKUP_COUNT) -> None:
        self.max_bytes = max_bytes
        self.backup_count = backup_count
        self._failed = False
        super().__init__(path, mode="a", encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(descriptor, 0o600)  # an older file may have been readable by others
            return open(descriptor, "a", encoding="utf-8")
        except BaseException:
            os.close(descriptor)
            raise

    def emit(self, record: logging.LogRecord) -> None:
        try:
            # the file's size, not this process's position: other runs of the program write to it too
            if self.stream is not None and os.fstat(self.stream.fileno()).st_size >= self.max_bytes:
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        for number in range(self.backup_count - 1, 0, -1):
            older = Path(f"{self.baseFilename}.{number}")
            if older.exists():
                os.replace(older, f"{self.baseFilename}.{number + 1}")
        if self.backup_count > 0 and Path(self.baseFilename).exists():
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        """The log is not worth a failure: said once, then done without."""
        if self._failed:
            return
        self._failed = True
        _, error, _ = sys.exc_info()
        reason = getattr(error, "strerror", None) or error
        _ROOT.removeHandler(self)
        with contextlib.suppress(Exception):  # no standard error either: nothing more to do
            print(f"cc-dosecalc: the log {self.baseFilename} cannot be written ({reason}); going on without it.", file=sys.stderr)


def configure_logging(folder: Path | None = None) -> Path | None:
    """Log to ``cc-dosecalc.log`` in ``folder`` (default: the data folder), in place of the file
    logged to before (a second call for the same file changes nothing). Returns the log's path,
    or None when it cannot be opened: then nothing is logged, and nothing is said."""
    directory = folder if folder is not None else data_dir()
    path = directory / LOG_NAME
    for handler in [handler for handler in _ROOT.handlers if isinstance(handler, PrivateRotatingFile)]:
        if handler.baseFilename == os.path.abspath(path):
            return path
        _ROOT.removeHandler(handler)
        handler.close()
    try:
        ensure_private_dir(directory)
        handler = PrivateRotatingFile(path)
    except OSError:
        return None
    handler.setLevel(LEVEL)
    handler.setFormatter(logging.Formatter(FORMAT))
    _ROOT.addHandler(handler)
    _ROOT.setLevel(LEVEL)
    return path
