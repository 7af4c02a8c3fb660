"""What a site file cannot do: pass a built-in drug off as a new one, or replace a built-in
regimen with another dose.

Run on the merged formulary once it has been validated, with the built-in one beside it.
A new site drug spelt like a built-in drug would escape that drug's limits and interactions
(they are keyed by the built-in drug's id), so it is refused; a replaced regimen keeps the
built-in regimen's kind of dose and stays within :data:`MAX_REPLACEMENT_FACTOR` of its dose,
inherits its dosing weight rule when it gives none, and says on every order what it replaces.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from cc_dosecalc.formulary.model import Drug, Formulary, FormularyError, Regimen
from cc_dosecalc.units import convert

# a replaced regimen's dose may be at most this many times above, or below, the built-in one
MAX_REPLACEMENT_FACTOR = 2.0

# letters of other scripts that look like Latin ones in a drug name (Cyrillic, Greek)
_LOOK_ALIKE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
        "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "ɩ": "i", "ı": "i",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
        "χ": "x", "ζ": "z", "η": "n", "μ": "u",
    }
)  # fmt: skip


def spelling_key(text: str) -> str:
    """``text`` as it is read, not as it is typed: compatibility forms, accents, case,
    look-alike letters of other scripts, spaces, hyphens and punctuation all dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().translate(_LOOK_ALIKE)
    return "".join(char for char in letters if char.isalnum())


def guard_site_formulary(base: Formulary, merged: Formulary, site_path: Path) -> Formulary:
    """``merged`` with each replaced regimen marked and its dosing weight rule inherited;
    :class:`FormularyError` naming the site file's entry when the site file escapes a check."""
    builtin_drugs = {drug.id: drug for drug in base.drugs}
    drugs: list[Drug] = []
    for drug in merged.drugs:
        builtin = builtin_drugs.get(drug.id)
        if builtin is None:
            _refuse_look_alike(drug, base.drugs, site_path)
            drugs.append(drug)
            continue
        builtin_regimens = {regimen.id: regimen for regimen in builtin.regimens}
        regimens = tuple(
            _replacement(drug, regimen, builtin_regimens[regimen.id], site_path)
            if regimen.origin == "site" and regimen.id in builtin_regimens
            else regimen
            for regimen in drug.regimens
        )
        drugs.append(replace(drug, regimens=regimens))
    return replace(merged, drugs=tuple(drugs))


def _refuse_look_alike(drug: Drug, builtin_drugs: tuple[Drug, ...], site_path: Path) -> None:
    """A new drug whose id, name or tall-man name holds a built-in drug's id or name, read
    ignoring case, accents, spaces and hyphens ("diltiazem-xr", "DILTIAZEM", "dіltiazem")."""
    fields = {"id": drug.id, "name": drug.name, "tall_man": drug.tall_man or ""}
    for builtin in builtin_drugs:
        keys = {spelling_key(builtin.id), spelling_key(builtin.name), spelling_key(builtin.tall_man or "")} - {""}
        for field, value in fields.items():
            key = spelling_key(value)
            if key and any(builtin_key in key for builtin_key in keys):
                raise FormularyError(
                    site_path,
                    f"drug[{drug.id}].{field}",
                    f"'{value}' is spelt like the built-in drug '{builtin.name}' (ignoring case, accents, spaces and hyphens):"
                    f" add its regimens to the built-in drug (id = \"{builtin.id}\") so that its limits and interactions apply",
                )


def _dose_words(regimen: Regimen, low: float, high: float) -> str:
    dose = f"{low:g}" if low == high else f"{low:g} to {high:g}"
    return f"{dose} {regimen.dose_unit} per {regimen.period}"


def _replacement(drug: Drug, site: Regimen, builtin: Regimen, site_path: Path) -> Regimen:
    entry = f"drug[{drug.id}].regimen[{site.id}]"
    for field in ("basis", "period"):
        if getattr(site, field) != getattr(builtin, field):
            raise FormularyError(
                site_path,
                f"{entry}.{field}",
                f"'{getattr(site, field)}' differs from the built-in regimen's '{getattr(builtin, field)}':"
                " a replaced regimen keeps the built-in kind of dose (give the site's regimen another id to add it)",
            )
    described = builtin.label
    if builtin.basis != "none":
        assert site.dose_low is not None and site.dose_high is not None and site.dose_unit is not None
        assert builtin.dose_low is not None and builtin.dose_high is not None and builtin.dose_unit is not None
        low = convert(site.dose_low, site.dose_unit, builtin.dose_unit)
        high = convert(site.dose_high, site.dose_unit, builtin.dose_unit)
        factor = MAX_REPLACEMENT_FACTOR
        wrong = [("dose_high", high, builtin.dose_high, "above")] if high > builtin.dose_high * factor else []
        wrong += [("dose_low", low, builtin.dose_low, "below")] if low < builtin.dose_low / factor else []
        for field, value, limit, side in wrong[:1]:
            raise FormularyError(
                site_path,
                f"{entry}.{field}",
                f"{value:g} {builtin.dose_unit} is more than {factor:g} times {side} the built-in regimen's {limit:g}"
                f" {builtin.dose_unit}: a replaced regimen stays within {factor:g} times the built-in dose",
            )
        described = f"{builtin.label} ({_dose_words(builtin, builtin.dose_low, builtin.dose_high)})"
    # a replacement that gives no dosing weight rule keeps the built-in one: an obese patient
    # is not moved from adjusted to actual weight by leaving the rule out
    dosing_weight = site.dosing_weight or builtin.dosing_weight
    return replace(site, replaces=described, dosing_weight=dosing_weight)
