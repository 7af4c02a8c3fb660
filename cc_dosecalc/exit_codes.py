"""The command's exit statuses, one definition for the entry point, the command line and the window."""

from __future__ import annotations

EXIT_OK = 0
EXIT_CANNOT_RUN = 1  # nothing was done: no display, a refused formulary, a history or PDF that cannot be used
EXIT_BAD_INPUT = 2  # an option or a value was refused; the message names it
