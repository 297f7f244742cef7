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
``folded_token_text(text)`` gives the folded tokens only, separated by spaces, in a few C-level
passes: the matcher's per-document cost (``raw`` is needed only by ``raw:`` terms, rarely).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Any, NamedTuple

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

# --- the folded-only fast path --------------------------------------------------------------
# `findall` builds each token with per-character Unicode class checks (9 µs on a 284-byte post);
# mapping every byte that is not [a-z0-9#@] to a space and splitting costs under 4 µs. That is
# exact only when every non-ASCII character left after folding is a separator, so the text is
# first checked against the characters known to behave: Latin letters that fold to ASCII, and
# punctuation, symbols and emojis that NFKC, case folding and NFD leave alone (computed below).
_SPACE_OUT = bytes(
    c if c in b"0123456789abcdefghijklmnopqrstuvwxyz#@" else 0x20 for c in range(256)
)
# The marks French and English text carries after NFD: chained str.replace beats a regex here.
_COMMON_MARKS = ("\u0301", "\u0300", "\u0302", "\u0308", "\u0327")
_SAFE_RANGES = ((0x80, 0x24F), (0x2000, 0x2BFF), (0xFE00, 0xFE0F), (0x1F000, 0x1FAFF))


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


def raw_tokens(text: str) -> list[str]:
    """The tokens as written (NFKC): `tokenize(text).raw` without the folding."""
    if text.isascii():
        simple = True
    else:
        text = unicodedata.normalize("NFKC", text)
        simple = not _HAS_DIACRITIC.search(text)
    if simple and not _has_glued_marker(text):
        return _FAST_TOKEN_RE.findall(text.replace("_", " ") if "_" in text else text)
    return _TOKEN_RE.findall(text)


