"""The French checker around Grammalecte: our lexicon beside its own, its false alarms on
proper names and set phrases dropped, and one finding per problem."""

from __future__ import annotations

from django.utils import translation

from portevoix.quality.spelling import backends, check_spelling


def spans(text: str) -> list[str]:
    return [text[f.start : f.end] for f in check_spelling(text, ("fr",))]


def test_it_knows_the_words_of_our_lexicon_with_their_gender_and_number() -> None:
    assert spans("Notre granola et notre chaï épicé sont faits ici.") == []
    text = "Goûtez nos granola maison."
    [finding] = check_spelling(text, ("fr",))
    assert text[finding.start : finding.end] == "granola"
    assert "granolas" in finding.suggestions


def test_it_accepts_our_lexicon_without_grammalecte_too() -> None:
    hunspell = backends.HunspellChecker("fr")
    assert hunspell.check("Un chaï et un granola.") == []


def test_it_does_not_read_a_proper_name_as_an_adjective() -> None:
    # Grammalecte wants "l'agence Boréale" (and "agencé"): Boréal is the agency's name.
    assert spans("L'agence Boréal vous souhaite une excellente année.") == []
    # …but still checks the agreement of common nouns, and names at a sentence's start.
    assert spans("Les enfant de l'agence Boréal sont là.") == ["enfant"]


def test_it_knows_event_names() -> None:
    assert spans("Venez à notre journée portes ouvertes samedi.") == []


def test_it_reports_each_problem_once() -> None:
    # Grammalecte knows "grâce à", and so does our a/à rule: one finding.
    text = "Grâce a vous, la collecte est un succès."
    [finding] = check_spelling(text, ("fr",))
    assert finding.checker == "grammalecte"
    assert text[finding.start : finding.end] == "a"


def test_it_explains_its_own_rules_in_the_users_language() -> None:
    text = "Merci a nos partenaires !"
    with translation.override("fr"):
        [finding] = check_spelling(text, ("fr",))
    assert finding.suggestions == ("à",)
    assert (
        finding.detail
        == "après « Merci », écrivez la préposition « à » (« a » est le verbe avoir)."
    )
    with translation.override("en"):
        [finding] = check_spelling(text, ("fr",))
    assert finding.detail.startswith("after “Merci”, write the preposition “à”")
