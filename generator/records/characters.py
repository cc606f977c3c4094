"""What characters record text may hold: only those every output (pages, feed, SVG badges, CSV, JSON,
the terminal) can carry, and, in names, letters or digits someone can read.

Plain functions of a string, each finding a message and a hint; :mod:`generator.records.checks` reports
them at their field. Imports nothing of the registry's.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_UNFIT = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
"""What XML 1.0 and HTML forbid beyond control characters: noncharacters (U+FDD0 to U+FDEF and the last two
code points of every plane) and lone surrogates, which no UTF-8 file can even hold. The feed, the badges
and every page would be ill-formed with one."""
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
"""Hangul fillers: letters to Unicode, blank on the screen."""
READABLE_FIELDS = ("name", "acronym", "legal_name", "city", "region")
"""Fields shown as headings, links and search results: each must hold a letter or digit someone can read."""


def readable(value: str) -> bool:
    """Whether the text has a letter or digit that shows: a name of emoji, braille blanks or fillers does not."""
    return any(unicodedata.category(char)[0] in "LN" and char not in _BLANK_LETTERS for char in value)


def unfit(value: str) -> list[tuple[str, str]]:
    """What in ``value`` no output can carry, as (message, hint): control characters, noncharacters, lone
    surrogates and invisible format characters (bidi overrides, zero-width characters), each named."""
    found: list[tuple[str, str]] = []
    control = _CONTROL.search(value)
    if control:
        found.append((f"contains the control character U+{ord(control.group()):04X}", "delete it"))
    if value.isascii():
        return found  # no noncharacter, surrogate or format character is ASCII: most text stops here
    bad = _UNFIT.search(value)
    if bad:
        char = bad.group()
        if "\ud800" <= char <= "\udfff":
            found.append(
                (
                    f"contains U+{ord(char):04X}, half of a character written as two escapes (a lone surrogate)",
                    "write the character itself, or both halves together",
                )
            )
        else:
            found.append(
                (
                    f"contains the noncharacter U+{ord(char):04X}, which no web page, feed or SVG file may hold",
                    "delete it",
                )
            )
    invisible = next((i for i, char in enumerate(value) if unicodedata.category(char) == "Cf"), None)
    if invisible is not None:
        char = value[invisible]
        found.append(
            (
                f"contains the invisible character U+{ord(char):04X} ({unicodedata.name(char, 'format character')})"
                f" at character {invisible + 1}",
                "delete it: it changes how the text looks or reads without being seen",
            )
        )
    return found
