"""The words of a French line as the rules of `french_rules` read them: tokens, their
readings in Grammalecte's lexicon, and the word lists the rules share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import regex

from portevoix.quality.spelling.issue import Issue

# An elided word is its own token ("s'", "qu'", "jusqu'"), as Grammalecte reads it.
TOKEN = regex.compile(
    r"(?P<elision>\b(?:qu|jusqu|lorsqu|puisqu|quoiqu|presqu|[cçdjlmnst])['’](?=\p{L}))"
    r"|(?P<word>[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*)"
    r"|(?P<punct>[^\s\p{L}\p{M}\p{N}])",
    regex.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SUBJECT_PERSON = {
    "je": "1s",
    "j'": "1s",
    "tu": "2s",
    "il": "3s",
    "elle": "3s",
    "on": "3s",
    "ça": "3s",
    "cela": "3s",
    "nous": "1p",
    "vous": "2p",
    "ils": "3p",
    "elles": "3p",
}
CLITICS = _words("ne n' me m' te t' se s' nous vous le la l' les lui leur y en")
DETERMINERS = _words(
    "le la l' les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses "
    "notre nos votre vos leur leurs chaque"
)
AVOIR = _words(
    "ai as a avons avez ont avais avait avions aviez avaient aurai auras aura aurons aurez "
    "auront aurais aurait aurions auriez auraient aie aies ait ayons ayez aient"
)
ETRE = _words(
    "suis es est sommes êtes sont étais était étions étiez étaient serai seras sera serons "
    "serez seront serais serait serions seriez seraient sois soit soyons soyez soient fut "
    "furent"
)
# Adverbs that may sit between an auxiliary and its participle ("avons bien reçu").
ADVERBS = _words(
    "pas plus jamais bien déjà vite toujours aussi encore enfin beaucoup vraiment souvent "
    "rarement tous toutes tout surtout absolument grandement"
)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    norm: str  # lower case, typographic apostrophe made straight
    is_word: bool


@dataclass(frozen=True)
class Analysis:
    lemma: str
    tags: frozenset[str]  # Grammalecte's codes: N noun, A adjective, Q participle, m, f, s, p…


class Lexicon(Protocol):
    def analyses(self, word: str) -> tuple[Analysis, ...]: ...

    def plural(self, word: str) -> tuple[str, ...]: ...

    def singular(self, word: str) -> tuple[str, ...]: ...

    def participle(self, word: str, gender_number: str) -> tuple[str, ...]: ...

    def conjugate(self, word: str, tense: str, person: str) -> tuple[str, ...]: ...


def tokenize(line: str) -> list[Token]:
    tokens = []
    for match in TOKEN.finditer(line):
        text = match.group(0)
        norm = text.lower().replace("’", "'")
        tokens.append(Token(match.start(), match.end(), text, norm, match.lastgroup != "punct"))
    return tokens


def _tags(lexicon: Lexicon, word: str) -> list[frozenset[str]]:
    return [analysis.tags for analysis in lexicon.analyses(word)]


def _has(lexicon: Lexicon, word: str, *codes: str) -> bool:
    """Some reading of `word` carries every code."""
    return any(set(codes) <= tags for tags in _tags(lexicon, word))


def _is_verb(tags: frozenset[str]) -> bool:
    return any(tag.startswith("V") for tag in tags)


def _agrees(tags: frozenset[str], gender: str | None, number: str) -> bool:
    genders = {"m", "f", "e"} & tags
    numbers = {"s", "p", "i"} & tags
    gender_ok = gender is None or not genders or bool(genders & {gender, "e"})
    return gender_ok and bool(numbers & {number, "i"})


def _participles(lexicon: Lexicon, word: str) -> list[Analysis]:
    return [a for a in lexicon.analyses(word) if "Q" in a.tags]


def _issue(token: Token, message: str, suggestions: Sequence[str], rule: str) -> Issue:
    kept = tuple(dict.fromkeys(s for s in suggestions if s and s != token.text))[:5]
    return Issue(token.start, token.end, "grammar", message, kept, f"porte-voix/{rule}")


def _next_word(tokens: list[Token], i: int, skip: frozenset[str] = frozenset()) -> int | None:
    """Index of the first word after `i` that is not in `skip`, within the clause."""
    j = i + 1
    while j < len(tokens) and tokens[j].is_word and tokens[j].norm in skip:
        j += 1
    return j if j < len(tokens) and tokens[j].is_word else None


def _same_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word
