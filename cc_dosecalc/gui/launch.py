"""Opening the window from the command: the display is checked before Qt is imported."""

from __future__ import annotations

import logging
import os
import sys

from cc_dosecalc import __version__
from cc_dosecalc.exit_codes import EXIT_CANNOT_RUN
from cc_dosecalc.gui.display import display_problem


def launch_window() -> int:
    """Open the window and run it until it closes; one stderr line and 1 when no display can be used."""
    from cc_dosecalc.logs import configure_logging

    configure_logging()
    log = logging.getLogger(__name__)
    log.info("cc-dosecalc %s: the window is starting", __version__)
    problem = display_problem(os.environ)
    if problem is not None:
        log.error("The window cannot start: %s", problem)
        print(problem, file=sys.stderr)
        return EXIT_CANNOT_RUN
    from cc_dosecalc.gui.app import run

    return run()
