"""The override of a stop: its written reason, the clinician who overrides, and the rule both meet.

The rule (clinical rules, "Overrides"): a reason of at least 10 characters with at least two
words, and the name of the clinician who overrides. What counts:

- the reason's length is counted after trimming, with each run of spaces counted as one
  character (ten spaces between two letters are not a reason);
- a word is a run of at least 2 letters (any alphabet) that is not one letter repeated:
  "Dr", "dose" and "IV" are words; "x", "xxxxx", "aaaaaaaaaa" and "bbb" are not; digits and
  punctuation are allowed in the reason but are not words;
- the two words must differ (ignoring case): "dose dose dose" is one word written three times;
- the clinician's name is held to the patient name field's rules (:func:`parse_text`: one
  printable line, at most 80 characters), must be given, and must hold a letter.

New overrides are refused unless they meet the rule (:func:`make_override`). An override read
back from an old record is kept as written, whatever it holds: :meth:`Override.problem` says
which part of the rule it does not meet, and such an override does not count (the stop is
open again, and the record's reason is shown beside it with what it lacks).
"""

from __future__ import annotations

import re

from cc_dosecalc.parsing import InputError, parse_text
from cc_dosecalc.value_class import value_class

MIN_REASON_LENGTH = 10
MIN_REASON_WORDS = 2
MAX_REASON_LENGTH = 300
MAX_NAME_LENGTH = 80
REASON_FIELD = "Override reason"
CLINICIAN_FIELD = "Overridden by"
REASON_RULE = (
    f"write at least {MIN_REASON_LENGTH} characters with at least {MIN_REASON_WORDS} different words "
    "(a word: 2 or more letters, not one letter repeated)"
)
CLINICIAN_RULE = "write the name of the clinician who overrides the stop"
NOT_RECORDED = "not recorded"

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")


def reason_words(text: str) -> list[str]:
    """The words of a reason, as the rule counts them (lower case, first appearance order)."""
    words = [run.casefold() for run in _LETTER_RUN.findall(text) if len(run) >= 2 and len(set(run.casefold())) > 1]
    return list(dict.fromkeys(words))


def reason_problem(text: str) -> str | None:
    """What the reason lacks, for the person writing it ("" never); None when it meets the rule.

    Does not check the characters allowed (one printable line): :func:`check_reason` does."""
    stripped = _SPACES.sub(" ", text.strip())
    if len(stripped) < MIN_REASON_LENGTH or len(reason_words(stripped)) < MIN_REASON_WORDS:
        return REASON_RULE
    return None


def check_reason(text: str) -> str:
    """The reason as recorded (trimmed), or :class:`InputError` naming the rule."""
    reason = parse_text(text, REASON_FIELD, MAX_REASON_LENGTH)
    problem = reason_problem(reason)
    if problem is not None:
        raise InputError(REASON_FIELD, problem)
    return reason


def check_clinician(text: str) -> str:
    """The overriding clinician's name as recorded (trimmed), or :class:`InputError`."""
    name = parse_text(text, CLINICIAN_FIELD, MAX_NAME_LENGTH)
    if not name or not _LETTER_RUN.search(name):
        raise InputError(CLINICIAN_FIELD, CLINICIAN_RULE)
    return name


@value_class
class Override:
    """A stop overridden: the reason as written and who overrode it ("" when a record from
    before names were asked holds none)."""

    reason: str
    by: str = ""

    def problem(self) -> str | None:
        """Which part of the rule this override does not meet (an old record's); None when it meets it."""
        lacking = []
        if reason_problem(self.reason) is not None:
            lacking.append(f"the reason does not meet the rule ({REASON_RULE})")
        if not self.by.strip() or not _LETTER_RUN.search(self.by):
            lacking.append("the clinician who overrode it is not recorded")
        return "; ".join(lacking) or None

    def described(self) -> str:
        """ "reason: Confirmed with Dr Lee; by: Dr A. Lee", as printed beside the stop."""
        return f"reason: {self.reason}; by: {self.by or NOT_RECORDED}"


def make_override(reason: str, by: str) -> Override:
    """A new override, only if its reason and clinician meet the rule; :class:`InputError` otherwise."""
    return Override(check_reason(reason), check_clinician(by))


def override_problem(reason: str, by: str) -> str | None:
    """What a new override still lacks, in one line naming the field and the rule (what the
    window's dialog shows until it can be accepted); None when :func:`make_override` accepts it."""
    problems = []
    for check, text in ((check_clinician, by), (check_reason, reason)):
        try:
            check(text)
        except InputError as error:
            problems.append(f"{error}.")
    return " ".join(problems) or None


def override_to_data(key: str, override: Override) -> list[str]:
    """How a record stores an override: [key, reason, clinician]."""
    return [key, override.reason, override.by]


def override_from_data(data: object) -> tuple[str, Override] | None:
    """A stored override: [key, reason, clinician], or [key, reason] from records kept before the
    clinician was asked. None for anything else (logged by the caller)."""
    if not isinstance(data, list) or len(data) not in (2, 3) or not all(isinstance(item, str) for item in data):
        return None
    key, reason, *by = data
    return key, Override(reason, by[0] if by else "")
