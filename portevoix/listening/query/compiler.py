"""The engine's compact form of a query, its evaluator, and the terms a match must contain.

`compile_query` turns a syntax tree into nested tuples whose leaves are interned strings, so that
most checks are one C-level set operation (`required <= doc.keys`) and a standing query costs a
few hundred bytes. Forms (`keys` are folded tokens or `field_key`s):

- `key` (a str): the key is in the document.
- `(ALL, required, forbidden, rest)`: every required key present, no forbidden key, every rest.
- `(ANY, keys, rest)`: a key present, or one of rest.
- `(NOT, form)`.
- `(SEQ, leaves)`: the leaves at consecutive positions (a phrase).
- `(NEAR, distance, ordered, left, right)`: sides are tuples of leaf sequences (OR groups).
- `(WILD, leaf)` / `(RAW, leaf)`: a wildcard or raw term, alone.
Leaves of positional forms: a key, `(RAWP, raw form)` or `(WILDP, prefix, regex or None)`.

`anchors` picks, per query, the keys one of which every matching document contains (the
"presearcher" of Lucene Monitor): a term gives itself, AND the cheapest child, OR the union of
its children, NOT nothing. `None` means there is none (the query is checked on every document).
"""

from __future__ import annotations

import re
import sys
from typing import Any

from portevoix.lib.textfold import MARKERS, fold

from .ast import And, Field, Near, Node, Not, Or, Phrase, Term
from .document import Document, field_key

ALL, ANY, NOT, SEQ, NEAR, WILD, RAW, RAWP, WILDP = range(9)

Form = Any  # str | tuple: recursive shapes are documented above, not typed

# Words so common that anchoring a query on them would make it a candidate for most documents.
_STOPWORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "il",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "mon",
        "ne",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "l",
        "d",
        "j",
        "m",
        "n",
        "s",
        "t",
        "c",
        "qu",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "we",
        "were",
        "with",
        "you",
        "your",
    ]
)
# Guessed share of documents holding a field value: these are poor anchors beside a word.
_FIELD_SHARE = {"lang": 0.5, "source": 0.3, "site": 0.05, "author": 0.02}


def _intern(text: str) -> str:
    return sys.intern(text)


def _wild_leaf(pattern: str) -> tuple[int, str, re.Pattern[str] | None]:
    cut = min(i for i in (pattern.find("*"), pattern.find("?")) if i >= 0)
    prefix = pattern[:cut]
    if pattern[cut:] == "*":
        return (WILDP, _intern(prefix), None)  # the common `lumi*`: a prefix test is enough
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return (WILDP, _intern(prefix), re.compile(regex, re.DOTALL))


def _leaf(term: Term) -> Form:
    if term.raw:
        return (RAWP, _intern(term.text))
    if term.wildcard:
        return _wild_leaf(term.text)
    return _intern(term.text)


def _sequences(node: Node) -> tuple[tuple[Form, ...], ...]:
    """A NEAR side as alternatives of leaf sequences."""
    if isinstance(node, Or):
        return tuple(seq for child in node.children for seq in _sequences(child))
    terms = node.terms if isinstance(node, Phrase) else (node,)
    return (tuple(_leaf(t) for t in terms),)  # type: ignore[arg-type]


def compile_query(node: Node) -> Form:
    if isinstance(node, Term):
        leaf = _leaf(node)
        if isinstance(leaf, str):
            return leaf
        return (RAW, leaf) if node.raw else (WILD, leaf)
    if isinstance(node, Field):
        return _intern(field_key(node.name, node.value))
    if isinstance(node, Phrase):
        return (SEQ, tuple(_leaf(t) for t in node.terms))
    if isinstance(node, Near):
        return (NEAR, node.distance, node.ordered, _sequences(node.left), _sequences(node.right))
    if isinstance(node, Not):
        return (NOT, compile_query(node.child))
    children = [compile_query(child) for child in node.children]
    keys = frozenset(c for c in children if isinstance(c, str))
    if isinstance(node, Or):
        return (ANY, keys, tuple(c for c in children if not isinstance(c, str)))
    forbidden = frozenset(c[1] for c in children if _is_not_key(c))
    rest = tuple(c for c in children if not isinstance(c, str) and not _is_not_key(c))
    return (ALL, keys, forbidden, rest)


def _is_not_key(form: Form) -> bool:
    return isinstance(form, tuple) and form[0] == NOT and isinstance(form[1], str)


