"""How deeply a TOML text nests, found before the text reaches ``tomllib``.

``tomllib`` spends time and memory far beyond the text's size on deeply dotted keys (40 KB
of them took 9 s and 2.4 GB), so a formulary's text is scanned first, by one regular
expression over its strings, comments, brackets and dots, and refused past
:data:`MAX_NESTING` levels. The built-in formulary nests 5 deep at most
(``[[drug.regimen.side_effects]]``: two brackets and three keys).
"""

from __future__ import annotations

import re

# tables, arrays, inline tables and dotted keys, counted together
MAX_NESTING = 10
# key = value pairs: tomllib takes tens of microseconds for each (more on a loaded machine,
# and more for a dotted one), so 1 MB of short keys would take seconds; the built-in
# formulary has under a third of this (a test keeps it so)
MAX_KEYS = 5_000

# strings and comments are skipped whole (a dot or bracket inside one is text, not
# structure); each bracket, separator and dot outside them is a token
_TOKENS = re.compile(
    r'"""(?:[^\\]|\\[\s\S])*?"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}=,\n.]"
)


def too_deep_or_too_many(text: str) -> str:
    """Why ``text`` is refused before tomllib reads it, or "" when it is not: one pass, which
    stops at the first line past :data:`MAX_NESTING` or the first key past :data:`MAX_KEYS`.

    The depth is that of brackets plus dotted-key levels (a number's decimal point counts as
    a level too, which errs on the safe side)."""
    depth = dots = keys = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == ".":
            dots += 1
            if depth + dots + 1 > MAX_NESTING:
                return f"nested deeper than {MAX_NESTING} levels (tables, arrays and dotted keys together; the built-in formulary needs 5)"
            continue
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                return f"nested deeper than {MAX_NESTING} levels (tables, arrays and dotted keys together; the built-in formulary needs 5)"
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
        elif token == "=":
            keys += 1
            if keys > MAX_KEYS:
                return f"more than {MAX_KEYS:,} keys (over three times the built-in formulary's)"
        elif token not in (",", "\n"):
            continue  # a string or a comment: a quoted key's dots still count
        dots = 0
    return ""


def nesting_depth(text: str) -> int:
    """The deepest nesting in ``text``, counted as :func:`too_deep_or_too_many` does."""
    deepest = depth = dots = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == ".":
            dots += 1
        elif token in ("[", "{"):
            depth, dots = depth + 1, 0
        elif token in ("]", "}"):
            depth, dots = max(depth - 1, 0), 0
        elif token in ("=", ",", "\n"):
            dots = 0
        deepest = max(deepest, depth + dots + (1 if dots else 0))
    return deepest
