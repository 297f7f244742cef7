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
from itertools import chain
from typing import Any

from portevoix.lib.textfold import MARKERS, folded_token_text

# Pieces remembered, at most; then the cache starts again (a stream's words come back quickly).
CACHE_SIZE = 1 << 16

Tokens = tuple[str, ...]
Key = str | Tokens


class _Learnt(dict[str, Any]):
    """Piece → what the cache learnt of it, looked up from C, one call a piece; a piece never
    seen is learnt by `__missing__`. `part` says which: 0, its folded tokens; 1, its key when it
    has exactly one (most), else the tuple of its keys (`#cafe`: `#cafe` and `cafe`;
    `l’équipe`; none for an emoji)."""

    __slots__ = ("cache", "part")

    def __init__(self, cache: _Cache, part: int) -> None:
        super().__init__()
        self.cache = cache
        self.part = part

    def __missing__(self, piece: str) -> Any:
        return _learn(self.cache, piece)[self.part]


class _Cache:
    __slots__ = ("keys", "several", "tokens")

    def __init__(self) -> None:
        self.keys = _Learnt(self, 1)
        self.several: set[Tokens] = set()  # every tuple `keys` holds
        self.tokens = _Learnt(self, 0)  # piece → its folded tokens


class _Local(threading.local):
    def __init__(self) -> None:
        self.cache = _Cache()


_local = _Local()


def _cache() -> _Cache:
    cache = _local.cache
    if len(cache.tokens) >= CACHE_SIZE:  # between documents, never while one is read
        cache = _local.cache = _Cache()
    return cache


def _learn(cache: _Cache, piece: str) -> tuple[Tokens, Key]:
    spaced = folded_token_text(piece)
    tokens = tuple(map(sys.intern, spaced.split()))
    keys = tokens
    # A marker only ever starts a token: most pieces hold none, found by two C-level searches.
    if ("#" in spaced or "@" in spaced) and any(token[0] in MARKERS for token in tokens):
        # A plain term also matches the hashtag and the handle: `#cafe` is held as `cafe` too.
        bare = [sys.intern(token[1:]) for token in tokens if token[0] in MARKERS]
        keys = tuple(dict.fromkeys(tokens + tuple(bare)))
    key: Key = keys[0] if len(keys) == 1 else keys
    if len(keys) != 1:
        cache.several.add(keys)
    dict.__setitem__(cache.tokens, piece, tokens)
    dict.__setitem__(cache.keys, piece, key)
    return tokens, key


def pieces_keys(pieces: list[str]) -> set[str]:
    """The set of keys of the pieces' tokens (each hashtag's and handle's bare word included)."""
    cache = _cache()
    keys: set[Any] = set(map(cache.keys.__getitem__, pieces))
    # The pieces of no key or several keys gave tuples: one C-level intersection finds them.
    several = keys.intersection(cache.several)
    if several:
        keys -= several
        keys.update(*several)
    return keys


def pieces_tokens(pieces: list[str]) -> list[str]:
    """The folded tokens of the pieces, in order (positions are indices in this list)."""
    # One pass in C: a lookup a piece, then the tuples chained (a missing piece is learnt).
    return list(chain.from_iterable(map(_cache().tokens.__getitem__, pieces)))
