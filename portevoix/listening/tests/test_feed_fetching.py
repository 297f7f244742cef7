"""Feeds are read with conditional GET, and every bad feed is an error, not a crash."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portevoix.listening.feeds import FeedError, fetch_feed
from portevoix.listening.tests.feedserver import add_item, feed_server


@pytest.fixture
def server() -> Iterator[str]:
    with feed_server() as url:
        yield url


def test_it_reads_rss_entries_as_text(server: str) -> None:
    add_item("Café Lumière", "Un <b>excellent</b> café &amp; des croissants", "https://news.test/a")
    result = fetch_feed(server + "/feed.xml")
    [entry] = result.entries
    assert entry.title == "Café Lumière"
    assert entry.text == "Un excellent café & des croissants"
    assert entry.url == "https://news.test/a"
    assert entry.published_at is not None and entry.published_at.tzinfo is not None
    assert result.etag == '"v1"'


def test_it_reads_atom(server: str) -> None:
    [entry] = fetch_feed(server + "/atom.xml").entries
    assert entry.author == "Marie"
    assert "rue Saint-Denis" in entry.text


def test_it_asks_only_for_what_changed(server: str) -> None:
    add_item("Un", "texte", "https://news.test/1")
    first = fetch_feed(server + "/feed.xml")
    again = fetch_feed(server + "/feed.xml", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.entries == []
    add_item("Deux", "texte", "https://news.test/2")
    changed = fetch_feed(server + "/feed.xml", etag=first.etag)
    assert len(changed.entries) == 2


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/error", "HTTP 500"),
        ("/invalid.xml", "not a valid feed"),
        ("/huge.xml", "larger than"),
        ("/to-private", "refused"),
        ("/missing.xml", "HTTP 404"),
    ],
)
def test_it_turns_a_bad_feed_into_an_error(server: str, path: str, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        fetch_feed(server + path)


def test_it_gives_up_on_a_feed_that_trickles(server: str) -> None:
    with pytest.raises(FeedError, match="took more than"):
        fetch_feed(server + "/slow.xml", max_seconds=0.5)
