"""Bluesky counts graphemes and bytes, and facets point at UTF-8 byte offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portevoix.connectors.base import Draft, Media
from portevoix.connectors.bluesky import text
from portevoix.connectors.bluesky.connector import BlueskyConnector


def test_it_counts_a_family_emoji_as_one_grapheme() -> None:
    assert text.grapheme_count("👩‍👩‍👧") == 1
    assert text.grapheme_count("e\u0301") == 1  # e + combining acute accent
    assert text.byte_length("👩‍👩‍👧") == 18


def test_it_finds_links_mentions_and_tags_at_byte_offsets() -> None:
    post = "Café ✨ @bob.test voir https://exemple.fr/a?b=1, #Automne! #2024 #café_lumière."
    spans = text.find_spans(post)
    encoded = post.encode()
    assert [(s.kind, encoded[s.start : s.end].decode()) for s in spans] == [
        ("mention", "@bob.test"),
        ("link", "https://exemple.fr/a?b=1"),
        ("tag", "#Automne"),
        ("tag", "#café_lumière"),
    ]


def test_it_leaves_an_at_sign_inside_a_url_to_the_link() -> None:
    spans = text.find_spans("Voir https://mastodon.social/@cafe.lumiere et merci")
    assert [s.kind for s in spans] == ["link"]


@given(st.text(max_size=40), st.text(alphabet="abcdefghij", min_size=1, max_size=10))
def test_it_points_a_tag_facet_at_the_tag_whatever_comes_before(prefix: str, tag: str) -> None:
    post = f"{prefix} #{tag}"
    tags = [s for s in text.find_spans(post) if s.kind == "tag" and s.value == tag]
    assert tags
    assert post.encode()[tags[-1].start : tags[-1].end] == f"#{tag}".encode()


@given(st.text(min_size=1, max_size=60))
def test_it_derives_a_valid_stable_tid_from_any_key(key: str) -> None:
    rkey = text.record_key(key)
    assert text.is_tid(rkey)
    assert rkey == text.record_key(key)


def test_it_gives_different_keys_different_record_keys() -> None:
    assert len({text.record_key(f"target-{n}") for n in range(2000)}) == 2000


def test_it_reports_every_problem_at_once() -> None:
    connector = BlueskyConnector.__new__(BlueskyConnector)
    big = Media("big.tiff", "image/tiff", 2_000_000)
    draft = Draft(text="é" * 1600, media=(big,) * 5)
    codes = {i.code for i in connector.validate(draft, BlueskyConnector.default_limits)}
    assert codes == {
        "too_long",
        "too_many_bytes",
        "too_many_media",
        "media_type",
        "media_too_large",
        "alt_text_missing",
    }
    fine = Draft(text="👩‍👩‍👧" * 150)  # 150 graphemes, 2,700 bytes
    assert connector.validate(fine, BlueskyConnector.default_limits) == []
