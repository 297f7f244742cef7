"""`Monitor`: many standing queries matched against a stream of documents (the percolator).

Each query is indexed under its anchors (`compiler.anchors`): keys one of which every matching
document contains. A document is tokenised once (`Document`); its keys are looked up in the
anchor index (a dict, plus a prefix table for wildcard anchors), and only those candidates are
evaluated exactly. Adding, replacing or removing a query touches that query's entries only.

Anchors are first chosen on a guess (long words are rare). The guess cannot know that, in this
stream, `service` is everywhere: so the Monitor samples one document in `SAMPLE_EVERY`, counts
which anchor keys it holds, and when an anchor proves common (`HOT_RATE`) re-anchors the queries
indexed under it, with the observed rates, on a rarer key if they have one. Only those queries
move; a query's matches never depend on its anchors, only the number of candidates does.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from .ast import Node
from .compiler import PREFIX_MARK, Anchor, Form, anchors, compile_query, evaluate, guess_share
from .document import Document
from .parser import parse

# Wildcard anchors are grouped by their first characters, then by exact prefix: a document key
# costs one lookup, and a few slices only when some wildcard shares its first characters.
_HEAD = 3
SAMPLE_EVERY = 16
REBALANCE_EVERY = 32  # samples
HOT_RATE = 0.02  # an anchor held by more documents than this is worth replacing
HOT_CANDIDATES = 0.05  # or one that brings this many candidates per document
MIN_HITS = 3


class Monitor:
    """A set of standing queries. `add` parses text (raising `QueryError`) or takes a tree."""

    def __init__(self) -> None:
        self._forms: dict[Hashable, Form] = {}
        self._anchors: dict[Hashable, tuple[Anchor, ...] | None] = {}
        self._exact: dict[str, list[Hashable]] = {}
        self._prefixes: dict[str, dict[str, list[Hashable]]] = {}
        self._always: set[Hashable] = set()
        self._documents = 0
        self._samples = 0
        self._hits: dict[str, int] = {}
        self._rates: dict[str, float] = {}
        self._settled: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._forms)

    def __contains__(self, query_id: object) -> bool:
        return query_id in self._forms

    def add(self, query_id: Hashable, query: str | Node) -> None:
        """Add a query, or replace the one with this id (the old one stays if `query` is refused)."""
        node = parse(query) if isinstance(query, str) else query
        form = compile_query(node)
        if query_id in self._forms:
            self.remove(query_id)
        self._forms[query_id] = form
        self._index(query_id, form)

    update = add

    def _share(self, key: str) -> float:
        rate = self._rates.get(key)
        return guess_share(key) if rate is None else rate

    def _index(self, query_id: Hashable, form: Form) -> None:
        found = anchors(form, self._share)
        if found is None:
            self._anchors[query_id] = None
            self._always.add(query_id)
            return
        keys = tuple(found[1])
        self._anchors[query_id] = keys
        for is_prefix, key in keys:
            if is_prefix:
                bucket = self._prefixes.setdefault(key[:_HEAD], {})
                bucket.setdefault(key, []).append(query_id)
            else:
                self._exact.setdefault(key, []).append(query_id)

    def _unindex(self, query_id: Hashable) -> None:
        keys = self._anchors.pop(query_id)
        if keys is None:
            self._always.discard(query_id)
            return
        for is_prefix, key in keys:
            if is_prefix:
                bucket = self._prefixes[key[:_HEAD]]
                _discard(bucket, key, query_id)
                if not bucket:
                    del self._prefixes[key[:_HEAD]]
            else:
                _discard(self._exact, key, query_id)

    def remove(self, query_id: Hashable) -> None:
        """Forget a query; an unknown id is ignored."""
        if self._forms.pop(query_id, None) is not None:
            self._unindex(query_id)

    def _observe(self, doc: Document) -> None:
        """Count, on a sampled document, the anchor keys it holds; re-anchor on common ones."""
        self._samples += 1
        exact, hits = self._exact, self._hits
        prefixes = self._prefixes
        for key in doc.keys:
            if key in exact:
                hits[key] = hits.get(key, 0) + 1
            bucket = prefixes.get(key[:_HEAD])
            if bucket is not None:
                for prefix in bucket:
                    if key.startswith(prefix):
                        name = PREFIX_MARK + prefix
                        hits[name] = hits.get(name, 0) + 1
        if self._samples % REBALANCE_EVERY:
            return
        samples, rates = self._samples, self._rates
        for key, n in hits.items():
            if self._is_anchor(key):  # a key no longer used as an anchor is no longer counted
                # Never lowered: noise must not send queries back to a key known to be common.
                rates[key] = max(rates.get(key, 0.0), n / samples)
        for key, n in hits.items():
            rate = rates[key]
            if n < MIN_HITS or not self._is_anchor(key):
                continue
            # Worth moving: the candidates it brings (its rate × its queries) add up.
            if rate <= HOT_RATE and rate * len(self._anchored_on(key)) <= HOT_CANDIDATES:
                continue
            if self._settled.get(key, 0.0) * 1.5 > rate:
                continue  # its queries were re-anchored at about this rate already
            self._settled[key] = rate
            for query_id in list(self._anchored_on(key)):
                self._unindex(query_id)
                self._index(query_id, self._forms[query_id])

    def _is_anchor(self, name: str) -> bool:
        if name[:1] == PREFIX_MARK:
            return name[1:] in self._prefixes.get(name[1 : 1 + _HEAD], ())
        return name in self._exact

    def _anchored_on(self, name: str) -> list[Hashable]:
        if name[:1] == PREFIX_MARK:
            return self._prefixes[name[1 : 1 + _HEAD]][name[1:]]
        return self._exact[name]

    def candidates(self, doc: Document) -> set[Hashable]:
        """The queries that may match: those with an anchor among the document's keys."""
        self._documents += 1
        if not self._documents % SAMPLE_EVERY:
            self._observe(doc)
        found = set(self._always)
        exact = self._exact.get
        prefixes = self._prefixes.get if self._prefixes else None
        for key in doc.keys:
            ids = exact(key)
            if ids is not None:
                found.update(ids)
            if prefixes is not None:
                bucket = prefixes(key[:_HEAD])
                if bucket is not None:
                    for prefix, ids in bucket.items():
                        if key.startswith(prefix):
                            found.update(ids)
        return found

    def match(self, doc: Document) -> set[Hashable]:
        """The ids of the queries the document matches."""
        forms = self._forms
        return {qid for qid in self.candidates(doc) if evaluate(forms[qid], doc)}

    def match_many(self, docs: Iterable[Document]) -> Iterable[tuple[Document, set[Hashable]]]:
        for doc in docs:
            yield doc, self.match(doc)


def _discard(index: dict[str, list[Hashable]], key: str, query_id: Hashable) -> None:
    # Lists, not sets: most anchors hold one or two queries (a set costs 216 bytes, a list 64);
    # removal scans the list, a few µs even for a word thousands of queries share.
    ids = index.get(key)
    if ids is not None:
        ids.remove(query_id)
        if not ids:
            del index[key]
