import numpy as np
import pytest

from portevoix.listening.nlp import classify_sentiment, classify_with_lexicon, embedder
from portevoix.listening.nlp.heads import LABELS, Head, load_head


@pytest.fixture(scope="session")
def e5() -> None:
    # The model loads once per test process (≈0.3 s); a broken install fails here, loudly.
    assert embedder.available()


def test_it_classifies_clear_french_and_english_posts(e5: None) -> None:
    posts = [
        ("Merci à toute l'équipe, service impeccable et livraison rapide !", "fr", "positive"),
        ("Colis jamais reçu et personne ne répond, c'est une honte", "fr", "negative"),
        ("La boutique ouvre à 10 h samedi ?", "fr", "neutral"),
        ("C'est écoeurant! Meilleure poutine en ville", "fr", "positive"),
        ("Absolutely love the new update, great job!", "en", "positive"),
        ("Worst support ever, two hours on hold and they hung up", "en", "negative"),
        ("Is the store on Main Street open on Sundays?", "en", "neutral"),
    ]
    result = classify_sentiment([p[0] for p in posts], [p[1] for p in posts])
    assert [s.label for s in result] == [p[2] for p in posts]
    assert all(s.method == "e5" and -1 <= s.score <= 1 for s in result)
    assert result[0].score > 0.5 and result[1].score < -0.5


def test_it_returns_nothing_for_nothing_and_rejects_mismatched_languages(e5: None) -> None:
    assert classify_sentiment([], []) == []
    with pytest.raises(ValueError):
        classify_sentiment(["un", "deux"], ["fr"])


def test_it_falls_back_to_the_labelled_lexicon_without_the_embedder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unavailable(texts: object) -> None:
        raise embedder.EmbedderUnavailable("engine missing")

    monkeypatch.setattr(embedder, "embed", unavailable)
    result = classify_sentiment(
        ["Service nul, je suis très déçu", "I love it, wonderful!"], ["fr", "en"]
    )
    assert [(s.label, s.method) for s in result] == [
        ("negative", "lexicon"),
        ("positive", "lexicon"),
    ]
    assert classify_with_lexicon(["Le magasin ouvre à 10 h"], ["fr"])[0].label == "neutral"


def test_it_round_trips_a_head_through_json() -> None:
    head = load_head("porte-voix")
    again = Head.from_json(head.to_json())
    x = np.random.default_rng(0).normal(size=(4, 384))
    assert np.allclose(head.probabilities(x), again.probabilities(x))
    assert np.allclose(head.probabilities(x).sum(axis=1), 1)
    assert len(LABELS) == 3


def test_it_embeds_a_repeated_text_once(e5: None, monkeypatch: pytest.MonkeyPatch) -> None:
    embedder.clear_cache()
    model = embedder._get_model()
    passes: list[int] = []
    real = model.forward

    def counting_forward(batch: list[list[int]]) -> np.ndarray:
        passes.append(len(batch))
        return real(batch)

    monkeypatch.setattr(model, "forward", counting_forward)
    texts = ["Colis perdu https://t.co/a", "Colis perdu https://t.co/b", "Merci"]
    vectors = embedder.embed(texts)
    assert passes == [2]  # links out, then one embedding per distinct text, in one pass
    assert np.allclose(vectors[0], vectors[1]) and not np.allclose(vectors[0], vectors[2])
    assert np.allclose(embedder.embed(texts), vectors) and passes == [2]  # then from the cache
