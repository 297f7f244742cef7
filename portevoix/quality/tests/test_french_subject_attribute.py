"""The attribute after "être" agrees with the subject's noun, across its complements."""

from __future__ import annotations

import pytest

from portevoix.quality.spelling.french import GrammalecteLexicon
from portevoix.quality.tests.french import flagged, lexicon

__all__ = ["lexicon"]

CAUGHT = [
    ("La nouvelle carte des desserts est arrivé !", "arrivé", "arrivée"),
    ("Le gagnant du tirage de Noël sera annoncée lundi.", "annoncée", "annoncé"),
    ("Les photos de la soirée sont publié sur notre page.", "publié", "publiées"),
    ("Cette liste est utilisé pour les envois.", "utilisé", "utilisée"),
    ("Nos équipes se sont préparés pour la rentrée.", "préparés", "préparées"),
    ("Les billets du concert ont été vendu en une heure.", "vendu", "vendus"),
]

CORRECT = [
    "La carte des vins est arrivée.",
    "Le gagnant du concours sera tiré au sort.",
    "La plupart des clients sont ravis.",
    "Une dizaine de bénévoles sont venus.",
    "Les valeurs drapeau sont protégées.",
    "Le répertoire cible est créé au besoin.",
    "Les options non prises en charge sont ignorées.",
    "Elles se sont parlé hier soir.",
    "Ils se sont offert un voyage.",
    "Elles se sont permis de refuser.",
    "Notre directrice est partie à Paris.",
    "La bibliothèque nécessaire au programme a été trouvée.",
    "Le mot de passe est chiffré.",
]


@pytest.mark.parametrize(("text", "wrong", "suggestion"), CAUGHT)
def test_it_agrees_with_the_head_noun(
    lexicon: GrammalecteLexicon, text: str, wrong: str, suggestion: str
) -> None:
    rule, suggestions = flagged(text, lexicon)[wrong]
    assert rule == "subject-attribute"
    assert suggestion in suggestions


@pytest.mark.parametrize("text", CORRECT)
def test_it_leaves_agreeing_attributes_alone(lexicon: GrammalecteLexicon, text: str) -> None:
    assert flagged(text, lexicon) == {}
