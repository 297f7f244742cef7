"""The naive evaluator: the syntax tree walked directly over a document's token lists.

It is the reference for exactness (the engine must agree with it on every document) and the
baseline of the matching benchmark, so it is written for obviousness, not speed: it scans the
token lists and uses none of the engine's sets, indexes or compiled forms.
"""

from __future__ import annotations

from portevoix.lib.textfold import MARKERS, strip_marker

from .ast import And, Field, Near, Node, Not, Or, Phrase, Term
from .document import Document
from .fields import author_forms, normalise_lang, normalise_source


def evaluate(node: Node, doc: Document) -> bool:
    """Does the document match the query?"""
    if isinstance(node, Term | Phrase):
        return bool(_spans(node, doc))
    if isinstance(node, Field):
        return _field(node, doc)
    if isinstance(node, Not):
        return not evaluate(node.child, doc)
    if isinstance(node, And):
        return all(evaluate(child, doc) for child in node.children)
    if isinstance(node, Or):
        return any(evaluate(child, doc) for child in node.children)
    return _near(node, doc)


def _glob(pattern: str, text: str) -> bool:
    """`*` any run of characters (even none), `?` exactly one."""
    if not pattern:
        return not text
    head = pattern[0]
    if head == "*":
        return any(_glob(pattern[1:], text[i:]) for i in range(len(text) + 1))
    if not text:
        return False
    return (head == "?" or head == text[0]) and _glob(pattern[1:], text[1:])


def _term_at(term: Term, doc: Document, i: int) -> bool:
    token = doc.raw[i] if term.raw else doc.folded[i]
    if term.text[0] not in MARKERS:
        token = strip_marker(token)  # a plain term also stands for the hashtag and the handle
    return _glob(term.text, token) if term.wildcard else token == term.text


def _index(doc: Document) -> dict[tuple[bool, str], list[int]]:
    """Where each form of each token stands; built once per document (the last one is kept)."""
    global _last
    if _last is not None and _last[0] is doc:
        return _last[1]
    index: dict[tuple[bool, str], list[int]] = {}
    for raw in (False, True):
        for i, token in enumerate(doc.raw if raw else doc.folded):
            index.setdefault((raw, token), []).append(i)
            if token[0] in MARKERS:
                index.setdefault((raw, token[1:]), []).append(i)
    _last = (doc, index)
    return index


_last: tuple[Document, dict[tuple[bool, str], list[int]]] | None = None


def _term_positions(term: Term, doc: Document) -> list[int]:
    index = _index(doc)
    if not term.wildcard:
        return index.get((term.raw, term.text), [])
    marked = term.text[0] in MARKERS
    found = [
        i
        for (raw, token), positions in index.items()
        if not raw and (token[0] in MARKERS) == marked and _glob(term.text, token)
        for i in positions
    ]
    return sorted(set(found))


def _spans(node: Node, doc: Document) -> list[tuple[int, int]]:
    """(first, last) token positions of every occurrence of a term, phrase or OR group."""
    if isinstance(node, Or):
        return [span for child in node.children for span in _spans(child, doc)]
    terms: tuple[Term, ...] = node.terms if isinstance(node, Phrase) else (node,)  # type: ignore[assignment]
    size, count = len(terms), len(doc.folded)
    return [
        (i, i + size - 1)
        for i in _term_positions(terms[0], doc)
        if i + size <= count and all(_term_at(t, doc, i + k) for k, t in enumerate(terms[1:], 1))
    ]


def _near(node: Near, doc: Document) -> bool:
    for first, last in _spans(node.left, doc):
        for other_first, other_last in _spans(node.right, doc):
            if last < other_first and other_first - last <= node.distance:
                return True
            if not node.ordered and other_last < first and first - other_last <= node.distance:
                return True
    return False


def _field(node: Field, doc: Document) -> bool:
    if node.name == "lang":
        return normalise_lang(doc.lang) == node.value
    if node.name == "source":
        return normalise_source(doc.source) == node.value
    if node.name == "site":
        return doc.host == node.value or doc.host.endswith("." + node.value)
    return node.value in author_forms(doc.author)
