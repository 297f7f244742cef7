"""Infinitives where a conjugated form or a participle was written, and the reverse."""

from __future__ import annotations

import pytest

from portevoix.quality.spelling.french import GrammalecteLexicon
from portevoix.quality.tests.french import flagged, lexicon

__all__ = ["lexicon"]

CAUGHT = [
    ("Vous pouvez réservé dès maintenant.", "réservé", "infinitive-after-verb", "réserver"),
    ("Il faut commandé avant midi.", "commandé", "infinitive-after-verb", "commander"),
    ("Veuillez consultez notre site.", "consultez", "infinitive-after-verb", "consulter"),
    ("Nos prix vont changé en janvier.", "changé", "infinitive-after-verb", "changer"),
    ("Venez nous rencontré au salon.", "rencontré", "infinitive-after-verb", "rencontrer"),
    (
        "Si vous chercher un cadeau, pensez à nos paniers.",
        "chercher",
        "vous-infinitive",
        "cherchez",
    ),
    (
        "Quand vous nous commander un gâteau, précisez l'heure.",
        "commander",
        "vous-infinitive",
        "commandez",
    ),
    ("Il reste trois places, réserver vite !", "réserver", "infinitive-imperative", "réservez"),
]

CORRECT = [
    "Venez déguisés à la fête !",
    "Venez nombreux samedi !",
    "Vous pouvez commander en ligne.",
    "Pour vous inscrire, écrivez-nous.",
    "Merci de vous inscrire avant vendredi.",
    "Nous aimerions vous voir et vous remercier.",
    "Comment vous inscrire ?",
    "Le mot de passe est chiffré puis comparé avec celui enregistré.",
    "Nous sommes allés au marché.",
    "Vous êtes passés nous voir hier.",
    "Réserver avant le 5 mai sur notre site.",
    "Il peut être utile de réserver.",
]


@pytest.mark.parametrize(("text", "wrong", "rule", "suggestion"), CAUGHT)
def test_it_finds_the_wrong_verb_form(
    lexicon: GrammalecteLexicon, text: str, wrong: str, rule: str, suggestion: str
) -> None:
    found_rule, suggestions = flagged(text, lexicon)[wrong]
    assert found_rule == rule
    assert suggestion in suggestions


@pytest.mark.parametrize("text", CORRECT)
def test_it_leaves_correct_verb_forms_alone(lexicon: GrammalecteLexicon, text: str) -> None:
    assert flagged(text, lexicon) == {}
