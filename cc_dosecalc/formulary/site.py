"""A pharmacy's site file, laid over the built-in formulary and validated as one whole."""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from cc_dosecalc.digest import sha256_hex
from cc_dosecalc.formulary.model import Formulary, FormularyError, FormularyFile
from cc_dosecalc.formulary.reader import ID, Table, read_document
from cc_dosecalc.formulary.site_guard import guard_site_formulary
from cc_dosecalc.formulary.validator import Validator, load_formulary

logger = logging.getLogger(__name__)

SITE_SECTIONS = ("formulary", "sources", "drug", "interaction", "administration")
# what a site file may add to a drug of the built-in formulary
SITE_DRUG_ADDITIONS = ("regimen", "check", "side_effects", "monitoring", "cautions", "product", "infusion_product")
# what a site file may set in [administration]: each with its own source
SITE_ADMINISTRATION = (
    "vial_rounding_tolerance_percent",
    "vial_rounding_tolerance_percent_source",
    "ivig_at_risk_max_rate_mg_kg_min",
    "ivig_at_risk_max_rate_mg_kg_min_source",
)


def load_site_formulary(builtin_path: Path | str, site_path: Path | str) -> Formulary:
    """The built-in formulary with a pharmacy's site file laid over it.

    The site file has its own ``[formulary]`` name and version and its own ``[sources]``.
    Each of its ``[[drug]]`` entries either names a built-in drug by ``id`` and adds
    regimens, checks, side effects, monitoring or cautions to it (a regimen with the ``id``
    of one of that drug's regimens replaces it), or is a whole new drug. Its
    ``[[interaction]]`` entries are added. It cannot hold ``[built_in_checks]``: the numbers
    of the program's own checks are the built-in file's. The merged whole is validated exactly
    as the built-in file is; any error refuses the site file whole (:class:`FormularyError` naming
    the site file, the entry and the field).
    """
    builtin_path, site_path = Path(builtin_path), Path(site_path)
    base = load_formulary(builtin_path)  # a refused built-in file is logged there
    try:
        base_document, base_sha = read_document(builtin_path)
        site_document, site_sha = read_document(site_path)
        overlay = Overlay(site_path)
        merged = overlay.merge(base_document, site_document)
        combined_sha = sha256_hex(f"{base_sha}\n{site_sha}\n".encode())
        validator = Validator(builtin_path, combined_sha, site_path=site_path, origins=overlay.origins)
        formulary = guard_site_formulary(base, validator.formulary(merged), site_path)
    except FormularyError as error:
        logger.error("Site formulary refused: %s", error.for_log())
        raise
    site = FormularyFile("site", overlay.name, overlay.version, site_sha, str(site_path))
    return replace(
        formulary,
        name=f"{base.name} + {site.name}",
        version=f"{base.version} + {site.version}",
        path=str(site_path),
        kind="site",
        files=(base.built_in, site),
    )


class Overlay:
    """Lays a site file's document over the built-in one, remembering which tables it brought.

    Only the shape needed to merge is checked here (ids, sections, built-in fields left
    alone); everything else is checked by :class:`Validator` on the merged whole, which names
    each of the site's tables as it is in the site file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = Validator(path, "")
        self.origins: dict[int, tuple[Path, str]] = {}
        self.name = ""
        self.version = ""

    def _bring(self, table: Table) -> dict[str, Any]:
        self.origins[id(table.data)] = (self.path, table.entry)
        return table.data

    def merge(self, base: dict[str, Any], site: dict[str, Any]) -> dict[str, Any]:
        merged = copy.deepcopy(base)
        root = Table(self.reader, "", site)
        for key in site:
            if key == "built_in_checks":
                root.fail(key, "a site formulary cannot change the built-in checks (adult age, child weight, decimal error factor)")
            if key not in SITE_SECTIONS:
                root.fail(key, f"not allowed in a site formulary (it may hold {', '.join(SITE_SECTIONS)})")
        header = root.table("formulary")
        assert header is not None
        self.name, self.version = header.text("name", max_length=120), header.text("version", max_length=40)
        header.text("reference", required=False)
        header.done()
        sources = root.table("sources", required=False)
        if sources is not None:
            for key in sources.data:
                if not ID.fullmatch(key):
                    sources.fail(key[:40], "is not a source key: use lower-case a-z, 0-9 and hyphens")
                if key in merged["sources"]:
                    sources.fail(key, "already a source of the built-in formulary: give the site's source another key")
                merged["sources"][key] = sources.text(key)
            sources.done()
        drugs_by_id = {drug["id"]: drug for drug in merged["drug"]}
        site_regimens: set[str] = set()
        for table in root.tables("drug"):
            drug_id = table.ident("id")
            table.renamed(f"drug[{drug_id}]")
            existing = drugs_by_id.get(drug_id)
            if existing is None:
                merged["drug"].append(self._bring(table))
                continue
            for key in table.data:
                if key not in ("id", *SITE_DRUG_ADDITIONS):
                    table.fail(key, f"a site file cannot change a built-in drug's {key}: it may add {', '.join(SITE_DRUG_ADDITIONS)}")
            for sub in table.tables("regimen"):
                regimen_id = sub.ident("id")
                sub.renamed(f"drug[{drug_id}].regimen[{regimen_id}]")
                if regimen_id in site_regimens:
                    sub.fail("id", f"duplicate regimen id '{regimen_id}' in the site file")
                site_regimens.add(regimen_id)
                regimens: list[Any] = existing.setdefault("regimen", [])
                same = [index for index, regimen in enumerate(regimens) if regimen.get("id") == regimen_id]
                if same:
                    regimens[same[0]] = self._bring(sub)
                else:
                    regimens.append(self._bring(sub))
            for key in SITE_DRUG_ADDITIONS[1:]:
                existing.setdefault(key, []).extend(self._bring(sub) for sub in table.tables(key))
        for table in root.tables("interaction"):
            merged.setdefault("interaction", []).append(self._bring(table))
        self._administration(root, merged)
        return merged

    def _administration(self, root: Table, merged: dict[str, Any]) -> None:
        """The site's vial rounding tolerance and IVIG at-risk maximum, each with its source."""
        table = root.table("administration", required=False)
        if table is None:
            return
        for key in table.data:
            if key not in SITE_ADMINISTRATION:
                table.fail(key, f"a site file may set only {', '.join(SITE_ADMINISTRATION[::2])} (each with its _source)")
        for value_key, source_key in zip(SITE_ADMINISTRATION[::2], SITE_ADMINISTRATION[1::2], strict=True):
            if (value_key in table.data) != (source_key in table.data):
                table.fail(value_key if value_key not in table.data else source_key, "missing: give the value and its source together")
        if "administration" not in merged:
            table.fail("", "the built-in formulary has no [administration] to change")
        merged["administration"].update(table.data)
        self._bring(Table(self.reader, "administration", merged["administration"], self.path))