def has_raw_token(text: str, token: str) -> bool:
    """Whether `raw_tokens(text)` holds `token`, or (a bare one) its hashtag or handle.

    Without splitting the whole text (9 µs): in the common text (see `raw_tokens`) a token is a
    maximal run of letters and digits, so an occurrence of `token` between two characters that
    are neither is one.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _HAS_DIACRITIC.search(text):
            return token in _raw_forms(text)
    if _has_glued_marker(text):
        return token in _raw_forms(text)
    run = len(token) - 1 if token[:1] in MARKERS else len(token)
    end_of_text = len(text)
    i = text.find(token)
    while i >= 0:
        start = i + len(token) - run
        end = start + run
        if (start == 0 or not text[start - 1].isalnum()) and (
            end == end_of_text or not text[end].isalnum()
        ):
            return True
        i = text.find(token, i + 1)
    return False


def _raw_forms(text: str) -> set[str]:
    tokens = set(raw_tokens(text))
    return tokens | {t[1:] for t in tokens if t[:1] in MARKERS}


def tokenize(text: str) -> Tokens:
    """Split a text into tokens, once; both forms share positions."""
    raw = raw_tokens(text)
    # Folding the joined tokens costs one pass instead of one per token; a space survives
    # folding unchanged and no token contains one, so the split restores the same positions.
    folded = _fold_nfkc(" ".join(raw)).split(" ") if raw else []
    return Tokens(folded, raw)


def _fast_fold(text: str) -> str:
    """Case and accent folding of safe characters (NFKC text), as the fast path does it."""
    text = unicodedata.normalize("NFD", text.casefold())
    for letter, folded in _LETTER_FOLDS:
        if letter in text:
            text = text.replace(letter, folded)
    for mark in _COMMON_MARKS:
        if mark in text:
            text = text.replace(mark, "")
    return _STRIP_DIACRITICS.sub("", text) if _HAS_DIACRITIC.search(text) else text


def _safe_character(char: str) -> bool:
    if unicodedata.normalize("NFKC", char) != char:
        return False  # never seen in NFKC text
    if char.isalnum():  # a letter must fold to ASCII letters or digits, as `fold` does
        folded = _fast_fold(char)
        return folded == fold(char) and folded.isascii() and folded.isalnum()
    # A separator for the reference tokeniser; it must stay one (not a mark that folding drops).
    return _fast_fold(char) == char and not _HAS_DIACRITIC.match(char)


def _unsafe_pattern() -> re.Pattern[str]:
    safe = [
        c for low, high in _SAFE_RANGES for c in range(low, high + 1) if _safe_character(chr(c))
    ]
    ranges: list[list[int]] = []
    for code in safe:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    spans = "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges
    )
    return re.compile(f"[^\x00-\x7f{spans}]")


# Built at import (about 8 ms of CPU): a character outside these sends the text to the reference path.
_UNSAFE = _unsafe_pattern()


def _odd_marker(spaced: str) -> bool:
    """A `#`/`@` that is not at the start of a token followed by a letter or digit."""
    for marker in MARKERS:
        i = spaced.find(marker)
        while i >= 0:
            if (i and spaced[i - 1] != " ") or spaced[i + 1 : i + 2] in ("", " ", "#", "@"):
                return True
            i = spaced.find(marker, i + 1)
    return False


# The quickest path, for French and English text: after case folding, one C-level charmap
# encoding gives each of the Latin letters such text holds the byte of its ASCII letter and each
# common punctuation mark a space, and `bytes.translate` does the rest (2 µs less than NFD and
# stripping marks on a 284-byte post). Any other character goes through `_unmapped`, which lets
# the safe separators (emojis) through as spaces and sends everything else to the path above.
_TWO_LETTERS = (("œ", "oe"), ("æ", "ae"), ("þ", "th"))
_HANDLER = "portevoix.textfold.fold"


def _charmap() -> tuple[Any, bytes]:
    letters = [
        c
        for c in map(chr, range(0xDF, 0x250))
        if _safe_character(c) and c.isalnum() and c.casefold() == c and len(_fast_fold(c)) == 1
    ]
    marks = [c for c in "’‘‚“”„«»‹›–—‐‒―•·′″¡¿°§¶©®±×÷€£¥¢" if _safe_character(c)]
    high = (marks + letters)[:128]  # Latin-1 and Extended-A fit; Extended-B in part
    decoding = "".join(map(chr, range(128))) + "".join(high) + "\ufffe" * (128 - len(high))
    spaced = bytearray(_SPACE_OUT)
    for i, c in enumerate(high):
        spaced[128 + i] = ord(_fast_fold(c)) if c.isalnum() else 0x20
    return codecs.charmap_build(decoding), bytes(spaced)


def _unmapped(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    for char in error.object[error.start : error.end]:
        if char.isalnum() or _UNSAFE.match(char):
            raise error  # a letter of another script, a mark: the general path
    return " ", error.end


_ENCODING_MAP, _HIGH_SPACE_OUT = _charmap()
codecs.register_error(_HANDLER, _unmapped)


def folded_token_text(text: str) -> str:
    """The folded tokens of `text`, separated by one or more spaces (`.split()` lists them).

    Equal to ``" ".join(tokenize(text).folded)`` up to the number of spaces; a marker (``#``,
    ``@``) only ever starts a token, so a token's marker is the character after a space.
    """
    if text.isascii():
        spaced = text.lower().encode().translate(_SPACE_OUT).decode("ascii")
    else:
        text = unicodedata.normalize("NFKC", text)
        folded = text.casefold()
        for letter, letters in _TWO_LETTERS:
            if letter in folded:
                folded = folded.replace(letter, letters)
        try:
            encoded = codecs.charmap_encode(folded, _HANDLER, _ENCODING_MAP)[0]
            spaced = encoded.translate(_HIGH_SPACE_OUT).decode("ascii")
        except UnicodeEncodeError:
            if _UNSAFE.search(text):
                return " ".join(tokenize(text).folded)
            spaced = _fast_fold(text).encode().translate(_SPACE_OUT).decode("ascii")
    if ("#" in spaced or "@" in spaced) and _odd_marker(spaced):
        return " ".join(tokenize(text).folded)
    return spaced


def fold_tokens(text: str) -> list[str]:
    """`tokenize(text).folded`, faster."""
    return folded_token_text(text).split()


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
