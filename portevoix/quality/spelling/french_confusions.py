"""Confusions between words that sound alike: a/à, ou/où, ont/on, et/est."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from portevoix.quality.spelling.french_words import (
    ADVERBS,
    CLITICS,
    DETERMINERS,
    SUBJECT_PERSON,
    Lexicon,
    Token,
    _agrees,
    _has,
    _issue,
    _next_word,
    _participles,
    _same_case,
    _tags,
    _words,
    clause_start,
    subject_phrase,
)
from portevoix.quality.spelling.issue import Issue

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


# --- et → est -----------------------------------------------------------------------------

# Adverbs between "est" and its attribute ("est enfin ouverte", "est très fière").
BEFORE_ATTRIBUTE = ADVERBS | _words(
    "très si tellement trop enfin maintenant désormais officiellement"
)
# What may follow an attribute: "ravie de vous annoncer", "complet, mais…".
AFTER_ATTRIBUTE = _words("de d' à pour par en dans sur avec chez du des au aux")


def et_for_est(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "Notre terrasse et enfin ouverte": a subject, "et", then an adjective or participle
    that agrees with it and ends the clause makes "et" the verb "est".

    Not between two adjectives ("une équipe jeune et dynamique": the word before "et" may
    not be an adjective) nor two nouns ("le directeur et fondateur de…": a word that is only
    a noun must end the clause; "fière de…" is also an adjective).
    """
    for start in range(len(tokens)):
        if not clause_start(tokens, start):
            continue
        subject = subject_phrase(tokens, start, lexicon)
        if subject is None or subject.end >= len(tokens) or tokens[subject.end].norm != "et":
            continue
        last = tokens[subject.end - 1]
        if not last.text[:1].isupper() and _has(lexicon, last.text, "A"):
            continue
        j = _next_word(tokens, subject.end, BEFORE_ATTRIBUTE)
        if j is None or tokens[j].norm in DETERMINERS:
            continue
        readings = _tags(lexicon, tokens[j].text)
        attributes = [t for t in readings if {"A", "Q"} & t]
        if not attributes or not any(
            _agrees(t, subject.gender, subject.number) for t in attributes
        ):
            continue
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        ends = after is None or not after.is_word
        if not ends and (after is None or after.norm not in AFTER_ATTRIBUTE):
            continue
        if not ends and any("N" in t and not {"A", "Q"} & t for t in readings):
            continue
        verb = "est" if subject.number == "s" else "sont"
        yield _issue(
            tokens[subject.end],
            _(
                "before an adjective or a participle that describes the subject, the verb is “%(verb)s”."
            )
            % {"verb": verb},
            [verb],
            "et-est",
        )
