"""The Qt binding itself must be safe to run for a whole shift.

PySide6 6.12.0 on Python 3.11 loses a reference to None on every call of a method that returns
nothing; after a few thousand calls Python aborts with "none_dealloc" (None is only immortal
from Python 3.12). pyproject.toml keeps PySide6 below 6.12; this test fails if that changes.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint


def test_void_calls_keep_none_alive() -> None:
    point = QPoint()
    before = sys.getrefcount(None)
    for _ in range(2000):
        point.setX(1)
    assert sys.getrefcount(None) >= before - 50
