"""The text model of listening: how a mention's text becomes the tokens a query matches.

Pure (standard library only) so that the matcher, the archive search and anything else that
compares text agree on one definition (see /work/shared/design/query-language.md, "Text model"):

1. Unicode NFKC, then case folding.
2. Accents folded (``é → e``, ``œ → oe``, ``æ → ae``, ``ß → ss``, …).
3. A token is a run of letters and digits; apostrophes, hyphens and every other punctuation split
   tokens (``l’entreprise`` → ``l`` ``entreprise``; ``Saint-Laurent`` → ``saint`` ``laurent``).
4. ``#word`` is a hashtag and ``@word`` a handle: the token keeps its marker (``#cafe``), provided
   the marker does not follow a letter or digit (``contact@cafe.ca`` holds no handle).
5. Emojis and punctuation are not tokens.

``tokenize(text)`` returns both forms of each token: ``folded`` (what matching compares) and
``raw`` (the NFKC form as written, for ``raw:`` terms). Positions are list indices.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Combining diacritics (Latin, Greek, Cyrillic): folding removes them after NFD. Marks of other
# scripts (Devanagari vowel signs, …) carry meaning and are kept.
_DIACRITICS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_STRIP_DIACRITICS = re.compile(f"[{_DIACRITICS}]+")

# Letters that NFD does not decompose but that a French or English reader treats as accented.
# (Chained str.replace: str.translate with a dict costs 14 µs on a post, this under 1 µs.)
_LETTER_FOLDS = (
    ("œ", "oe"),
    ("æ", "ae"),
    ("ø", "o"),
    ("ł", "l"),
    ("đ", "d"),
    ("ð", "d"),
    ("þ", "th"),
    ("ı", "i"),
    ("ħ", "h"),
    ("ŀ", "l"),
    ("ĸ", "k"),
)

# A token: a letter or digit, then letters, digits or combining marks (a decomposed letter that
# NFKC could not compose stays one token); a marker counts only when no letter or digit precedes
# it. `[^\W_]` is "alphanumeric" in Python's Unicode regex. This is the reference definition.
_TOKEN_RE = re.compile(rf"(?<![^\W_{_DIACRITICS}])[#@]?[^\W_](?:[^\W_]|[{_DIACRITICS}])*")
# The fast path for the common text (no stray combining mark, no marker glued to a word, `_`
# replaced by a space): `\w` is twice as fast as `[^\W_]` and the look-behind costs a third
# more (measured on a 284-byte post: 7 µs against 15 µs).
_FAST_TOKEN_RE = re.compile(r"[#@]?\w+")
_HAS_DIACRITIC = re.compile(f"[{_DIACRITICS}]")
# After NFD, anything non-ASCII that is not a diacritic needs the full folding path.
_NOT_ASCII_NOR_DIACRITIC = re.compile(f"[^\x00-\x7f{_DIACRITICS}]")
# The same as _TOKEN_RE, with the wildcards `*` and `?` counted as token characters (query words).
_PATTERN_RE = re.compile(
    rf"(?<![^\W_{_DIACRITICS}*?])[#@]?(?:[^\W_]|[*?])(?:[^\W_]|[*?{_DIACRITICS}])*"
)

MARKERS = ("#", "@")


class Tokens(NamedTuple):
    """One text's tokens: ``folded[i]`` and ``raw[i]`` are the two forms of the token at i."""

    folded: list[str]
    raw: list[str]


def fold(text: str) -> str:
    """NFKC, case folding and accent folding of any text (spaces and punctuation kept)."""
    if text.isascii():
        return text.lower()
    return _fold_nfkc(unicodedata.normalize("NFKC", text))


def _fold_nfkc(text: str) -> str:
    """`fold` of a text already in NFKC (the tokens of `tokenize`)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFD", text.casefold())
    for letter, folded in _LETTER_FOLDS:
        if letter in text:
            text = text.replace(letter, folded)
    if not _NOT_ASCII_NOR_DIACRITIC.search(text):
        # Latin text with accents only (the common case): dropping non-ASCII drops the accents.
        return text.encode("ascii", "ignore").decode("ascii")
    text = _STRIP_DIACRITICS.sub("", text)
    # NFC again so that scripts NFD splits without diacritics (Hangul) come back whole.
    return unicodedata.normalize("NFC", text)


def _has_glued_marker(text: str) -> bool:
    """True when a `#` or `@` follows a letter or digit (`contact@cafe.ca`)."""
    for marker in MARKERS:
        i = text.find(marker, 1)
        while i > 0:
            if text[i - 1].isalnum():
                return True
            i = text.find(marker, i + 1)
    return False


def tokenize(text: str) -> Tokens:
    """Split a text into tokens, once; both forms share positions."""
    if text.isascii():
        simple = True
    else:
        text = unicodedata.normalize("NFKC", text)
        simple = not _HAS_DIACRITIC.search(text)
    if simple and not _has_glued_marker(text):
        raw = _FAST_TOKEN_RE.findall(text.replace("_", " ") if "_" in text else text)
    else:
        raw = _TOKEN_RE.findall(text)
    # Folding the joined tokens costs one pass instead of one per token; a space survives
    # folding unchanged and no token contains one, so the split restores the same positions.
    folded = _fold_nfkc(" ".join(raw)).split(" ") if raw else []
    return Tokens(folded, raw)


def tokenize_reference(text: str) -> Tokens:
    """`tokenize` without its fast path: the definition the fast path is tested against."""
    raw = _TOKEN_RE.findall(unicodedata.normalize("NFKC", text))
    return Tokens([fold(t) for t in raw], raw)


def tokenize_pattern(text: str) -> Tokens:
    """Split a query word into tokens, keeping the wildcards ``*`` and ``?`` inside them."""
    text = unicodedata.normalize("NFKC", text)
    raw = _PATTERN_RE.findall(text)
    folded = fold(" ".join(raw)).split(" ") if raw else []
    return Tokens(folded, raw)


def strip_marker(token: str) -> str:
    """``#cafe`` → ``cafe``; a token without a marker is returned as is."""
    return token[1:] if token[:1] in MARKERS else token
