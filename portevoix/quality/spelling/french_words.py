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


# --- the subject at the head of a sentence ------------------------------------------------

# Not ")": after a parenthesis the sentence goes on ("la liste (…) des interfaces sera…").
SENTENCE_PUNCT = frozenset('.!?…:;«»"“”(')
SINGULAR_DETERMINERS = _words(
    "le la l' un une ce cet cette mon ma ton ta son sa notre votre leur chaque"
)
PLURAL_DETERMINERS = _words("les des ces mes tes ses nos vos leurs")
# The prepositions that open a noun's complement: "la carte d'hiver", "le gagnant du concours".
COMPLEMENT = _words("de d' du des en à au aux")
# Nouns whose verb and attribute may agree with their complement ("la plupart des clients
# sont ravis"): the head does not decide.
COLLECTIVE = _words(
    "plupart majorité minorité nombre totalité moitié partie reste ensemble foule tas série "
    "dizaine douzaine quinzaine vingtaine trentaine centaine millier quantité multitude "
    "poignée groupe"
)


# Words that end a noun phrase even where the lexicon also knows a noun ("l'est", "un été").
VERB_STOPS = ETRE | AVOIR | _words("et été")


@dataclass(frozen=True)
class Subject:
    head: int  # index of the noun that decides the agreement
    end: int  # index of the first token after the phrase
    gender: str | None  # "m", "f", or None when the noun does not say
    number: str


def clause_start(tokens: list[Token], i: int) -> bool:
    return i == 0 or (not tokens[i - 1].is_word and tokens[i - 1].text in SENTENCE_PUNCT)


def _nominal(lexicon: Lexicon, token: Token, *, name_ok: bool) -> bool:
    """A word a noun phrase may hold: a noun, an adjective, a number or (inside) a name."""
    if token.text.isdigit() or (name_ok and token.text[:1].isupper()):
        return True
    return any({"N", "A"} & tags for tags in _tags(lexicon, token.text))


def subject_phrase(tokens: list[Token], start: int, lexicon: Lexicon) -> Subject | None:
    """ "Notre nouvelle carte d'hiver", "Le gagnant du concours": determiner, nouns and
    adjectives, then up to three complements, whose nouns do not decide the agreement. None when the words at `start` are not such a phrase."""
    determiner = tokens[start].norm
    if determiner not in SINGULAR_DETERMINERS | PLURAL_DETERMINERS:
        return None
    j, head, settled = start + 1, None, False
    while j < len(tokens) and tokens[j].is_word and tokens[j].norm not in COMPLEMENT | VERB_STOPS:
        if not _nominal(lexicon, tokens[j], name_ok=j > start + 1 or head is not None):
            break
        # The head is the first plain noun ("les valeurs drapeau"), else the last word that
        # may be a noun ("notre nouvelle carte": "nouvelle" is also a noun).
        nouns = _has(lexicon, tokens[j].text, "N")
        plain = nouns and not _has(lexicon, tokens[j].text, "A")
        if nouns and not settled:
            head, settled = j, plain
        j += 1
    if head is None or j - start > 4 or tokens[head].norm in COLLECTIVE:
        return None
    complements = 0
    while j < len(tokens) and tokens[j].norm in COMPLEMENT and complements < 3:
        k = j + 1
        if k < len(tokens) and tokens[k].norm in SINGULAR_DETERMINERS | PLURAL_DETERMINERS:
            k += 1
        words = 0
        while k < len(tokens) and tokens[k].is_word and words < 3:
            if tokens[k].norm in COMPLEMENT | VERB_STOPS:
                break
            if not _nominal(lexicon, tokens[k], name_ok=True):
                break
            k, words = k + 1, words + 1
        if not words:
            return None
        j, complements = k, complements + 1
    readings = [t for t in _tags(lexicon, tokens[head].text) if "N" in t]
    genders = {"m", "f"} & set().union(*readings)
    gender = genders.pop() if len(genders) == 1 and "e" not in set().union(*readings) else None
    number = "p" if determiner in PLURAL_DETERMINERS else "s"
    return Subject(head, j, gender, number)
