"""The ``cc-dosecalc`` command's entry point, kept light so the window paints sooner.

With no arguments it opens the window without importing the command line's modules (the
engine, pint, the history store: the window loads them just after its first paint). With
arguments it hands over to :func:`cc_dosecalc.cli.main`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

EXIT_CANNOT_RUN = 1  # the same status as cc_dosecalc.cli.EXIT_CANNOT_RUN


def launch_window() -> int:
    """Open the window. Qt is imported only here, and only when a display can be used."""
    from cc_dosecalc.gui.display import display_problem

    problem = display_problem(os.environ)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_CANNOT_RUN
    from cc_dosecalc.localtime import settle_time_zone

    settle_time_zone()  # a TZ the system cannot use: the window prints and records times in UTC
    from cc_dosecalc.gui.app import run

    return run()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        return launch_window()
    from cc_dosecalc.cli import main as cli_main

    return cli_main(None if argv is None else arguments)  # None: the process's own (see cli.system_arguments)
