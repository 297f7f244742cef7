"""Verb forms: mood and tense after "si", "avoir besoin de", infinitives."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from portevoix.quality.spelling.french_words import (
    ADVERBS,
    AVOIR,
    CLITICS,
    SUBJECT_PERSON,
    Lexicon,
    Token,
    _is_verb,
    _issue,
    _next_word,
    _same_case,
    _tags,
    _words,
    clause_start,
)
from portevoix.quality.spelling.issue import Issue

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


# --- infinitives --------------------------------------------------------------------------

# Verbs followed by an infinitive: "vous pouvez commander", "on va goûter", "il faut réserver".
MODALS = _words("pouvoir vouloir devoir aller falloir")
FINITE = frozenset({"Ip", "Iq", "If", "Is", "K", "Sp", "Sq", "E"})
OBJECT_CLITICS = _words("le la l' les me m' te t' se s' nous vous lui leur y en")


def _first_group(lexicon: Lexicon, token: Token, *forms: str) -> str | None:
    """The infinitive of `token` when every reading of it is a verb in -er in one of `forms`
    (tags: "Q" a participle, "2p" a second person plural…)."""
    readings = lexicon.analyses(token.text)
    if not readings:
        return None
    lemmas = {a.lemma for a in readings}
    if len(lemmas) != 1 or not all(_is_verb(a.tags) and set(forms) & a.tags for a in readings):
        return None
    lemma = lemmas.pop()
    return lemma if lemma.endswith("er") and lemma != "aller" else None


def _finite_of(lexicon: Lexicon, token: Token, lemmas: frozenset[str]) -> bool:
    return any(a.lemma in lemmas and FINITE & a.tags for a in lexicon.analyses(token.text))


def infinitive_after_verb(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "Vous pouvez commandez", "il faut réservé", "venez les goûtés": after a modal verb, or
    after "venir" and an object pronoun, an -er verb is an infinitive.

    "Venir" alone may take an attribute ("Venez déguisés !"): only with a pronoun between.
    """
    for i, token in enumerate(tokens):
        if token.norm == "puis":  # "puis comparé": the adverb, not "je puis"
            continue
        modal = _finite_of(lexicon, token, MODALS)
        if not modal and not _finite_of(lexicon, token, frozenset({"venir"})):
            continue
        j = i + 1
        clitics = 0
        while j < len(tokens) and tokens[j].norm in OBJECT_CLITICS | ADVERBS:
            clitics += tokens[j].norm in OBJECT_CLITICS
            j += 1
        if j >= len(tokens) or not tokens[j].is_word or (not modal and not clitics):
            continue
        infinitive = _first_group(lexicon, tokens[j], "Q", "2p")
        if infinitive is None:
            continue
        yield _issue(
            tokens[j],
            _("after “%(verb)s”, use the infinitive.") % {"verb": token.text},
            [_same_case(tokens[j].text, infinitive)],
            "infinitive-after-verb",
        )


# Where "vous" is the subject of the verb that follows: at the head of a sentence or after a
# conjunction that opens a clause ("Si vous passez par…"). Not after "pour", "de", "et"…,
# where "vous" is the object of an infinitive ("pour vous inscrire").
SUBJECT_OPENERS = _words("si quand lorsque lorsqu' comme puisque puisqu' où")


def infinitive_for_conjugated(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "Si vous passer par le Vieux-Québec": an infinitive after the subject "vous"."""
    for i, token in enumerate(tokens):
        if token.norm != "vous":
            continue
        if not (clause_start(tokens, i) or (i and tokens[i - 1].norm in SUBJECT_OPENERS)):
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].norm in OBJECT_CLITICS - {"vous"}:
            j += 1
        if j >= len(tokens) or not tokens[j].is_word:
            continue
        infinitive = _first_group(lexicon, tokens[j], "Y")
        if infinitive is None:
            continue
        yield _issue(
            tokens[j],
            _("after the subject “vous”, conjugate the verb."),
            lexicon.conjugate(tokens[j].text, ":Ip", ":2p"),
            "vous-infinitive",
        )


URGING = _words("vite nombreux nombreuses rapidement")


def infinitive_for_imperative(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "Réserver vite !": an infinitive urged at the reader is an imperative, "réservez"."""
    for i in range(len(tokens) - 2):
        if not tokens[i].is_word or tokens[i + 1].norm not in URGING:
            continue
        if tokens[i + 2].text != "!" or not (clause_start(tokens, i) or tokens[i - 1].text == ","):
            continue
        if _first_group(lexicon, tokens[i], "Y") is None:
            continue
        yield _issue(
            tokens[i],
            _("to ask the reader to act, use the imperative."),
            lexicon.conjugate(tokens[i].text, ":E", ":2p"),
            "infinitive-imperative",
        )