# --- evaluation -----------------------------------------------------------------------------


def _leaf_positions(leaf: Form, doc: Document) -> list[int]:
    if isinstance(leaf, str):
        return doc.positions(leaf)
    if leaf[0] == RAWP:
        return doc.raw_positions(leaf[1])
    found: list[int] = []
    for key in _wild_keys(leaf, doc):
        found.extend(doc.positions(key))
    return found


def _wild_keys(leaf: Form, doc: Document) -> list[str]:
    keys = doc.keys_starting_with(leaf[1])
    regex = leaf[2]
    return keys if regex is None else [k for k in keys if regex.fullmatch(k)]


def _starts(leaves: tuple[Form, ...], doc: Document) -> list[int]:
    """Positions where the leaves occur one after the other."""
    first = _leaf_positions(leaves[0], doc)
    if not first or len(leaves) == 1:
        return first
    following = []
    for leaf in leaves[1:]:
        positions = _leaf_positions(leaf, doc)
        if not positions:
            return []
        following.append(set(positions))
    return [s for s in first if all(s + k in at for k, at in enumerate(following, 1))]


def _spans(side: tuple[tuple[Form, ...], ...], doc: Document) -> list[tuple[int, int]]:
    return [(s, s + len(seq) - 1) for seq in side for s in _starts(seq, doc)]


def evaluate(form: Form, doc: Document) -> bool:
    if form.__class__ is str:
        return form in doc.keys
    op = form[0]
    if op == ALL:
        if not form[1] <= doc.keys or not form[2].isdisjoint(doc.keys):
            return False
        return all(evaluate(child, doc) for child in form[3]) if form[3] else True
    if op == ANY:
        if not form[1].isdisjoint(doc.keys):
            return True
        return any(evaluate(child, doc) for child in form[2])
    if op == NOT:
        return not evaluate(form[1], doc)
    if op == SEQ:
        return bool(_starts(form[1], doc))
    if op == NEAR:
        distance, ordered = form[1], form[2]
        right = _spans(form[4], doc)
        if not right:
            return False
        for first, last in _spans(form[3], doc):
            for other_first, other_last in right:
                if last < other_first and other_first - last <= distance:
                    return True
                if not ordered and other_last < first and first - other_last <= distance:
                    return True
        return False
    if op == WILD:
        return bool(_wild_keys(form[1], doc))
    return bool(doc.raw_positions(form[1][1]))  # RAW


# --- anchors --------------------------------------------------------------------------------

Anchor = tuple[bool, str]  # (is a prefix, key)


def _share(key: str) -> float:
    """A guess of the share of documents holding a key: long, marked words are rare."""
    bare = key[1:] if key[:1] in MARKERS else key
    share = 0.5 if bare in _STOPWORDS else 0.05 * 0.7 ** max(0, len(bare) - 3)
    return share * 0.3 if bare is not key else share


def _term_anchor(term: Term) -> tuple[float, list[Anchor]]:
    if term.wildcard:
        cut = min(i for i in (term.text.find("*"), term.text.find("?")) if i >= 0)
        prefix = term.text[:cut]
        return _share(prefix) * 4, [(True, _intern(prefix))]
    key = fold(term.text) if term.raw else term.text
    return _share(key), [(False, _intern(key))]


def anchors(node: Node) -> tuple[float, list[Anchor]] | None:
    """The cheapest key set one of which every match contains, with its guessed share."""
    if isinstance(node, Term):
        return _term_anchor(node)
    if isinstance(node, Phrase):
        return min((_term_anchor(t) for t in node.terms), key=lambda a: a[0])
    if isinstance(node, Field):
        return _FIELD_SHARE[node.name], [(False, _intern(field_key(node.name, node.value)))]
    if isinstance(node, Not):
        return None
    if isinstance(node, Near):
        sides = [a for a in (anchors(node.left), anchors(node.right)) if a is not None]
        return min(sides, key=lambda a: a[0]) if sides else None
    found = [anchors(child) for child in node.children]
    if isinstance(node, And):
        usable = [a for a in found if a is not None]
        return min(usable, key=lambda a: a[0]) if usable else None
    if any(a is None for a in found):
        return None
    union = [anchor for a in found if a is not None for anchor in a[1]]
    return sum(a[0] for a in found if a is not None), list(dict.fromkeys(union))
