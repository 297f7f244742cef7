"""The verb agrees with the subject's noun, not with its complement or an object pronoun."""

from __future__ import annotations

import pytest

from portevoix.quality.spelling.french import GrammalecteLexicon
from portevoix.quality.tests.french import flagged, lexicon

__all__ = ["lexicon"]

CAUGHT = [
    ("Les ateliers de poterie du jeudi recommence en mars.", "recommence", "recommencent"),
    ("Le prix des billets augmentent en janvier.", "augmentent", "augmente"),
    ("Une belle fin de semaine nous attends.", "attends", "attend"),
]

CORRECT = [
    "Les clients du café aiment nos scones.",
    "La semaine prochaine nous partons en vacances.",
    "Le lundi, nous fermons à midi.",
    "La plupart des clients viennent le matin.",
    "Cette semaine les cours reprennent.",
    "Le prix des billets augmente en janvier.",
    "La liste (avec les options des interfaces réseau) sera affichée.",
]


@pytest.mark.parametrize(("text", "wrong", "suggestion"), CAUGHT)
def test_it_agrees_the_verb_with_the_head_noun(
    lexicon: GrammalecteLexicon, text: str, wrong: str, suggestion: str
) -> None:
    rule, suggestions = flagged(text, lexicon)[wrong]
    assert rule == "subject-verb"
    assert suggestion in suggestions


@pytest.mark.parametrize("text", CORRECT)
def test_it_leaves_agreeing_verbs_alone(lexicon: GrammalecteLexicon, text: str) -> None:
    assert flagged(text, lexicon) == {}
