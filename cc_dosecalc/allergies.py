"""Allergies: recorded as free text or "no known allergies", matched against each drug.

The matching rule: the allergy text and each term are read as words (letters and digits of
any script, after Unicode NFKC normalisation and case folding; anything else, a hyphen
included, separates words). A term matches when its words stand in the text one after the
other as whole words, each also in its plural with -s or -es ("cephalosporins"). The terms
of a drug are its name (without a part in brackets) and the formulary's ``allergy_groups``
for it (its class, groups and the members of its class an allergy is often recorded under).
A term inside a longer word does not match ("cef" or "lactam" alone name nothing), so the
pharmacist lists the words to match; nothing is read as negation: "no reaction to
cephalosporins" still names cephalosporins, and is a stop the nurse confirms or overrides.
"""

from __future__ import annotations

import re
import unicodedata

from cc_dosecalc.formulary import Drug
from cc_dosecalc.parsing import InputError, parse_text
from cc_dosecalc.plan import Allergies
from cc_dosecalc.results import Alert

MAX_ALLERGY_TEXT = 200
_WORD = re.compile(r"[^\W_]+")
_BRACKETED = re.compile(r"\([^)]*\)")
# the open item, as the status line says it
NOT_RECORDED = "allergies not recorded (record them, or no known allergies)"


def parse_allergies(text: str | None, none_known: bool) -> Allergies | None:
    """The allergies as given: free text or "no known allergies" (not both), or None."""
    if text is not None and none_known:
        raise InputError("Allergies", "give either the allergies or no known allergies, not both")
    if none_known:
        return Allergies("", none_known=True)
    if text is None:
        return None
    recorded = parse_text(text, "Allergies", MAX_ALLERGY_TEXT)
    if not recorded:
        raise InputError("Allergies", "write the allergies, or choose no known allergies")
    return Allergies(recorded)


def describe_allergies(allergies: Allergies | None) -> str:
    if allergies is None:
        return "not recorded"
    return "no known allergies" if allergies.none_known else allergies.text


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _word_matches(word: str, term: str) -> bool:
    return word in (term, term + "s", term + "es")


def _found(text_words: tuple[str, ...], term_words: tuple[str, ...]) -> bool:
    size = len(term_words)
    if not size:
        return False
    return any(
        all(_word_matches(text_words[start + index], term_words[index]) for index in range(size))
        for start in range(len(text_words) - size + 1)
    )


def drug_terms(drug: Drug) -> tuple[tuple[str, str], ...]:
    """(term, what it is) for each way an allergy may name ``drug``."""
    name = " ".join(_BRACKETED.sub(" ", drug.name).split())
    terms = [(name, "the drug")]
    terms += [(group, "a group it belongs to") for group in drug.allergy_groups]
    return tuple(terms)


def allergy_alerts(drug: Drug, allergies: Allergies | None) -> list[Alert]:
    """A stop on ``drug`` when the allergy text names it, its class or one of its groups."""
    if allergies is None or allergies.none_known:
        return []
    text_words = words(allergies.text)
    named = [(term, what) for term, what in drug_terms(drug) if _found(text_words, words(term))]
    if not named:
        return []
    which = "; ".join(f"'{term}' ({what})" for term, what in named)
    message = (
        f"Allergy recorded: '{allergies.text}' names {which} for {drug.display_name}: do not give it unless the "
        "allergy is ruled out with the prescriber."
    )
    return [Alert("stop", "allergy", message, drug.allergy_groups_source or "local")]
