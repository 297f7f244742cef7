"""The labelled posts are well formed, and every checker keeps its precision and recall."""

from __future__ import annotations

import pytest

from portevoix.quality import evaluate

# nlp.md's figures for Harper hold on our English set. Grammalecte does not reach nlp.md's
# French figures (0.91 / 0.84) on our set: it misses real-word errors ("nos chaussons fait
# maison", "ou" for "où", "Ces" for "Ses"). The floor is what it measures today, so that a
# change to the masking or the options that loses ground fails here.
# Hunspell's fallback is measured by `python -m portevoix.quality.evaluate`, not here: its
# suggestions cost a quarter of a second per unknown French word.
FLOORS = {
    ("fr", "grammalecte"): (0.85, 0.68),
    ("en", "harper"): evaluate.TARGETS["en", "harper"],
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_keeps_well_formed_labelled_posts(language: str) -> None:
    posts = evaluate.load(language)
    with_errors = [post for post in posts if post["errors"]]
    assert len(with_errors) >= 40
    assert len(posts) - len(with_errors) >= 20  # clean posts: what precision is about
    for post in posts:
        for error in post["errors"]:
            assert post["text"][error["start"] : error["end"]] == error["text"]
            assert error["correction"] != error["text"]


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], evaluate.Score]:
    return {(s.language, s.checker): s for s in evaluate.evaluate(timed=False, only=set(FLOORS))}


@pytest.mark.parametrize("key", list(FLOORS), ids=["-".join(key) for key in FLOORS])
def test_it_keeps_precision_and_recall(scores: dict, key: tuple[str, str]) -> None:
    precision, recall = FLOORS[key]
    score = scores[key]
    # Compared as the table shows them, to two decimals (26/39 is nlp.md's 0.67).
    assert round(score.precision, 2) >= precision, evaluate.table([score])
    assert round(score.recall, 2) >= recall, evaluate.table([score])
