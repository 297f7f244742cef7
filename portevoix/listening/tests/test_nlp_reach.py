from hypothesis import given
from hypothesis import strategies as st

from portevoix.listening.nlp import reach_score
from portevoix.listening.nlp.reach import SOURCE_WEIGHTS

counts = st.integers(min_value=0, max_value=10**10)
sources = st.sampled_from([*SOURCE_WEIGHTS, "", "unknown-platform"])


@given(counts, counts, sources)
def test_it_stays_within_0_and_100(followers: int, engagement: int, source: str) -> None:
    assert 0 <= reach_score(followers, engagement, source) <= 100
    assert 0 <= reach_score(None, None, source) <= 100


@given(counts, counts, counts, sources)
def test_it_grows_with_followers_and_engagement(
    a: int, b: int, engagement: int, source: str
) -> None:
    low, high = sorted((a, b))
    assert reach_score(low, engagement, source) <= reach_score(high, engagement, source)
    assert reach_score(engagement, low, source) <= reach_score(engagement, high, source)


def test_it_weighs_sources_and_scales_followers_logarithmically() -> None:
    assert reach_score(10_000, 100, "news") > reach_score(10_000, 100, "x")
    assert reach_score(10_000, 100, "x") > reach_score(10_000, 100, "forum")
    assert reach_score(0, 0, "news") == 0
    assert reach_score(10**9, 10**9, "news") == 100
    # Ten times the followers adds a step, not ten times the score.
    assert reach_score(100_000, None, "x") < 1.5 * reach_score(10_000, None, "x")


def test_it_scores_missing_inputs_from_the_source() -> None:
    assert reach_score(source="news") > reach_score(source="forum") > 0
    assert reach_score() == reach_score(source="somewhere-new")
