"""Bluesky's text rules: length in graphemes and bytes, rich-text facets, record keys.

Facets point into the text by UTF-8 *byte* offsets, not characters
(https://docs.bsky.app/docs/advanced-guides/post-richtext): "é" is two bytes, "👋🏽" eight.
The patterns below are the ones the Bluesky documentation gives for links, mentions and tags.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import regex

MAX_GRAPHEMES = 300
MAX_BYTES = 3000
MAX_TAG_GRAPHEMES = 64

# A mention is "@" + a handle (a domain name) after a start of text or a non-word character.
MENTION = regex.compile(
    r"(?:^|\W)(@(([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?))"
)
URL = regex.compile(
    r"(?:^|\W)(https?://(www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b([-a-zA-Z0-9()@:%_+.~#?&/=]*[-a-zA-Z0-9@%_+~#/=])?)"
)
# "#" then anything up to whitespace; trailing punctuation is not part of the tag, and a tag of
# digits only is not a tag (#1 is a number).
TAG = regex.compile(r"(?:^|\s)([#＃])([^\s#＃\u00AD\u2060\u200A-\u200D\u20e2]+)")
TRAILING_PUNCTUATION = regex.compile(r"\p{P}+$")


def grapheme_count(text: str) -> int:
    """Extended grapheme clusters: what a person sees as one character ("👩‍👩‍👧" is one)."""
    return len(regex.findall(r"\X", text))


def byte_length(text: str) -> int:
    return len(text.encode("utf-8"))


@dataclass(frozen=True)
class Span:
    kind: str  # "link" | "mention" | "tag"
    start: int  # UTF-8 byte offsets, end exclusive
    end: int
    value: str  # the URL, the handle (without "@") or the tag (without "#")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def find_spans(text: str) -> list[Span]:
    """Links, mentions and hashtags of a post, with their byte offsets, in text order."""
    spans: list[Span] = []
    for match in URL.finditer(text):
        url = match.group(1)
        start = match.start(1)
        spans.append(Span("link", _byte_offset(text, start), _byte_offset(text, match.end(1)), url))
    for match in MENTION.finditer(text):
        start, end = match.start(1), match.end(1)
        if any(s.kind == "link" and s.start <= _byte_offset(text, start) < s.end for s in spans):
            continue  # an "@" inside a URL (https://host/@name) is part of the link
        spans.append(
            Span("mention", _byte_offset(text, start), _byte_offset(text, end), match.group(1)[1:])
        )
    for match in TAG.finditer(text):
        tag = TRAILING_PUNCTUATION.sub("", match.group(2))
        if not tag or tag.isdigit() or grapheme_count(tag) > MAX_TAG_GRAPHEMES:
            continue
        start = match.start(1)
        byte_start = _byte_offset(text, start)
        if any(s.start <= byte_start < s.end for s in spans):
            continue  # "#anchor" inside a URL
        spans.append(Span("tag", byte_start, _byte_offset(text, start + 1 + len(tag)), tag))
    return sorted(spans, key=lambda s: s.start)


def facet(span: Span, did: str = "") -> dict[str, object]:
    feature: dict[str, str]
    if span.kind == "link":
        feature = {"$type": "app.bsky.richtext.facet#link", "uri": span.value}
    elif span.kind == "mention":
        feature = {"$type": "app.bsky.richtext.facet#mention", "did": did}
    else:
        feature = {"$type": "app.bsky.richtext.facet#tag", "tag": span.value}
    return {"index": {"byteStart": span.start, "byteEnd": span.end}, "features": [feature]}


# TIDs (https://atproto.com/specs/tid): 64 bits (top bit 0, 53 bits of microseconds, 10 bits of
# clock id) written in "base32-sortable", 13 characters.
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
# 2023-01-01T00:00:00Z in microseconds; the hash spreads keys over the 12.7 days after it (in
# the past, so that no tool takes them for posts from the future). Clients sort posts by their
# createdAt, not by record key. 2^40 times × 2^10 clock ids: collisions are out of reach.
_TID_BASE_US = 1_672_531_200_000_000
_TID_SPAN_US = 1 << 40


def record_key(idempotency_key: str) -> str:
    """A valid TID derived from the idempotency key alone.

    Bluesky has no idempotency key. Creating the post under a record key that only depends on
    ours makes a second attempt land on the same record (the PDS refuses a second record with
    the same key), and lets `lookup` read that record back without any saved state."""
    digest = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:16], "big")
    micros = _TID_BASE_US + digest % _TID_SPAN_US
    clock_id = (digest >> 64) & 0x3FF
    value = (micros << 10) | clock_id
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def is_tid(value: str) -> bool:
    return bool(regex.fullmatch(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}", value))
