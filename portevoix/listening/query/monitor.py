"""`Monitor`: many standing queries matched against a stream of documents (the percolator).

Each query is indexed under its anchors (`compiler.anchors`): keys one of which every matching
document contains. A document is tokenised once (`Document`); its keys are looked up in the
anchor index (a dict, plus a prefix table for wildcard anchors), and only those candidates are
evaluated exactly. Adding, replacing or removing a query touches that query's entries only.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from .ast import Node
from .compiler import Anchor, Form, anchors, compile_query, evaluate
from .document import Document
from .parser import parse

# Wildcard anchors are grouped by their first characters, then by exact prefix: a document key
# costs one lookup, and a few slices only when some wildcard shares its first characters.
_HEAD = 3


class Monitor:
    """A set of standing queries. `add` parses text (raising `QueryError`) or takes a tree."""

    def __init__(self) -> None:
        self._forms: dict[Hashable, Form] = {}
        self._anchors: dict[Hashable, tuple[Anchor, ...] | None] = {}
        self._exact: dict[str, set[Hashable]] = {}
        self._prefixes: dict[str, dict[str, set[Hashable]]] = {}
        self._always: set[Hashable] = set()

    def __len__(self) -> int:
        return len(self._forms)

    def __contains__(self, query_id: object) -> bool:
        return query_id in self._forms

    def add(self, query_id: Hashable, query: str | Node) -> None:
        """Add a query, or replace the one with this id (the old one stays if `query` is refused)."""
        node = parse(query) if isinstance(query, str) else query
        form = compile_query(node)
        found = anchors(node)
        if query_id in self._forms:
            self.remove(query_id)
        self._forms[query_id] = form
        if found is None:
            self._anchors[query_id] = None
            self._always.add(query_id)
            return
        keys = tuple(found[1])
        self._anchors[query_id] = keys
        for is_prefix, key in keys:
            if is_prefix:
                bucket = self._prefixes.setdefault(key[:_HEAD], {})
                bucket.setdefault(key, set()).add(query_id)
            else:
                self._exact.setdefault(key, set()).add(query_id)

    update = add

    def remove(self, query_id: Hashable) -> None:
        """Forget a query; an unknown id is ignored."""
        if self._forms.pop(query_id, None) is None:
            return
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

    def candidates(self, doc: Document) -> set[Hashable]:
        """The queries that may match: those with an anchor among the document's keys."""
        found = set(self._always)
        exact = self._exact
        for key in doc.keys:
            ids = exact.get(key)
            if ids is not None:
                found.update(ids)
        prefixes = self._prefixes
        if prefixes:
            for key in doc.keys:
                bucket = prefixes.get(key[:_HEAD])
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


def _discard(index: dict[str, set[Hashable]], key: str, query_id: Hashable) -> None:
    ids = index.get(key)
    if ids is not None:
        ids.discard(query_id)
        if not ids:
            del index[key]
