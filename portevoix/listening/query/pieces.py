"""A document's folded tokens and keys, from a cache of the pieces its whitespace separates.

Folding a post (NFKC, case, accents) and splitting it into tokens costs about 13 µs, the largest
part of matching it against a thousand queries. A stream repeats its words, so the work is done
once per whitespace-separated piece (`bien,`, `l’équipe`, `#café`, `😀`) and remembered: a
document then costs one `str.split` and a dictionary lookup per piece, in C.

This is exact, not a guess: whitespace separates tokens, and every step of the text model
(query-language.md) looks at one character and its neighbour only, so a text's tokens are the
tokens of its pieces, in order. NFKC composes no character with a whitespace and case folding
and accent folding work a character at a time; a marker (`#`, `@`) or a token start is judged by
the character before it, which is a whitespace or the start of the piece, and both allow it.

Tokens and keys are interned: query keys are too, so `list.count`, `set` and `dict` lookups
compare them by identity. Each thread has its cache: a piece found missing is then still
missing when it is learnt, with no lock.
"""

from __future__ import annotations

import sys
import threading
from itertools import chain, repeat

from portevoix.lib.textfold import MARKERS, folded_token_text

# Pieces remembered, at most; then the cache starts again (a stream's words come back quickly).
CACHE_SIZE = 1 << 16

Tokens = tuple[str, ...]

# What no piece yields (tokens are letters, digits and markers): a piece not yet in the cache.
_MISSING = "\x02"
_MISSING_KEYS: Tokens = (_MISSING,)


class _Cache:
    """Piece → its folded tokens, and piece → its keys (the tokens and a hashtag's bare word)."""

    __slots__ = ("keys", "tokens")

    def __init__(self) -> None:
        self.keys: dict[str, Tokens] = {}
        self.tokens: dict[str, Tokens] = {}


class _Local(threading.local):
    def __init__(self) -> None:
        self.cache = _Cache()


_local = _Local()


def _learn(cache: _Cache, piece: str) -> tuple[Tokens, Tokens]:
    tokens = tuple(map(sys.intern, folded_token_text(piece).split()))
    keys = tokens
    if any(token[0] in MARKERS for token in tokens):
        # A plain term also matches the hashtag and the handle: `#cafe` is held as `cafe` too.
        bare = [sys.intern(token[1:]) for token in tokens if token[0] in MARKERS]
        keys = tuple(dict.fromkeys(tokens + tuple(bare)))
    if len(cache.keys) >= CACHE_SIZE:
        cache.keys.clear()
        cache.tokens.clear()
    cache.tokens[piece] = tokens
    cache.keys[piece] = keys
    return tokens, keys


def pieces_keys(pieces: list[str]) -> set[str]:
    """The set of keys of the pieces' tokens (each hashtag's and handle's bare word included)."""
    cache = _local.cache
    known = cache.keys
    keys = set(chain.from_iterable(map(known.get, pieces, repeat(_MISSING_KEYS))))
    if _MISSING in keys:  # new pieces (a link, a new name): found in C, learnt one by one
        keys.discard(_MISSING)
        for piece in set(pieces).difference(known):
            keys.update(_learn(cache, piece)[1])
    return keys


def pieces_tokens(pieces: list[str]) -> list[str]:
    """The folded tokens of the pieces, in order (positions are indices in this list)."""
    cache = _local.cache
    parts = list(map(cache.tokens.get, pieces))
    if None in parts:
        parts = [
            _learn(cache, piece)[0] if part is None else part
            for part, piece in zip(parts, pieces, strict=True)
        ]
    return list(chain.from_iterable(parts))  # type: ignore[arg-type]
