"""`Split`: the entries filed under one key, once they are many, filed again by a second key.

A word that many brands share (`avenir`, `atlas`: 2,000 queries at 100k) brings every document
holding it that many entries to check. Filed again by the rarest other key each entry needs (or
each key of its rarest `any_of` group), a document checks only the sub-lists of the second keys
it holds, found by one C-level intersection: the two-term prefilter of Lucene Monitor's
"term pairs". Where each entry went is remembered, so that removing it finds it even after the
observed rates, which choose the second key, have changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .prefilter import PREFIX_MARK

# (query id, need, avoid, any_of, prefixes, sure): tuples, because a standing query must cost
# well under 1 KB and `set.issuperset(tuple)` / `set.isdisjoint(tuple)` still run in C.
Entry = tuple[Any, ...]

SPLIT_AT = 48  # entries under one key before they are filed again by a second key
JOIN_AT = 16  # back to a plain list below this


def second_names(entry: Entry, anchor: str, share: Callable[[str], float]) -> tuple[str, ...]:
    """Where a split bucket files an entry: its rarest other needed key, or rarest group, or
    (marked with PREFIX_MARK) its rarest other wildcard prefix; () when it has none."""
    _query_id, need, _avoid, any_of, prefixes, _sure = entry
    options = [(share(key), (key,)) for key in need if key != anchor]
    options += [(sum(map(share, g)), g) for g in any_of if anchor not in g]
    options += [
        (share(PREFIX_MARK + p), (PREFIX_MARK + p,)) for p in prefixes if PREFIX_MARK + p != anchor
    ]
    return min(options)[1] if options else ()


def remove_entry(entries: list[Entry], entry: Entry) -> None:
    # Lists, not sets: most keys hold one or two entries (a set costs 216 bytes, a list 64);
    # removal scans the list, a few µs even for a word thousands of queries share.
    for i, filed in enumerate(entries):
        if filed is entry:
            del entries[i]
            return


class Split:
    __slots__ = ("anchor", "loose", "pairs", "prefix_pairs", "share", "where")

    def __init__(self, anchor: str, entries: list[Entry], share: Callable[[str], float]) -> None:
        self.anchor = anchor
        self.share = share
        self.where: dict[int, tuple[str, ...]] = {}  # id(entry) → its second names
        self.loose: list[Entry] = []  # entries with nothing else to look up
        self.pairs: dict[str, list[Entry]] = {}
        # length → prefix → entries: a document looks its keys' heads of that length up.
        self.prefix_pairs: dict[int, dict[str, list[Entry]]] = {}
        for entry in entries:
            self.append(entry)

    def append(self, entry: Entry) -> None:
        names = second_names(entry, self.anchor, self.share)
        self.where[id(entry)] = names
        if not names:
            self.loose.append(entry)
        for name in names:
            self._sub(name, create=True).append(entry)  # type: ignore[union-attr]

    def _sub(self, name: str, create: bool = False) -> list[Entry] | None:
        pairs = self.pairs
        if name[:1] == PREFIX_MARK:
            name = name[1:]
            pairs = self.prefix_pairs.get(len(name)) or {}
            if create and not pairs:
                pairs = self.prefix_pairs[len(name)] = {}
        return pairs.setdefault(name, []) if create else pairs.get(name)

    def remove(self, entry: Entry) -> None:
        names = self.where.pop(id(entry), None)
        if names is None:
            return
        if not names:
            remove_entry(self.loose, entry)
        for name in names:
            entries = self._sub(name)
            if entries is not None:
                remove_entry(entries, entry)
                if not entries:
                    self._drop(name)

    def _drop(self, name: str) -> None:
        if name[:1] != PREFIX_MARK:
            del self.pairs[name]
            return
        pairs = self.prefix_pairs[len(name) - 1]
        del pairs[name[1:]]
        if not pairs:
            del self.prefix_pairs[len(name) - 1]

    def __len__(self) -> int:
        return len(self.where)

    def __iter__(self) -> Iterator[Entry]:
        """Every entry once."""
        yield from self.loose
        seen: set[int] = set()
        lists = [*self.pairs.values()]
        for pairs in self.prefix_pairs.values():
            lists.extend(pairs.values())
        for entries in lists:
            for entry in entries:
                if id(entry) not in seen:
                    seen.add(id(entry))
                    yield entry
