"""The ``cc-dosecalc`` command's entry point, kept light so the window paints sooner.

With no arguments it opens the window without importing the command line's modules (the
engine, the history store: the window loads them just after its first paint). With
arguments it hands over to :func:`cc_dosecalc.cli.main`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cc_dosecalc.gui.launch import launch_window


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        return launch_window()
    from cc_dosecalc.cli import main as cli_main

    return cli_main(None if argv is None else arguments)  # None: the process's own (see cli.system_arguments)
