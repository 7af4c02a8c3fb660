"""The desktop window: a thin layer of Qt widgets over the engine.

``MainWindow`` is imported lazily so that ``cc_dosecalc.gui.display`` (the Qt-free check the
command line runs before starting Qt) does not load Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cc_dosecalc.gui.main_window import MainWindow

__all__ = ["MainWindow"]


def __getattr__(name: str) -> object:
    if name == "MainWindow":
        from cc_dosecalc.gui.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
