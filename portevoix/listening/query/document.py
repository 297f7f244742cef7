"""`Document`: one mention, tokenised once, with the lookups the matcher needs.

`keys` is the set every query is checked against: each token's folded form, the bare form of
every hashtag/handle (`#cafe` also gives `cafe`, since a plain term matches both), and one key
per field value (`field_key("lang", "fr")`). Token positions, the raw (as written) tokens and the
sorted keys of wildcards are built only when a query needs them: most documents are decided by
set operations alone, so the folded tokens are all a document costs up front.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from functools import lru_cache
from operator import itemgetter
from typing import Any

from portevoix.lib.textfold import MARKERS, has_raw_token, raw_tokens

from .fields import author_forms, normalise_lang, normalise_source, url_host
from .pieces import pieces_keys, pieces_tokens

# Field keys start with a character no token can hold, so they never collide with words.
FIELD_PREFIX = "\x00"


def field_key(name: str, value: str) -> str:
    return f"{FIELD_PREFIX}{name}:{value}"


_LANG, _SOURCE, _AUTHOR, _SITE = (
    field_key(name, "") for name in ("lang", "source", "author", "site")
)


def site_suffixes(host: str) -> list[str]:
    """`a.b.example.com` → itself, `b.example.com`, `example.com`, `com`."""
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))] if host else []


# Documents repeat hosts, languages, sources and authors: their keys are built once each.
@lru_cache(maxsize=4096)
def _site_keys(host: str) -> tuple[str, ...]:
    return tuple(_SITE + suffix for suffix in site_suffixes(host))


@lru_cache(maxsize=256)
def _lang_key(lang: str) -> str | None:
    code = normalise_lang(lang)
    return _LANG + code if code else None


@lru_cache(maxsize=256)
def _source_key(source: str) -> str | None:
    kind = normalise_source(source)
    return _SOURCE + kind if kind else None


@lru_cache(maxsize=8192)
def _author_keys(author: str) -> tuple[str, ...]:
    return tuple(_AUTHOR + form for form in author_forms(author))


_SCHEMES = ("https://", "http://")


def _url_site(url: str) -> tuple[str, tuple[str, ...]]:
    """The host of a document's URL and its `site:` keys (`url_host`, `_site_keys`).

    A stream repeats its sites, not its URLs: the part between `scheme://` and the first `/`
    decides the host (`url_host` reads no further), so that part is what is cached.
    """
    if url.startswith(_SCHEMES):
        start = url.index("//") + 2
        end = url.find("/", start)
        return _head_site(url[start:end] if end >= 0 else url[start:])
    host = url_host(url)
    return host, _site_keys(host) if host else ()


@lru_cache(maxsize=4096)
def _head_site(head: str) -> tuple[str, tuple[str, ...]]:
    host = url_host("http://" + head)
    # Uncached inside: this cache already holds the result, once per head.
    return host, _site_keys.__wrapped__(host) if host else ()


def _positions_of(tokens: list[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        positions.setdefault(token, []).append(i)
        if token[0] in MARKERS:
            positions.setdefault(token[1:], []).append(i)
    return positions


def _occurrences(tokens: list[str], token: str) -> list[int]:
    found, at = [], -1
    for _ in range(tokens.count(token)):
        at = tokens.index(token, at + 1)
        found.append(at)
    return found


_JSON_FIELDS = ("text", "title", "lang", "author", "url", "source")
_ONLY_STR = frozenset({str})


class _Slicers(dict[int, Any]):
    def __missing__(self, length: int) -> Any:
        slicer = self[length] = itemgetter(slice(length))
        return slicer


_SLICERS = _Slicers()


class Document:
    """A mention as the matcher sees it (title and text form one token sequence, title first)."""

    __slots__ = (
        "_folded",
        "_heads",
        "_pieces",
        "_positions",
        "_raw",
        "_raw_positions",
        "_sorted_keys",
        "_text",
        "author",
        "checked",
        "host",
        "id",
        "keys",
        "lang",
        "source",
        "url",
    )

    def __init__(
        self,
        text: str = "",
        *,
        title: str = "",
        lang: str = "",
        author: str = "",
        url: str = "",
        source: str = "",
        id: Any = None,
    ) -> None:
        self._fill(text, title, lang, author, url, source, id)

    def _fill(
        self, text: str, title: str, lang: str, author: str, url: str, source: str, id: Any
    ) -> None:
        self.id = id
        self.lang = lang or ""
        self.author = author or ""
        self.url = url or ""
        self.source = source or ""
        self._text = whole = f"{title}\n{text}" if title else text
        # The pieces between whitespace: their keys are remembered (see `pieces`), so that a
        # document costs a split and a lookup per piece, and its tokens are listed only when
        # a phrase or NEAR asks where they are.
        self._pieces = pieces = whole.split()
        keys = pieces_keys(pieces)
        if lang and (lang_key := _lang_key(lang)):
            keys.add(lang_key)
        if source and (source_key := _source_key(source)):
            keys.add(source_key)
        if author:
            bare = author.lstrip("@")
            if bare.isascii() and bare.isalnum():
                # The common handle (`@user123`), new ones all the time: its one form, uncached.
                keys.add(_AUTHOR + bare.lower())
            else:
                keys.update(_author_keys(author))
        if url:
            self.host, site_keys = _url_site(url)
            keys.update(site_keys)
        else:
            self.host = ""
        self.keys = keys
        self._raw: list[str] | None = None
        self._folded: list[str] | None = None
        # Positional checks already answered for this document (see `compiler.evaluate`).
        self.checked: dict[Any, bool] = {}
        self._positions: dict[str, list[int]] | None = None
        self._raw_positions: dict[str, list[int]] | None = None
        self._sorted_keys: list[str] | None = None
        self._heads: dict[int, set[str]] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """From the JSON shape `{"id", "title", "text", "lang", "author", "url", "source"}`."""
        values: Any = tuple(map(data.get, _JSON_FIELDS))
        if not _ONLY_STR.issuperset(map(type, values)):  # a missing field, a number: made str
            values = [value if isinstance(value, str) else str(value or "") for value in values]
        # Positional arguments, straight to `_fill`: keywords cost a stream a few % more.
        text, title, lang, author, url, source = values
        doc = cls.__new__(cls)
        doc._fill(text, title, lang, author, url, source, data.get("id"))
        return doc

    @property
    def folded(self) -> list[str]:
        """The folded tokens, in order (title first)."""
        if self._folded is None:
            self._folded = pieces_tokens(self._pieces)
        return self._folded

    @property
    def raw(self) -> list[str]:
        """The tokens as written (NFKC), at the same positions as `folded`."""
        if self._raw is None:
            self._raw = raw_tokens(self._text)
        return self._raw

    def positions(self, key: str) -> list[int]:
        """Positions of a folded key (a bare key also lists the hashtags/handles it names)."""
        if key not in self.keys:
            return []
        cache = self._positions
        if cache is None:
            cache = self._positions = {}
        found = cache.get(key)
        if found is None:
            # Only the keys a phrase or NEAR asks about, found with list.count/index in C: a
            # document rarely needs more than three, and indexing all its tokens costs 6 µs.
            tokens, keys = self.folded, self.keys
            found = _occurrences(tokens, key)
            if key[0] not in MARKERS:
                for marked in ("#" + key, "@" + key):
                    if marked in keys:
                        found = sorted(found + _occurrences(tokens, marked))
            cache[key] = found
        return found

    def has_raw(self, token: str) -> bool:
        """Whether a token as written is there (a bare one also as a hashtag or handle)."""
        if self._raw_positions is not None:
            return bool(self.raw_positions(token))
        return has_raw_token(self._text, token)

    def raw_positions(self, key: str) -> list[int]:
        """Positions of a token as written (NFKC; a bare one also lists its hashtags/handles)."""
        if self._raw_positions is None:
            # A raw token is a piece of the NFKC text: when the piece is absent, so is the
            # token, and the raw tokens (9 µs) are not needed.
            text = self._text if self._text.isascii() else unicodedata.normalize("NFKC", self._text)
            if (key[1:] if key[:1] in MARKERS else key) not in text:
                return []
            self._raw_positions = _positions_of(self.raw)
        return self._raw_positions.get(key, [])

    def has_prefix(self, prefix: str) -> bool:
        """Whether a key starts with `prefix`."""
        return prefix in self.heads(len(prefix))

    def heads(self, length: int) -> set[str]:
        """Every key cut to `length` characters (a shorter key as it is), built once a length.

        A prefix of that length is in it exactly when some key starts with the prefix.
        """
        cache = self._heads
        if cache is None:
            cache = self._heads = {}
        found = cache.get(length)
        if found is None:
            found = cache[length] = set(map(_SLICERS[length], self.keys))  # sliced in C
        return found

    def keys_starting_with(self, prefix: str) -> list[str]:
        """The token keys that start with `prefix` (sorted once, then bisected)."""
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self.keys)
        ordered = self._sorted_keys
        found = []
        i = bisect_left(ordered, prefix)
        while i < len(ordered) and ordered[i].startswith(prefix):
            found.append(ordered[i])
            i += 1
        return found
