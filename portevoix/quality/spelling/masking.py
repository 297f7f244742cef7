"""Hide what no dictionary knows (links, @handles, #hashtags, e-mails) without moving offsets."""

from __future__ import annotations

import regex

from portevoix.connectors.counting import extract_urls

EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# @marie, @cafe.lumiere, @user@instance.social; #hashtags (any script).
HANDLE = regex.compile(r"(?<![\w])@[\w.]+(?:@[\w.-]+\w)?")
HASHTAG = regex.compile(r"(?<![\w&])#[\p{L}\p{M}\p{N}_]+")


PLACEHOLDER = regex.compile(r"Xx*")


def is_placeholder(word: str) -> bool:
    """What `mask` put in place of a link, a handle, a hashtag or an e-mail."""
    return PLACEHOLDER.fullmatch(word) is not None


def masked_spans(text: str) -> list[tuple[int, int]]:
    spans = [(url.start, url.end) for url in extract_urls(text)]
    for pattern in (EMAIL, HANDLE, HASHTAG):
        spans.extend(match.span() for match in pattern.finditer(text))
    return sorted(spans)


def mask(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with every span replaced by a name-like word of the same length, and the spans.

    "Merci à @marie pour…" must still read as a sentence ("Merci à Xxxxxx pour…"): blanks
    there make Grammalecte see "à … pour" as a confusion. Findings inside a masked span are
    dropped afterwards, so the placeholder itself is never reported.
    """
    spans = masked_spans(text)
    characters = list(text)
    for start, end in spans:
        characters[start:end] = "X" + "x" * (end - start - 1)
    return "".join(characters), spans


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)
