"""A few French confusions that Grammalecte 2.1.2 lets through, checked after it.

Grammalecte leaves alone what it cannot decide from the words around, and some of those
cases are frequent in social posts: "Merci a nos partenaires", "Si vous aurez des questions",
"Elle s'est occupé de…", "nos chaussons fait maison", "Nous avons besoins de…". Each rule
below is a narrow pattern on the words of one line, with the guard that keeps it quiet on the
correct sentences it resembles; each has its test (tests/test_french_rules.py) and their
false positives are measured on the labelled posts (portevoix/quality/evaluate.py).

Words are read with Grammalecte's own lexicon (`Lexicon`: analyses, and its functions that
inflect a word for the suggestions), so the rules run only where Grammalecte is installed.

To add a rule: a function `(tokens, lexicon) -> Iterator[Issue]` in `RULES`, with a test of
the error it catches and of the correct sentences it must not flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import regex
from django.utils.translation import gettext as _

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


# --- a → à -------------------------------------------------------------------------------

# Words after which "a" is always the preposition: "Merci a nos partenaires", "Bienvenue a
# Julie", "Venez nombreux a notre fête", "prêts a vous accueillir".
BEFORE_PREPOSITION_A = _words(
    "merci bienvenue bravo félicitations grâce face quant jusqu' rendez-vous nombreux "
    "nombreuses prêt prête prêts prêtes"
)


def a_for_a_grave(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    for i in range(1, len(tokens)):
        token, before = tokens[i], tokens[i - 1]
        if token.norm != "a" or not before.is_word or before.norm not in BEFORE_PREPOSITION_A:
            continue
        # "Votre bienvenue a été…", "Merci a été dit": the word is a noun and "a" its verb.
        if i >= 2 and tokens[i - 2].norm in DETERMINERS:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after is not None and after.is_word and _participles(lexicon, after.text):
            continue
        yield _issue(
            token,
            _("after “%(word)s”, write the preposition “à” (“a” is the verb “avoir”).")
            % {"word": before.text},
            ["à"],
            "a-preposition",
        )


# --- ou → où ------------------------------------------------------------------------------

ALWAYS_WHERE = frozenset(["d'", "jusqu'", "importe"])  # d'où, jusqu'où, n'importe où
# Nouns of time and place that "où" follows as a relative: "le jour où vous…".
WHERE_NOUNS = _words(
    "jour moment instant époque année semaine soir soirée journée endroit lieu ville pays "
    "quartier période heure fois là partout"
)
SUBJECTS = frozenset(SUBJECT_PERSON) | {"c'", "ce", "tout"}


def ou_for_where(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    for i in range(1, len(tokens)):
        token, before = tokens[i], tokens[i - 1]
        if token.norm != "ou" or not before.is_word:
            continue
        if before.norm in ALWAYS_WHERE:
            wrong = before.norm != "importe" or (i >= 2 and tokens[i - 2].norm == "n'")
        else:
            # "le jour ou nous avons ouvert" but "le jour ou la nuit", "là ou ailleurs".
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            noun_after_determiner = i >= 2 and tokens[i - 2].norm in DETERMINERS
            wrong = (
                before.norm in WHERE_NOUNS
                and (noun_after_determiner or before.norm in {"là", "partout"})
                and after is not None
                and after.norm in SUBJECTS
            )
        if wrong:
            yield _issue(
                token,
                _("for a place or a time (“the day when…”), write “où”."),
                [_same_case(token.text, "où")],
                "ou-where",
            )


# --- si + futur / conditionnel ------------------------------------------------------------

# Not "même": "même si cela ne devrait pas arriver" concedes a fact, and may take the conditional.
CLAUSE_OPENERS = _words("et mais ou sauf comme or donc car alors puis")


def si_with_future(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """A condition takes the present or the imperfect: "Si vous avez des questions".

    Only where "si" opens a clause: after a verb it may ask a question ("je me demande si vous
    aurez le temps"), where the future is right.
    """
    for i, token in enumerate(tokens):
        elided = token.norm == "s'" and i + 1 < len(tokens) and tokens[i + 1].norm in {"il", "ils"}
        if token.norm != "si" and not elided:
            continue
        subject = i + 1
        before = tokens[i - 1] if i else None
        if before is not None and before.is_word and before.norm not in CLAUSE_OPENERS:
            continue  # after a verb, or "même si"
        if subject >= len(tokens) or tokens[subject].norm not in SUBJECT_PERSON:
            continue
        person = SUBJECT_PERSON[tokens[subject].norm]
        verb = _next_word(tokens, subject, CLITICS)
        if verb is None:
            continue
        readings = [tags for tags in _tags(lexicon, tokens[verb].text) if _is_verb(tags)]
        if not readings or not all(("If" in tags or "K" in tags) for tags in readings):
            continue
        tense = ":Iq" if any("K" in tags for tags in readings) else ":Ip"
        yield _issue(
            tokens[verb],
            _("after “si” expressing a condition, use the present or the imperfect."),
            lexicon.conjugate(tokens[verb].text, tense, f":{person}"),
            "si-future",
        )


# --- s'être occupé de… --------------------------------------------------------------------

# Verbs whose reflexive pronoun is the direct object, so that the participle agrees with the
# subject even when "de" follows ("elle s'est occupée de tout"); Grammalecte is silent there
# because of verbs such as "se permettre de", where it must not agree.
REFLEXIVE_DIRECT = _words(
    "occuper charger souvenir moquer apercevoir méfier emparer inspirer équiper munir nourrir "
    "lasser plaindre réjouir féliciter excuser contenter approcher éloigner séparer "
    "débarrasser inquiéter soucier préoccuper étonner entourer doter priver"
)
SUBJECT_AGREEMENT = {
    "elle": ("f", "s"),
    "elles": ("f", "p"),
    "ils": ("m", "p"),
    "nous": (None, "p"),
}


def reflexive_participle(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    for i in range(len(tokens) - 3):
        subject = tokens[i].norm
        if subject not in SUBJECT_AGREEMENT or tokens[i + 1].norm not in {"s'", "se", "nous"}:
            continue
        if subject == "nous" and tokens[i + 1].norm != "nous":
            continue
        if tokens[i + 2].norm not in ETRE:
            continue
        j = _next_word(tokens, i + 2, ADVERBS)
        if j is None:
            continue
        participles = _participles(lexicon, tokens[j].text)
        if not participles or not any(a.lemma in REFLEXIVE_DIRECT for a in participles):
            continue
        gender, number = SUBJECT_AGREEMENT[subject]
        if any(_agrees(a.tags, gender, number) for a in participles):
            continue
        wanted = f":{gender}:{number}" if gender else ":p"
        yield _issue(
            tokens[j],
            _("the participle agrees with “%(subject)s”.") % {"subject": tokens[i].text},
            lexicon.participle(tokens[j].text, wanted),
            "reflexive-participle",
        )


# --- cela ne serait possibles -------------------------------------------------------------


def neuter_subject_attribute(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "cela", "ça", "rien" are singular: "rien de tout cela ne serait possible"."""
    for i in range(len(tokens) - 3):
        if tokens[i].norm not in {"cela", "ça", "ceci", "rien"}:
            continue
        if tokens[i + 1].norm not in {"ne", "n'"} or tokens[i + 2].norm not in ETRE:
            continue
        if not _has(lexicon, tokens[i + 2].text, "3s"):
            continue
        j = _next_word(tokens, i + 2, ADVERBS)
        if j is None:
            continue
        readings = _tags(lexicon, tokens[j].text)
        adjective = readings and all(("A" in tags and "p" in tags) for tags in readings)
        if not adjective:
            continue
        yield _issue(
            tokens[j],
            _("“%(subject)s” is singular: so is its attribute.") % {"subject": tokens[i].text},
            lexicon.singular(tokens[j].text),
            "neuter-attribute",
        )


# --- fait maison --------------------------------------------------------------------------

FAIT = {("m", "s"): "fait", ("f", "s"): "faite", ("m", "p"): "faits", ("f", "p"): "faites"}


def fait_maison(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "Fait maison" agrees with its noun: "nos chaussons faits maison", "une tarte faite…"."""
    for i in range(1, len(tokens) - 1):
        token = tokens[i]
        if token.norm not in FAIT.values() or tokens[i + 1].norm != "maison":
            continue
        noun = tokens[i - 1]
        if not noun.is_word:
            continue
        # The noun's readings when it has one ("tarte" is also a colloquial adjective).
        readings = [t for t in _tags(lexicon, noun.text) if "N" in t] or [
            t for t in _tags(lexicon, noun.text) if "A" in t
        ]
        if not readings:
            continue
        expected = set()
        for tags in readings:
            numbers = {"s", "p"} & tags or {"s", "p"}
            genders = {"m", "f"} & tags or {"m", "f"}
            expected |= {FAIT[g, n] for g in genders for n in numbers}
        if token.norm in expected:
            continue
        yield _issue(
            token,
            _("“fait maison” agrees with “%(noun)s”.") % {"noun": noun.text},
            sorted(expected),
            "fait-maison",
        )


# --- avoir besoin de ----------------------------------------------------------------------


def avoir_besoin(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    for i, token in enumerate(tokens):
        if token.norm != "besoins" or i == 0:
            continue
        j = i - 1
        while j > 0 and tokens[j].norm in ADVERBS:
            j -= 1
        after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
        if tokens[j].norm in AVOIR and after in {"de", "d'", "du", "des", "que", "qu'"}:
            yield _issue(
                token,
                _("in “avoir besoin de”, “besoin” stays singular."),
                [_same_case(token.text, "besoin")],
                "avoir-besoin",
            )


# --- merci à tous d'être venus ------------------------------------------------------------


def tous_d_etre(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    for i in range(len(tokens) - 3):
        if tokens[i].norm not in {"tous", "toutes"} or tokens[i + 1].norm not in {"d'", "de"}:
            continue
        j = i + 2
        while j < len(tokens) and tokens[j].norm in {"vous", "nous", "s'", "se"}:
            j += 1
        if j + 1 >= len(tokens) or tokens[j].norm != "être":
            continue
        participles = _participles(lexicon, tokens[j + 1].text)
        if not participles:
            continue
        gender = "f" if tokens[i].norm == "toutes" else "m"
        if any(_agrees(a.tags, gender, "p") for a in participles):
            continue
        yield _issue(
            tokens[j + 1],
            _("the participle agrees with “%(subject)s”.") % {"subject": tokens[i].text},
            lexicon.participle(tokens[j + 1].text, f":{gender}:p"),
            "tous-participle",
        )


# --- de belles rencontres ------------------------------------------------------------------

AFTER_NOUN = _words("pour à au aux de du des en dans sur avec chez ce cet cette ces qui que et ou")
# Adjectives that go before their noun. After "de", any other plural word is more likely a
# noun with a noun beside it ("de paires mot-clé=valeur").
BEFORE_NOUN = _words(
    "beau bon grand petit nouveau vieux jeune joli gros mauvais long meilleur premier dernier "
    "autre vrai nombreux magnifique superbe excellent merveilleux incroyable délicieux "
    "formidable sincère chaleureux énorme immense véritable multiple différent divers"
)


def de_adjective_noun(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "de" + plural adjective + singular noun: "de belles rencontre." Grammalecte checks this
    after "les" and "plein de", not after a bare "de", since the noun may be read as a verb."""
    for i in range(len(tokens) - 2):
        if tokens[i].norm not in {"de", "d'"}:
            continue
        adjective, noun = tokens[i + 1], tokens[i + 2]
        if not (adjective.is_word and noun.is_word) or noun.text[:1].isupper():
            continue
        readings = lexicon.analyses(adjective.text)
        plural = [a for a in readings if "A" in a.tags and {"p", "i"} & a.tags]
        if not plural or len(plural) != len(readings):
            continue
        if not any(a.lemma in BEFORE_NOUN for a in plural):
            continue
        noun_tags = [t for t in _tags(lexicon, noun.text) if "N" in t]
        if not noun_tags or not all("s" in t for t in noun_tags):
            continue
        after = tokens[i + 3] if i + 3 < len(tokens) else None
        if after is not None and after.is_word and after.norm not in AFTER_NOUN:
            continue
        yield _issue(
            noun,
            _("“%(noun)s” agrees with “%(adjective)s”: plural.")
            % {"noun": noun.text, "adjective": adjective.text},
            lexicon.plural(noun.text),
            "de-adjective-noun",
        )


# --- ont → on -----------------------------------------------------------------------------


def ont_for_on(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "mais ont reviendra": a conjugated verb after "ont" makes it the pronoun "on"."""
    for i, token in enumerate(tokens):
        if token.norm != "ont":
            continue
        j = _next_word(tokens, i, CLITICS)
        if j is None:
            continue
        readings = _tags(lexicon, tokens[j].text)
        if not readings or not all("3s" in t for t in readings):
            continue
        if any({"N", "A", "Q", "W", "Y", "G"} & t for t in readings):
            continue
        yield _issue(
            token,
            _("before a verb, the pronoun is “on” (“ont” is the verb “avoir”)."),
            [_same_case(token.text, "on")],
            "ont-on",
        )


# --- nous les avons reçus -----------------------------------------------------------------


def les_avoir_participle(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """The participle after "les" + "avoir" agrees with "les": "nous les avons reçus"."""
    for i in range(len(tokens) - 2):
        if tokens[i].norm != "les" or tokens[i + 1].norm not in AVOIR:
            continue
        j = _next_word(tokens, i + 1, ADVERBS)
        if j is None:
            continue
        # Right after "avoir", a word that can be a participle is one, even "vu" (also a
        # noun and a preposition), which Grammalecte leaves alone for that reason.
        participles = _participles(lexicon, tokens[j].text)
        if not participles:
            continue
        if any(_agrees(a.tags, None, "p") for a in participles):
            continue
        # "je les ai fait venir", "vu partir": before an infinitive the rule is not this one.
        after = _next_word(tokens, j)
        if after is not None and after == j + 1 and _has(lexicon, tokens[after].text, "Y"):
            continue
        yield _issue(
            tokens[j],
            _("the participle agrees with “les”, placed before “avoir”: plural."),
            lexicon.participle(tokens[j].text, ":p"),
            "les-participle",
        )


Rule = Callable[[list[Token], Lexicon], Iterator[Issue]]
RULES: tuple[Rule, ...] = (
    a_for_a_grave,
    ou_for_where,
    si_with_future,
    reflexive_participle,
    neuter_subject_attribute,
    fait_maison,
    avoir_besoin,
    tous_d_etre,
    de_adjective_noun,
    ont_for_on,
    les_avoir_participle,
)


def check_line(line: str, lexicon: Lexicon) -> list[Issue]:
    tokens = tokenize(line)
    return [issue for rule in RULES for issue in rule(tokens, lexicon)]
