"""Telegram counts UTF-16 code units: a character outside the Basic Multilingual Plane (most
emoji) counts 2, everything else 1."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portevoix.connectors.telegram.connector import utf16_length


@given(st.text())
def test_it_counts_two_units_for_astral_characters(text: str) -> None:
    assert utf16_length(text) == sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def test_it_counts_known_edges() -> None:
    assert utf16_length("é") == 1
    assert utf16_length("e\u0301") == 2  # a combining accent is its own unit
    assert utf16_length("😀") == 2
    assert utf16_length("👩‍👩‍👧") == 8  # three emoji and two zero-width joiners
