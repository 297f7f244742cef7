"""`Document`: one mention, tokenised once, with the lookups the matcher needs.

`keys` is the set every query is checked against: each token's folded form, the bare form of
every hashtag/handle (`#cafe` also gives `cafe`, since a plain term matches both), and one key
per field value (`field_key("lang", "fr")`). Token positions are built only when a phrase, NEAR
or wildcard needs them: most candidates are decided by set lookups alone.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from portevoix.lib.textfold import MARKERS, tokenize

from .fields import author_forms, normalise_lang, normalise_source, url_host

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


def _positions_of(tokens: list[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        positions.setdefault(token, []).append(i)
        if token[0] in MARKERS:
            positions.setdefault(token[1:], []).append(i)
    return positions


class Document:
    """A mention as the matcher sees it (title and text form one token sequence, title first)."""

    __slots__ = (
        "_positions",
        "_raw_positions",
        "_sorted_keys",
        "author",
        "folded",
        "host",
        "id",
        "keys",
        "lang",
        "raw",
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
        self.id = id
        self.lang = lang or ""
        self.author = author or ""
        self.url = url or ""
        self.source = source or ""
        whole = f"{title}\n{text}" if title else text
        self.folded, self.raw = tokenize(whole)
        keys = set(self.folded)
        if "#" in whole or "@" in whole:
            keys.update([key[1:] for key in keys if key[0] in MARKERS])
        if lang and (code := normalise_lang(lang)):
            keys.add(_LANG + code)
        if source and (kind := normalise_source(source)):
            keys.add(_SOURCE + kind)
        if author:
            keys.update([_AUTHOR + form for form in author_forms(author)])
        self.host = url_host(self.url)
        if self.host:
            keys.update([_SITE + suffix for suffix in site_suffixes(self.host)])
        self.keys = keys
        self._positions: dict[str, list[int]] | None = None
        self._raw_positions: dict[str, list[int]] | None = None
        self._sorted_keys: list[str] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """From the JSON shape `{"id", "title", "text", "lang", "author", "url", "source"}`."""
        return cls(
            str(data.get("text") or ""),
            title=str(data.get("title") or ""),
            lang=str(data.get("lang") or ""),
            author=str(data.get("author") or ""),
            url=str(data.get("url") or ""),
            source=str(data.get("source") or ""),
            id=data.get("id"),
        )

    def positions(self, key: str) -> list[int]:
        """Positions of a folded key (a bare key also lists the hashtags/handles it names)."""
        if self._positions is None:
            self._positions = _positions_of(self.folded)
        return self._positions.get(key, [])

    def raw_positions(self, key: str) -> list[int]:
        if self._raw_positions is None:
            self._raw_positions = _positions_of(self.raw)
        return self._raw_positions.get(key, [])

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
