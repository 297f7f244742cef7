"""Properties of the counting units on Unicode edges: combining marks, ZWJ emoji, flags,
surrogates, CJK."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from portevoix.connectors.base import CountUnit
from portevoix.connectors.counting import (
    characters,
    graphemes,
    mastodon_length,
    utf8_bytes,
    utf16_units,
    x_weighted_length,
)
from portevoix.quality.text_checks import fitting_prefix

EDGES = st.sampled_from(
    [
        "e\u0301",  # a combining accent
        "\u0915\u094d\u0937",  # Devanagari conjunct
        "👨\u200d👩\u200d👧",  # ZWJ sequence
        "🙋🏽",  # skin tone modifier
        "🇫🇷",  # flag (regional indicators)
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # tag sequence
        "1\ufe0f\u20e3",  # keycap
        "故",
        "あ",
        "한",
        "\u200b",
        "a",
        " ",
        "\n",
    ]
)
# The first call compiles the link pattern (all of the IANA TLDs): no per-example deadline.
edges = settings(deadline=None, max_examples=60)

TEXTS = st.lists(st.one_of(EDGES, st.text(max_size=5)), max_size=20).map("".join)


@edges
@given(TEXTS)
def test_it_orders_the_units(text: str) -> None:
    assert graphemes(text) <= characters(text) <= utf16_units(text) <= utf8_bytes(text)
    assert utf8_bytes(text) <= 4 * characters(text)


@edges
@given(TEXTS)
def test_it_counts_utf16_as_code_points_plus_astral_ones(text: str) -> None:
    astral = sum(ord(ch) > 0xFFFF for ch in text)
    assert utf16_units(text) == characters(text) + astral


@edges
@given(TEXTS)
def test_it_weighs_the_same_text_the_same_whatever_its_normal_form(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert x_weighted_length(nfd) == x_weighted_length(text)


@edges
@given(TEXTS.filter(lambda t: "." not in t))
def test_it_weighs_each_code_point_at_most_twice_without_links(text: str) -> None:
    normalized = unicodedata.normalize("NFC", text)
    assert x_weighted_length(text) <= 2 * len(normalized)
    assert (x_weighted_length(text) == 0) == (text == "")


@edges
@given(TEXTS.filter(lambda t: "@" not in t and "." not in t))
def test_it_counts_mastodon_as_characters_without_links_or_mentions(text: str) -> None:
    assert mastodon_length(text) == characters(text)


@edges
@given(st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3))
def test_it_counts_lone_surrogates_without_crashing(text: str) -> None:
    assert utf8_bytes(text) == 3 * len(text)
    assert utf16_units(text) == len(text)


@edges
@given(TEXTS, st.integers(min_value=0, max_value=40), st.sampled_from(list(CountUnit)))
def test_it_cuts_where_the_text_stops_fitting(text: str, limit: int, unit: CountUnit) -> None:
    from portevoix.connectors.counting import count

    cut = fitting_prefix(text, unit, limit)
    assert count(text[:cut], unit) <= limit
    assert (cut == len(text)) == (count(text, unit) <= limit)
