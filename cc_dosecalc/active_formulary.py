"""Which formulary the program runs on, and anything the user must be told about it."""

from __future__ import annotations

from dataclasses import dataclass

from cc_dosecalc.formulary import Formulary, load_formulary
from cc_dosecalc.paths import builtin_formulary_path


@dataclass(frozen=True)
class ActiveFormulary:
    formulary: Formulary
    # plain-language notices to show wherever results are shown (window, printout, stderr)
    notices: tuple[str, ...] = ()


def load_active_formulary() -> ActiveFormulary:
    """The formulary in force. Raises FormularyError only if the built-in file is unusable."""
    return ActiveFormulary(load_formulary(builtin_formulary_path()))
