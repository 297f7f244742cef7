"""Each platform's unit of length, on the cases that tell them apart."""

from __future__ import annotations

import pytest

from portevoix.connectors.base import CountUnit
from portevoix.connectors.counting import (
    characters,
    count,
    extract_urls,
    graphemes,
    mastodon_length,
    utf8_bytes,
    utf16_units,
    x_weighted_length,
)

FAMILY = "👨\u200d👩\u200d👧\u200d👦"  # 7 code points, 1 visible character
FLAG_QC = "🇨🇦"


def test_it_counts_one_grapheme_per_visible_character() -> None:
    assert graphemes(FAMILY) == 1
    assert graphemes(FLAG_QC + FLAG_QC) == 2
    assert graphemes("e\u0301te\u0301") == 3  # combining accents join their letter
    assert characters("e\u0301te\u0301") == 5


def test_it_counts_utf8_bytes_as_threads_and_youtube_do() -> None:
    assert utf8_bytes("café") == 5
    assert utf8_bytes("😷") == 4
    assert utf8_bytes("故人") == 6


def test_it_counts_utf16_units_as_telegram_does() -> None:
    assert utf16_units("café") == 4
    assert utf16_units("😷") == 2
    assert utf16_units(FAMILY) == 11


def test_it_weighs_emoji_cjk_and_links_for_x() -> None:
    assert x_weighted_length("Bonjour") == 7
    assert x_weighted_length("😷") == 2
    assert x_weighted_length(FAMILY) == 2
    assert x_weighted_length("故人") == 4
    assert x_weighted_length("Menu : https://cafelumiere.ca/menu-de-l-automne") == 7 + 23
    assert x_weighted_length("Menu : cafelumiere.ca") == 7 + 23  # bare domain, real TLD


def test_it_finds_links_as_twitter_text_does() -> None:
    found = extract_urls("Voir exemple.fr/menu, https://t.co/abc123 et fichier.txt ou a.b")
    assert [url.url for url in found] == ["exemple.fr/menu", "https://t.co/abc123"]
    text = "Voir exemple.fr/menu"
    assert text[found[0].start : found[0].end] == "exemple.fr/menu"


def test_it_counts_links_and_remote_mentions_as_mastodon_does() -> None:
    assert mastodon_length("Salut @marie@piaille.fr !") == len("Salut @marie !")
    assert mastodon_length("https://example.com/a/very/long/path/indeed/yes") == 23
    # Without a scheme Mastodon does not make a link: the text counts as it is.
    assert mastodon_length("exemple.fr") == 10


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (CountUnit.X_WEIGHTED, 4),
        (CountUnit.GRAPHEMES, 3),
        (CountUnit.UTF8_BYTES, 7),
        (CountUnit.CHARACTERS, 3),
        (CountUnit.UTF16, 4),
        (CountUnit.MASTODON, 3),
        (CountUnit.NONE, 3),
    ],
)
def test_it_counts_in_every_unit(unit: CountUnit, expected: int) -> None:
    assert count("é😷a", unit) == expected
    assert count("é😷a", str(unit)) == expected


def test_it_follows_twemoji_on_text_style_symbols() -> None:
    # ©, ®, ™ are emoji only with U+FE0F; U+FE0E asks for the text style: not an emoji.
    assert x_weighted_length("©") == 1
    assert x_weighted_length("©\ufe0f") == 2
    assert x_weighted_length("☺\ufe0e") == 4  # two code points outside the light ranges
    assert x_weighted_length("☺\ufe0f") == 2
    assert x_weighted_length("1\u20e3") == 2  # a keycap without U+FE0F
