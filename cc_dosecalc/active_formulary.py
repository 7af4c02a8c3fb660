"""Which formulary the program runs on, and anything the user must be told about it.

The built-in formulary is always loaded. A pharmacy may lay a site file over it (the path
given by the window's settings, else ``CC_DOSECALC_FORMULARY``). A site file that fails
validation is refused whole: the program works on the built-in formulary and says so in a
notice that the window, every printout and the command line's standard error show.
"""

from __future__ import annotations

import os
from pathlib import Path

from cc_dosecalc.formulary import Formulary, FormularyError, load_formulary, load_site_formulary
from cc_dosecalc.growth_reference import GrowthReferenceError, growth_reference
from cc_dosecalc.paths import builtin_formulary_path, resource_dir
from cc_dosecalc.value_class import value_class

SITE_FORMULARY_ENV = "CC_DOSECALC_FORMULARY"


@value_class
class ActiveFormulary:
    formulary: Formulary
    # plain-language notices to show wherever results are shown (window, printout, stderr)
    notices: tuple[str, ...] = ()
    # the site file that was asked for (None when none was), whether or not it was accepted
    site_requested: str | None = None

    @property
    def site_refused(self) -> bool:
        return self.site_requested is not None and self.formulary.kind != "site"


def site_formulary_path(site_path: str | Path | None = None) -> Path | None:
    """The site file asked for: the argument, else ``CC_DOSECALC_FORMULARY``; None for none."""
    if site_path is not None and str(site_path).strip():
        return Path(site_path)
    from_env = os.environ.get(SITE_FORMULARY_ENV, "").strip()
    return Path(from_env) if from_env else None


def load_active_formulary(site_path: str | Path | None = None) -> ActiveFormulary:
    """The formulary in force. Raises FormularyError only if the built-in file, or the growth
    reference the weight checks read (resources/growth), is unusable."""
    builtin = load_formulary(builtin_formulary_path())
    try:
        growth_reference()
    except GrowthReferenceError as error:
        raise FormularyError(resource_dir() / "growth", "", f"the growth reference cannot be used: {error}") from error
    site = site_formulary_path(site_path)
    if site is None:
        return ActiveFormulary(builtin)
    try:
        return ActiveFormulary(load_site_formulary(builtin_formulary_path(), site), site_requested=str(site))
    except FormularyError as error:
        notice = f"Site formulary refused: {error}. Working on the built-in formulary {builtin.version}."
        return ActiveFormulary(builtin, (notice,), site_requested=str(site))
