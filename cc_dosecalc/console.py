"""The command line's terminal: the arguments as typed, and standard output that may fail.

Arguments are read as UTF-8 whenever their bytes are UTF-8 (:func:`system_arguments`).
Standard output that cannot be written, a reader that closed the pipe (``| head -1``) or a
full disk (``> /dev/full``), ends the command with exit status 1 and at most one line on
standard error, never a traceback (:func:`guard_output`). Qt-free.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable

from cc_dosecalc.exit_codes import EXIT_CANNOT_RUN

# what writing to standard output fails with (an error naming a file is something else)
_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG})


class OutputLost(Exception):
    """Standard output could not be written (a closed pipe, a full disk)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def system_arguments() -> list[str]:
    """This process's arguments, each read as UTF-8 when its bytes are UTF-8, whatever the locale.

    Python decodes arguments in the locale's encoding: on a terminal set to Latin-1, "Zoë" typed
    (or pasted) as UTF-8 would become "ZoÃ«" and be printed and recorded so. Bytes that are not
    UTF-8 keep the locale's reading (a real Latin-1 terminal's "Zoë" is one byte, 0xEB). On
    Windows the arguments arrive as Unicode already. Standard output and error show what their
    encoding cannot as escapes ("\\u0141ukasz"), never as a traceback.
    """
    arguments = sys.argv[1:]
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if os.name != "posix":
        return arguments
    decoded = []
    for argument in arguments:
        try:
            decoded.append(os.fsencode(argument).decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(argument)
    return decoded


def write_out(text: str) -> None:
    """``text`` and a line break on standard output, flushed at once so that a failure is known
    here (:class:`OutputLost`)."""
    try:
        sys.stdout.write(f"{text}\n")
        sys.stdout.flush()
    except OSError as error:
        raise OutputLost(error) from None


def output_lost(error: OSError, what: str = "the output could not be written") -> None:
    """Say in one line that standard output failed; nothing when the reader left on purpose
    (``| head -1`` closes the pipe: the reader has what it wanted)."""
    _silence_stdout()
    if error.errno != errno.EPIPE:
        print(f"cc-dosecalc: {what} to standard output ({error.strerror or error})", file=sys.stderr)


def guard_output(run: Callable[[], int]) -> int:
    """``run()``'s exit status, or 1 with at most one line when standard output failed on the way
    (also argparse's --help and --version, which exit through SystemExit)."""
    try:
        code = run()
    except SystemExit:
        try:
            sys.stdout.flush()
        except OSError as error:
            output_lost(error)
            raise SystemExit(EXIT_CANNOT_RUN) from None
        raise
    except OutputLost as lost:
        output_lost(lost.error)
        return EXIT_CANNOT_RUN
    except OSError as error:
        if error.errno not in _OUTPUT_ERRNOS or error.filename is not None:
            raise
        output_lost(error)
        return EXIT_CANNOT_RUN
    try:
        sys.stdout.flush()
    except OSError as error:
        output_lost(error)
        return EXIT_CANNOT_RUN
    return code


def _silence_stdout() -> None:
    """Point standard output at the null device: what is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
