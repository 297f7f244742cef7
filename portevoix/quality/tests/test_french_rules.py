"""The French rules after Grammalecte: each finds its confusion and leaves alone the correct
sentences that look like it."""

from __future__ import annotations

import pytest

from portevoix.quality.spelling import french_rules
from portevoix.quality.spelling.french import GrammalecteLexicon
from portevoix.quality.tests.french import flagged, lexicon

__all__ = ["lexicon"]


CAUGHT = [
    ("Merci a nos partenaires pour cette collaboration !", "a", "a-preposition", "à"),
    ("Bienvenue a Julie dans l'équipe.", "a", "a-preposition", "à"),
    ("Venez nombreux a notre fête de quartier.", "a", "a-preposition", "à"),
    ("C'est là ou tout a commencé.", "ou", "ou-where", "où"),
    ("Le jour ou nous avons ouvert, il pleuvait.", "ou", "ou-where", "où"),
    ("D'ou vient notre café ?", "ou", "ou-where", "où"),
    ("Si vous aurez des questions, écrivez-nous.", "aurez", "si-future", "avez"),
    ("Si vous auriez des questions, écrivez-nous.", "auriez", "si-future", "aviez"),
    ("Et s'il pleuvra samedi, la fête aura lieu dedans.", "pleuvra", "si-future", "pleut"),
    ("Elle s'est occupé de la campagne du festival.", "occupé", "reflexive-participle", "occupée"),
    ("Ils se sont chargé de tout.", "chargé", "reflexive-participle", "chargés"),
    (
        "Rien de tout cela ne serait possibles sans vous.",
        "possibles",
        "neuter-attribute",
        "possible",
    ),
    ("Goûtez nos chaussons fait maison.", "fait", "fait-maison", "faits"),
    ("Une tarte fait maison chaque matin.", "fait", "fait-maison", "faite"),
    ("Nous avons besoins de votre avis.", "besoins", "avoir-besoin", "besoin"),
    ("Merci à tous d'être venu hier soir.", "venu", "tous-participle", "venus"),
    ("Merci à toutes de vous être inscrit.", "inscrit", "tous-participle", "inscrites"),
    ("Une année pleine de belles rencontre.", "rencontre", "de-adjective-noun", "rencontres"),
    ("Ils sont partis, mais ont reviendra.", "ont", "ont-on", "on"),
    ("Vos messages, nous les avons vu.", "vu", "les-participle", "vus"),
]


@pytest.mark.parametrize(("text", "wrong", "rule", "suggestion"), CAUGHT)
def test_it_catches_the_confusion(
    lexicon: GrammalecteLexicon, text: str, wrong: str, rule: str, suggestion: str
) -> None:
    found = flagged(text, lexicon)
    assert wrong in found, found
    assert found[wrong][0] == rule
    assert suggestion in found[wrong][1]


CORRECT = [
    # a / à
    "Votre bienvenue a touché toute l'équipe.",
    "Merci à nos partenaires pour cette collaboration !",
    "Le merci a été entendu.",
    # ou / où
    "Venez le matin ou le soir, comme vous voulez.",
    "C'est maintenant ou jamais.",
    "Ici ou là, on trouve nos cafés.",
    "Passez là ou ailleurs.",
    "Le jour où nous avons ouvert, il pleuvait.",
    # si + futur: an indirect question, or "même si" conceding a fact
    "Je me demande si vous aurez le temps.",
    "Dites-nous si vous viendrez samedi.",
    "Même si cela ne devrait pas arriver, gardez votre reçu.",
    "Si vous avez des questions, écrivez-nous.",
    # reflexive verbs whose pronoun is not the object
    "Elle s'est permis de nous écrire.",
    "Elle s'est occupée de tout.",
    "Nous nous sommes occupés des invités.",
    # attribute of a neuter subject
    "Rien ne serait possible sans vous.",
    "Ce ne sont pas les mêmes.",
    # fait maison
    "Nos biscuits faits maison.",
    "Notre pain fait maison.",
    "Des tartes faites maison.",
    # avoir besoin
    "Nous avons besoin de votre avis.",
    "Vos besoins de formation sont notre priorité.",
    # tous d'être
    "Merci à tous d'être venus.",
    "Merci à toutes d'être venues.",
    # de + adjective + noun
    "Une année pleine de belles rencontres.",
    "Une liste de paires mot-clé=valeur.",
    "Il parle de grand projet en réunion.",
    # ont / on
    "Ils ont fait un don.",
    "Nos clients ont adoré, on les remercie.",
    "Elles ont lieu tous les jeudis.",
    # les + avoir + participle
    "Je les ai fait cuire au four.",
    "Nous les avons vus hier.",
    "Vos messages, nous les avons tous lus.",
]


@pytest.mark.parametrize("text", CORRECT)
def test_it_leaves_correct_sentences_alone(lexicon: GrammalecteLexicon, text: str) -> None:
    assert flagged(text, lexicon) == {}


def test_it_reads_typographic_apostrophes(lexicon: GrammalecteLexicon) -> None:
    found = flagged("Elle s’est occupé de tout, merci a elle.", lexicon)
    assert found["occupé"][0] == "reflexive-participle"
    assert found["a"][0] == "a-preposition"


def test_it_splits_elisions_but_not_words_with_apostrophes() -> None:
    tokens = [t.norm for t in french_rules.tokenize("Jusqu’à aujourd'hui, qu'on s'aime.")]
    assert tokens == ["jusqu'", "à", "aujourd'hui", ",", "qu'", "on", "s'", "aime", "."]
