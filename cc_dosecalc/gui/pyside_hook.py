"""PySide6's import hook, answered without keeping every imported module's source in memory.

Once PySide6 is imported, each module imported after it is passed to
``shibokensupport.feature._mod_uses_pyside``, which asks whether the text "PySide6" is in the
module's source (PYSIDE-2029: only such modules may switch PySide6's optional "features"). It
asks through ``inspect.getsource``, which reads the file through :mod:`linecache`, and
linecache keeps every line of it: the engine and the window's own modules, never read
again. Measured by the first dose (the window's start, deferred load and one calculation, in a
development install): peak memory 91.7 MiB with PySide6's own answer, 87.0 MiB with this one.

:func:`answer_without_source_cache` gives the same answer by reading the file's bytes, which
nothing keeps. A module with no ``.py`` file (the installed build's, whose code is in the
archive: PySide6's own answer is already "no") or a file that cannot be read goes to PySide6's
own function. A PySide6 release without the function is left as it is, said in the log.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)


def answer_without_source_cache() -> None:
    """Replace PySide6's check of an imported module by one that keeps no source lines (once)."""
    feature = sys.modules.get("shibokensupport.feature")
    asks = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(asks):
        log.debug("PySide6's import hook was not found: its source reads are left as they are")
        return
    if getattr(asks, "keeps_no_source", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(asks(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(asks(module))

    uses_pyside.keeps_no_source = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
