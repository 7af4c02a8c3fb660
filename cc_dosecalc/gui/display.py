"""Whether a window can open at all. Qt-free: the command line asks before it loads Qt."""

from __future__ import annotations

import sys
from collections.abc import Mapping

NO_DISPLAY_MESSAGE = (
    "cc-dosecalc: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
    "use `cc-dosecalc summary` to work without the window"
)


def display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """One line saying why no window can open, or None when one can (or Qt is told where)."""
    if not platform.startswith("linux"):
        return None
    if environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY_MESSAGE
