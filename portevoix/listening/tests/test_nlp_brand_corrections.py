import json

import pytest

from portevoix.listening.nlp import (
    BrandSentimentModel,
    classify_mentions,
    classify_sentiment,
    embedder,
)


@pytest.fixture(scope="session")
def e5() -> None:
    assert embedder.available()


CORRECTED = "Cette descente est sick, de la poudreuse partout"
SIMILAR = "Cette descente est vraiment sick, de la poudreuse partout !"
UNRELATED = "Le télésiège est en panne depuis ce matin, on gèle"


def test_it_learns_a_brands_corrections_and_leaves_other_brands_alone(e5: None) -> None:
    ski_resort = BrandSentimentModel()
    other_brand = BrandSentimentModel()
    before = classify_sentiment([SIMILAR, UNRELATED], ["fr", "fr"], ski_resort)
    assert before[0].label != "positive"  # the shared heads miss "sick" as praise

    ski_resort.add_correction(CORRECTED, "positive")
    # Stored as JSON by the listening app, then read back.
    stored = BrandSentimentModel.from_json(json.loads(json.dumps(ski_resort.to_json())))

    after = classify_sentiment([SIMILAR, UNRELATED], ["fr", "fr"], stored)
    assert (after[0].label, after[0].method) == ("positive", "brand")
    assert after[1] == before[1]  # an unrelated post keeps the heads' answer
    untouched = classify_sentiment([SIMILAR], ["fr"], other_brand)
    assert untouched[0] == before[0]


def test_it_lets_a_later_majority_of_corrections_win(e5: None) -> None:
    model = BrandSentimentModel()
    vector = embedder.embed([CORRECTED])[0]
    model.add_correction(vector, "negative")
    model.add_correction(CORRECTED + " !", "positive")
    model.add_correction(CORRECTED + " !!", "positive")
    assert classify_sentiment([SIMILAR], ["fr"], model)[0].label == "positive"


def test_it_refuses_bad_labels_embeddings_and_formats() -> None:
    model = BrandSentimentModel()
    with pytest.raises(ValueError):
        model.add_correction([0.0] * 384, "furious")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        model.add_correction([1.0, 2.0], "positive")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        BrandSentimentModel.from_json({"version": 99, "dim": 384, "corrections": []})
    assert len(BrandSentimentModel.from_json(None)) == 0


def test_it_reads_each_mention_of_a_mixed_batch_with_its_own_brand(e5: None) -> None:
    ski_resort = BrandSentimentModel()
    ski_resort.add_correction(CORRECTED, "positive")
    other_brand = BrandSentimentModel()
    texts = [SIMILAR, SIMILAR, UNRELATED]
    mixed = classify_mentions(texts, ["fr"] * 3, [ski_resort, other_brand, ski_resort])
    assert [s.method for s in mixed] == ["brand", "e5", "e5"]
    assert mixed[1] == classify_sentiment([SIMILAR], ["fr"], other_brand)[0]
    with pytest.raises(ValueError):
        classify_mentions(texts, ["fr"] * 3, [ski_resort])
