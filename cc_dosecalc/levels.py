"""The alert levels in words: the one spelling the window, the terminal and the printed summary use.

Kept apart from the formulary so that the window's shell can name a level before the domain
is imported. Colour is never the only sign of a level: its word is always shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cc_dosecalc.formulary import Level

LEVEL_WORDS: dict[Level, str] = {"stop": "STOP", "warning": "WARNING", "info": "INFO"}
