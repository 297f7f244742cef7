""" "et" for "est": a subject, "et", then an attribute that agrees with it."""

from __future__ import annotations

import pytest

from portevoix.quality.spelling.french import GrammalecteLexicon
from portevoix.quality.tests.french import flagged, lexicon

__all__ = ["lexicon"]

CAUGHT = [
    ("Notre boutique et enfin rouverte !", "est"),
    ("La salle de réception et complète, mais il reste des places en bas.", "est"),
    ("L'équipe de la brasserie Lachine et fière de vous présenter sa bière.", "est"),
    ("Le marché de Noël et très attendu.", "est"),
    ("Nos bureaux et fermés.", "sont"),
]

CORRECT = [
    "Le café et le croissant sont offerts.",
    "Une équipe jeune et dynamique vous attend.",
    "Le directeur et fondateur de l'agence sera là.",
    "Notre boutique est ouverte et accueillante.",
    "Les croissants et chocolatines sont sortis du four.",
    "Le thé vert et noir est en promotion.",
    "Le pain et beurre du matin.",
    "Nos clients et amis sont invités.",
    "La boutique et ses vitrines décorées.",
]


@pytest.mark.parametrize(("text", "verb"), CAUGHT)
def test_it_finds_et_for_est(lexicon: GrammalecteLexicon, text: str, verb: str) -> None:
    assert flagged(text, lexicon)["et"] == ("et-est", (verb,))


@pytest.mark.parametrize("text", CORRECT)
def test_it_leaves_et_between_two_words_alone(lexicon: GrammalecteLexicon, text: str) -> None:
    assert "et" not in flagged(text, lexicon)
