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
# formulary has about 530
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


def key_count(text: str) -> int:
    """How many ``=`` there are outside strings and comments: the key = value pairs."""
    return sum(1 for match in _TOKENS.finditer(text) if match.group() == "=")


def nesting_depth(text: str, stop_above: int = MAX_NESTING) -> int:
    """The deepest nesting of brackets plus dotted-key levels in ``text`` (a number's decimal
    point counts as a level too, which errs on the safe side); stops counting once it is
    past ``stop_above``."""
    deepest = depth = dots = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            dots = 0
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
            dots = 0
        elif token == ".":
            dots += 1
        elif token in ("=", ",", "\n"):
            dots = 0
        else:
            continue
        deepest = max(deepest, depth + dots + (1 if dots else 0))
        if deepest > stop_above:
            break
    return deepest
