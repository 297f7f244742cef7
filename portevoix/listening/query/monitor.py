"""`Monitor`: many standing queries matched against a stream of documents (the percolator).

Each query becomes clauses (`prefilter.clauses`): set checks one of which every match passes.
A clause is an index entry ``(query id, need, avoid, any_of, prefixes, sure)`` filed under its
rarest key (or each key of its rarest `any_of` group, or a wildcard prefix). A document is
tokenised once (`Document`); the index keys it holds come from one C-level intersection, each
entry filed there is checked with set operations, and only the queries that pass an entry that
is not `sure` run through the exact evaluator. Adding, replacing or removing a query touches
that query's entries only.

Keys are first ranked on a guess (long words are rare). The guess cannot know that, in this
stream, `service` is everywhere: so the Monitor samples one document in `SAMPLE_EVERY`, counts
which index keys it holds, and when a key proves common (`HOT_RATE`) files the entries under it
again, with the observed rates, under a rarer key if they have one. Only those queries move; a
query's matches never depend on where its entries are filed, only the work per document does.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable
from typing import Any

from .ast import Node
from .buckets import JOIN_AT, SPLIT_AT, Entry, Split
from .compiler import Form, compile_query, evaluate
from .document import Document
from .parser import parse
from .prefilter import PREFIX_MARK, Clause, clauses, guess_share

Bucket = tuple[Entry, ...] | Split

SAMPLE_EVERY = 16
REBALANCE_EVERY = 32  # samples
HOT_RATE = 0.02  # a key held by more documents than this is worth replacing
HOT_CANDIDATES = 0.05  # or one that brings this many entries to check per document
MIN_HITS = 3
SHARED_BY = 16  # queries filed under a key that double its guessed share
SETTLED = 2.0  # a key's entries are refiled again once its rate has grown this much
REFILE_BUDGET = 1024  # queries refiled per rebalancing, at most
MAX_PREFIX_MISSES = (
    4096  # words remembered as starting no wildcard prefix (a small set stays in cache)
)
PREFIX_COST = 0.05  # in shares of documents: what a new length of wildcard prefix costs

ALWAYS = ""  # the name under which entries with nothing to look up are filed


def _entry(query_id: Hashable, clause: Clause, seen: dict[Any, Any]) -> Entry:
    need, avoid, any_of, prefixes, sure = clause
    need_keys, avoid_keys = tuple(need), tuple(avoid)
    return (
        query_id,
        # One tuple per distinct value within a query (its clauses often avoid the same keys).
        seen.setdefault(need_keys, need_keys),
        seen.setdefault(avoid_keys, avoid_keys),
        tuple(map(tuple, any_of)) if any_of else (),
        tuple(prefixes) if prefixes else (),
        sure,
    )


class Monitor:
    """A set of standing queries. `add` parses text (raising `QueryError`) or takes a tree."""

    def __init__(self) -> None:
        # The compiled form, kept only for queries with an entry that is not `sure`.
        self._forms: dict[Hashable, Form] = {}
        # Per query: where its entries are filed, flat (name, entry, name, entry, …).
        self._placed: dict[Hashable, tuple[Any, ...]] = {}
        # Tuples, not lists: most keys hold one or two entries (a tuple of one costs 48 bytes, a
        # list 88); past SPLIT_AT entries a key's bucket becomes a Split.
        self._exact: dict[str, Bucket] = {}
        # Its keys again, as a set: a set intersects a document's keys in one tight C loop,
        # about twice as fast as a dict's key view does.
        self._exact_names: set[str] = set()
        self._prefixes: dict[str, Bucket] = {}
        self._prefix_lengths: dict[int, int] = {}  # length → how many prefixes have it
        # Keys known to start no filed prefix; forgotten whenever a prefix is filed.
        self._prefix_misses: set[str] = set()
        self._always: tuple[Entry, ...] = ()
        self._documents = 0
        self._samples = 0
        self._hits: dict[str, int] = {}
        self._window: set[str] = set()  # keys counted since the last rebalancing
        self._to_refile: dict[Hashable, None] = {}  # queries whose keys proved common
        self._rates: dict[str, float] = {}
        self._settled: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._placed)

    def __contains__(self, query_id: object) -> bool:
        return query_id in self._placed

    def add(self, query_id: Hashable, query: str | Node) -> None:
        """Add a query, or replace the one with this id (the old one stays if `query` is refused)."""
        node = parse(query) if isinstance(query, str) else query
        found = clauses(node)
        form = None if all(c.sure for c in found) else compile_query(node)
        if query_id in self._placed:
            self.remove(query_id)
        seen: dict[Any, Any] = {}
        self._file(query_id, [_entry(query_id, c, seen) for c in found])
        if form is not None:
            self._forms[query_id] = form

    update = add

    def remove(self, query_id: Hashable) -> None:
        """Forget a query; an unknown id is ignored."""
        placed = self._placed.pop(query_id, None)
        if placed is not None:
            self._unfile(placed)
            self._forms.pop(query_id, None)

    # --- filing entries -------------------------------------------------------------------

    def _share(self, name: str) -> float:
        rate = self._rates.get(name)
        if rate is not None:
            return rate
        # Before the stream says how common a key is: a key many queries already need is
        # likelier a topic word (`service`) than a brand name, which its few queries share.
        bucket = self._bucket(name)
        return guess_share(name) * (1 + len(bucket) / SHARED_BY) if bucket else guess_share(name)

    def _names(self, entry: Entry) -> tuple[str, ...]:
        """Where to file an entry: its rarest needed key, rarest group, or rarest prefix."""
        _query_id, need, _avoid, any_of, prefixes, _sure = entry
        share = self._share
        options = [(share(key), (key,)) for key in need]
        options += [(sum(share(key) for key in group), group) for group in any_of]
        # Each prefix length in use costs every document a pass over its keys (about 2 µs),
        # whatever the table holds: a new length is worth it beside a word only when the word
        # is common.
        lengths = self._prefix_lengths
        options += [
            (
                share(PREFIX_MARK + p) + (0.0 if len(p) in lengths else PREFIX_COST),
                (PREFIX_MARK + p,),
            )
            for p in prefixes
        ]
        return min(options)[1] if options else (ALWAYS,)

    def _file(self, query_id: Hashable, entries: list[Entry]) -> None:
        placed: list[Any] = []
        for entry in entries:
            for name in self._names(entry):
                bucket = self._bucket(name)
                if bucket is None:
                    bucket = (entry,)
                    if name[:1] == PREFIX_MARK:
                        lengths = self._prefix_lengths
                        lengths[len(name) - 1] = lengths.get(len(name) - 1, 0) + 1
                        self._prefix_misses.clear()
                elif isinstance(bucket, Split):
                    bucket.append(entry)
                else:
                    bucket += (entry,)
                    if len(bucket) > SPLIT_AT and name != ALWAYS:
                        bucket = Split(name, list(bucket), self._share)
                self._store(name, bucket)
                placed += (name, entry)
        self._placed[query_id] = tuple(placed)

    def _unfile(self, placed: tuple[Any, ...]) -> None:
        for i in range(0, len(placed), 2):
            name, entry = placed[i], placed[i + 1]
            bucket = self._bucket(name)
            if bucket is None:
                continue
            if isinstance(bucket, Split):
                bucket.remove(entry)
                if len(bucket) < JOIN_AT:
                    bucket = tuple(bucket)
            else:
                bucket = tuple([filed for filed in bucket if filed is not entry])
            if bucket or name == ALWAYS:
                self._store(name, bucket)
            elif name[:1] == PREFIX_MARK:
                del self._prefixes[name[1:]]
                lengths = self._prefix_lengths
                lengths[len(name) - 1] -= 1
                if not lengths[len(name) - 1]:
                    del lengths[len(name) - 1]
            else:
                del self._exact[name]
                self._exact_names.discard(name)

    def _bucket(self, name: str) -> Bucket | None:
        if name == ALWAYS:
            return self._always
        if name[:1] == PREFIX_MARK:
            return self._prefixes.get(name[1:])
        return self._exact.get(name)

    def _store(self, name: str, bucket: Bucket) -> None:
        if name == ALWAYS:
            self._always = bucket  # type: ignore[assignment]
        elif name[:1] == PREFIX_MARK:
            self._prefixes[name[1:]] = bucket
        else:
            self._exact[name] = bucket
            self._exact_names.add(name)

    # --- learning which keys are common ---------------------------------------------------

    def _observe(self, hits: Iterable[str], prefixes: Iterable[str]) -> None:
        """Count, on a sampled document, the index keys it holds; refile entries on common ones."""
        self._samples += 1
        counts, window = self._hits, self._window
        for key in hits:
            counts[key] = counts.get(key, 0) + 1
            window.add(key)
        for prefix in prefixes:
            name = PREFIX_MARK + prefix
            counts[name] = counts.get(name, 0) + 1
            window.add(name)
        if self._samples % REBALANCE_EVERY:
            return
        # Only the keys seen since the last look: the rest cannot have grown more common (and
        # looking at every key ever counted would cost 0.1 s at 100k queries).
        self._window = set()
        samples, rates = self._samples, self._rates
        for name in window:
            n = counts[name]
            bucket = self._bucket(name)
            if n < MIN_HITS or not bucket:
                continue
            # Never lowered: noise must not send entries back to a key known to be common.
            rate = rates[name] = max(rates.get(name, 0.0), n / samples)
            # Worth moving: the entries it brings to check (its rate × its entries) add up.
            if rate <= HOT_RATE and rate * len(bucket) <= HOT_CANDIDATES:
                continue
            if self._settled.get(name, 0.0) * SETTLED > rate:
                continue  # its entries were refiled at about this rate already
            self._settled[name] = rate
            self._to_refile.update(dict.fromkeys(entry[0] for entry in bucket))
        # A bounded share of the work each time: a word 2,000 queries share must not stall the
        # stream for the 50 ms its refiling costs.
        for query_id in list(itertools.islice(self._to_refile, REFILE_BUDGET)):
            del self._to_refile[query_id]
            if query_id in self._placed:
                self._refile(query_id)

    def _refile(self, query_id: Hashable) -> None:
        """File a query's entries again under the keys now rarest (when that changes anything)."""
        placed = self._placed[query_id]
        entries = list({id(e): e for e in placed[1::2]}.values())
        names = [name for entry in entries for name in self._names(entry)]
        if names != list(placed[::2]):  # unchanged: spare a scan of big buckets per entry
            self._unfile(placed)
            self._file(query_id, entries)

    # --- matching -------------------------------------------------------------------------

    def prefilter(self, doc: Document) -> tuple[set[Hashable], set[Hashable]]:
        """(sure, unsure): the queries the set checks prove matched, and those left to check."""
        self._documents += 1
        keys = doc.keys
        sure: set[Hashable] = set()
        unsure: set[Hashable] = set()
        exact = self._exact
        hits = keys & self._exact_names  # in C: a lookup per document key
        check, check_split = self._check, self._check_split
        for key in hits:
            bucket = exact[key]
            if bucket.__class__ is tuple:
                check(doc, bucket, sure, unsure)  # type: ignore[arg-type]
            else:
                check_split(doc, bucket, sure, unsure)  # type: ignore[arg-type]
        found_prefixes = self._prefix_hits(doc) if self._prefixes else ()
        for prefix in found_prefixes:
            bucket = self._prefixes[prefix]
            if bucket.__class__ is tuple:
                check(doc, bucket, sure, unsure)  # type: ignore[arg-type]
            else:
                check_split(doc, bucket, sure, unsure)  # type: ignore[arg-type]
        if self._always:
            self._check(doc, self._always, sure, unsure)
        if not self._documents % SAMPLE_EVERY:
            self._observe(hits, found_prefixes)
        unsure -= sure
        return sure, unsure

    def _prefix_hits(self, doc: Document) -> set[str]:
        """The filed prefixes some key of the document starts with."""
        prefixes, lengths = self._prefixes, self._prefix_lengths
        # Most of a document's keys are words seen before that start no filed prefix: the set
        # difference drops them in C, and only the others (brand names, rare words) are sliced.
        misses = self._prefix_misses
        found: set[str] = set()
        for key in doc.keys - misses:
            hit = False
            for length in lengths:
                if key[:length] in prefixes:
                    found.add(key[:length])
                    hit = True
            if not hit:
                misses.add(key)
        if len(misses) > MAX_PREFIX_MISSES:
            misses.clear()
        return found

    @classmethod
    def _check_split(cls, doc: Document, bucket: Split, sure: set, unsure: set) -> None:
        """Only the entries under the second keys the document holds."""
        if bucket.loose:
            cls._check(doc, bucket.loose, sure, unsure)
        pairs = bucket.pairs
        for second in pairs.keys() & doc.keys:
            cls._check(doc, pairs[second], sure, unsure)
        for length, by_prefix in bucket.prefix_pairs.items():
            for prefix in by_prefix.keys() & doc.heads(length):
                cls._check(doc, by_prefix[prefix], sure, unsure)

    @staticmethod
    def _check(doc: Document, entries: Iterable[Entry], sure: set, unsure: set) -> None:
        keys = doc.keys
        for query_id, need, avoid, any_of, prefixes, is_sure in entries:
            if need and not keys.issuperset(need):
                continue
            if avoid and not keys.isdisjoint(avoid):
                continue
            if any_of and not _any_of(keys, any_of):
                continue
            if prefixes and not _prefixes(doc, prefixes):
                continue
            (sure if is_sure else unsure).add(query_id)

    def candidates(self, doc: Document) -> set[Hashable]:
        """The queries that may match (a superset of the matches): those passing a clause."""
        sure, unsure = self.prefilter(doc)
        return sure | unsure

    def match(self, doc: Document) -> set[Hashable]:
        """The ids of the queries the document matches."""
        sure, unsure = self.prefilter(doc)
        if unsure:
            forms = self._forms
            sure.update([qid for qid in unsure if evaluate(forms[qid], doc)])
        return sure

    def match_many(self, docs: Iterable[Document]) -> Iterable[tuple[Document, set[Hashable]]]:
        for doc in docs:
            yield doc, self.match(doc)


# Loops rather than all(…): no generator object per checked entry.
def _any_of(keys: set[str], groups: tuple[tuple[str, ...], ...]) -> bool:
    for group in groups:  # noqa: SIM110
        if keys.isdisjoint(group):
            return False
    return True


def _prefixes(doc: Document, prefixes: tuple[str, ...]) -> bool:
    for prefix in prefixes:  # noqa: SIM110
        if not doc.has_prefix(prefix):
            return False
    return True
