"""Names that look alike: the skeleton of a text under Unicode's confusables data (UTS #39).

Two names with one skeleton read the same to a person (``Silicon Saxony`` written
with a Cyrillic capital DZE for the S) while being different text to the computer, so a new record
could pass for an existing one in every listing.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables


@cache
def _prototypes() -> dict[str, str]:
    """Every character with look-alikes mapped to one prototype for its whole group of look-alikes.

    The data lists, for each character, the characters it can be confused with; groups that share a
    character are joined, so the Latin O, the digit 0 and the Greek omicron end in one group, as in UTS #39."""
    parent: dict[str, str] = {}

    def find(char: str) -> str:
        while parent.setdefault(char, char) != char:
            parent[char] = parent[parent[char]]
            char = parent[char]
        return char

    for char, entry in confusables.confusables_data.items():
        for glyph in entry:
            other = glyph["c"].strip("\u200e")
            if len(other) == 1:
                a, b = find(char), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {char: find(char) for char in parent}


def skeleton(text: str) -> str:
    """The text as it looks: decomposed, each character replaced by its look-alike prototype, spaces folded."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", " ".join(text.split()))
    return unicodedata.normalize("NFD", "".join(prototypes.get(char, char) for char in decomposed))


def lookalike(name: str, other: str) -> bool:
    """Two different texts that look the same."""
    return name != other and skeleton(name) == skeleton(other)
