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
