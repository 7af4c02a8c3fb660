"""Printing names and identifiers that mix writing directions in the order they were typed.

An identifier such as "MRN 123 אבג 456" laid out by the Unicode bidirectional algorithm alone
prints as "MRN 123 456 אבג": the digits after the Hebrew letters join the right-to-left run.
Unicode isolates (FSI, LRI ... PDI) keep each part to itself. No Qt here; text without a
right-to-left letter is returned unchanged.
"""

from __future__ import annotations

import re
import unicodedata

FSI = "\u2068"  # first strong isolate: the part takes the direction of its first letter
LRI = "\u2066"  # left-to-right isolate
PDI = "\u2069"  # pop directional isolate
_PART = re.compile(r"\w+")


def _has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def isolate_name(name: str) -> str:
    """A name kept in its own direction (a Hebrew or Arabic name reads right to left), without
    carrying the text after it into its run."""
    return f"{FSI}{name}{PDI}" if _has_right_to_left(name) else name


def isolate_identifier(identifier: str) -> str:
    """An identifier read left to right part by part, as typed: "MRN 123 אבג 456" prints MRN,
    123, the Hebrew letters (right to left within themselves), then 456."""
    if not _has_right_to_left(identifier):
        return identifier
    return LRI + _PART.sub(lambda part: f"{FSI}{part.group()}{PDI}", identifier) + PDI
