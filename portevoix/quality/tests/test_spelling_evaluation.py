"""The labelled posts are well formed, and every checker keeps its precision and recall."""

from __future__ import annotations

import pytest

from portevoix.quality import evaluate

# nlp.md's figures (evaluate.TARGETS) hold for Harper, for our French checker on the first two
# French sets and on all three together. On the third set, written before the rules for
# agreement across a complement, "et"/"est" and infinitives (their first run there: 0.93 /
# 0.78; the subject-verb rule came after it), recall is below the target: that floor is what
# it measures, for a change that loses ground to fail.
# Hunspell's fallback is measured by `python -m portevoix.quality.evaluate`, not here.
FLOORS = {
    ("fr", "grammalecte", "spelling_fr"): evaluate.TARGETS["fr", "grammalecte"],
    ("fr", "grammalecte", "spelling_fr_heldout"): evaluate.TARGETS["fr", "grammalecte"],
    ("fr", "grammalecte", "spelling_fr_third"): (0.91, 0.81),
    ("fr", "grammalecte", "all"): evaluate.TARGETS["fr", "grammalecte"],
    ("en", "harper", "all"): evaluate.TARGETS["en", "harper"],
}


@pytest.mark.parametrize("name", [name for names in evaluate.SETS.values() for name in names])
def test_it_keeps_well_formed_labelled_posts(name: str) -> None:
    posts = evaluate.load_set(name)
    assert len({post["id"] for post in posts}) == len(posts)
    for post in posts:
        for error in post["errors"]:
            assert post["text"][error["start"] : error["end"]] == error["text"]
            assert error["correction"] != error["text"]


@pytest.mark.parametrize("language", list(evaluate.SETS))
def test_it_has_enough_posts_with_and_without_errors(language: str) -> None:
    posts = evaluate.load(language)
    with_errors = [post for post in posts if post["errors"]]
    assert len(with_errors) >= 40
    assert len(posts) - len(with_errors) >= 20  # clean posts: what precision is about


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str, str], evaluate.Score]:
    only = {(language, checker) for language, checker, _set in FLOORS}
    return {
        (s.language, s.checker, s.labelled): s for s in evaluate.evaluate(timed=False, only=only)
    }


@pytest.mark.parametrize("key", list(FLOORS), ids=["-".join(key) for key in FLOORS])
def test_it_keeps_precision_and_recall(scores: dict, key: tuple[str, str, str]) -> None:
    precision, recall = FLOORS[key]
    score = scores[key]
    # Compared as the table shows them, to two decimals (26/39 is nlp.md's 0.67).
    assert round(score.precision, 2) >= precision, evaluate.table([score])
    assert round(score.recall, 2) >= recall, evaluate.table([score])
