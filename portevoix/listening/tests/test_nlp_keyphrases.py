import pytest

from portevoix.listening.nlp import keyphrases


def test_it_extracts_french_keyphrases_without_links_or_handles() -> None:
    text = (
        "Service client injoignable depuis une semaine chez @Bell, la fibre optique est "
        "encore en panne à Montréal #panne https://t.co/abc"
    )
    phrases = keyphrases(text, "fr")
    assert 0 < len(phrases) <= 5
    assert "fibre optique" in phrases
    assert not any("http" in p or "t.co" in p or "@" in p or "#" in p for p in phrases)
    assert all(p.lower() not in ("la", "est", "une") for p in phrases)


def test_it_extracts_english_keyphrases_and_drops_contained_ones() -> None:
    phrases = keyphrases(
        "The new update drains my battery and the battery app keeps crashing", "en", n=3
    )
    assert len(phrases) <= 3 and any("battery" in p for p in phrases)
    words = [set(p.lower().split()) for p in phrases]
    assert not any(a < b for a in words for b in words)


def test_it_returns_nothing_for_empty_text() -> None:
    assert keyphrases("https://t.co/x @someone", "fr") == []
    assert keyphrases("Bonjour tout le monde", "fr", n=0) == []


def test_it_measures_similarity_as_yake_does() -> None:
    from yake.core.Levenshtein import Levenshtein

    from portevoix.listening.nlp.keyphrases import similarity

    words = ["service client", "service clients", "livraison rapide", "a", "équipe", "equipe"]
    for a in words:
        for b in words:
            assert similarity(a, b) == pytest.approx(Levenshtein.ratio(a, b))
