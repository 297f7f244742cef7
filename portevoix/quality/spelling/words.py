"""Words of a text with their offsets, for dictionaries that check one word at a time."""

from __future__ import annotations

from collections.abc import Iterator

import regex

# Letters with inner apostrophes or hyphens ("aujourd'hui", "peut-être"); French elisions
# ("l'", "qu'") are split off so the dictionary sees the word itself. Letters glued to a
# number are its suffix, not a word: "1er", "3e", "21st", "10am".
WORD = regex.compile(r"(?<![\p{N}])(?>[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*)(?![\p{N}])")
ELISION = regex.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", regex.IGNORECASE)


def words(text: str) -> Iterator[tuple[int, int, str]]:
    for match in WORD.finditer(text):
        start, word = match.start(), match.group(0)
        elided = ELISION.match(word)
        if elided:
            start += elided.end()
            word = word[elided.end() :]
        if len(word) < 2 or word.isupper():
            continue  # initials and acronyms ("QC", "PME") are not spelling
        yield start, start + len(word), word.replace("’", "'")
