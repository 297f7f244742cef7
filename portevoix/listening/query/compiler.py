"""The engine's compact form of a query and its exact evaluator.

`compile_query` turns a syntax tree into nested tuples whose leaves are interned strings, so that
most checks are one C-level set operation (`required <= doc.keys`) and a standing query costs a
few hundred bytes. The Monitor keeps it only for queries its set checks cannot decide alone
(`prefilter`). Forms (`keys` are folded tokens or `field_key`s):

- `key` (a str): the key is in the document.
- `(ALL, required, forbidden, rest)`: every required key present, no forbidden key, every rest.
- `(ANY, keys, rest)`: a key present, or one of rest.
- `(NOT, form)`.
- `(SEQ, leaves)`: the leaves at consecutive positions (a phrase).
- `(NEAR, distance, ordered, left, right)`: sides are tuples of leaf sequences (OR groups).
- `(NEARK, distance, ordered, left, right)`: the same when every side is one word or an OR of
  words (the common `brand NEAR/3 (service OR prix)`): sides are tuples of keys.
- `(WILD, leaf)` / `(RAW, leaf)`: a wildcard or raw term, alone.
Leaves of positional forms: a key, `(RAWP, raw form)` or `(WILDP, prefix, regex or None)`.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from .ast import Field, Near, Node, Not, Or, Phrase, Term
from .document import Document, field_key

ALL, ANY, NOT, SEQ, NEAR, WILD, RAW, RAWP, WILDP, NEARK = range(10)
_POSITIONAL = (SEQ, NEAR, NEARK)

Form = Any  # str | tuple: recursive shapes are documented above, not typed


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
        left, right = _sequences(node.left), _sequences(node.right)
        if all(len(seq) == 1 and isinstance(seq[0], str) for seq in left + right):
            words = tuple(seq[0] for seq in left), tuple(seq[0] for seq in right)
            return (NEARK, node.distance, node.ordered, *words)
        return (NEAR, node.distance, node.ordered, left, right)
    if isinstance(node, Not):
        return (NOT, compile_query(node.child))
    # Tuples, not frozensets: 40 bytes + 8 a key against 216, and `set.issuperset(tuple)` and
    # `set.isdisjoint(tuple)` still run in C. One loop, no generator: add must stay ≤ 100 µs.
    keys: dict[str, None] = {}
    forbidden: dict[str, None] = {}
    rest: list[Form] = []
    is_or = isinstance(node, Or)
    for child in node.children:
        form = compile_query(child)
        if form.__class__ is str:
            keys[form] = None
        elif not is_or and form[0] == NOT and form[1].__class__ is str:
            forbidden[form[1]] = None
        else:
            rest.append(form)
    if is_or:
        return (ANY, tuple(keys), tuple(rest))
    return (ALL, tuple(keys), tuple(forbidden), tuple(rest))


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
    if len(following) == 1:  # the common two-word phrase: no generator per start
        second = following[0]
        return [s for s in first if s + 1 in second]
    return [s for s in first if all(s + k in at for k, at in enumerate(following, 1))]


def _spans(side: tuple[tuple[Form, ...], ...], doc: Document) -> list[tuple[int, int]]:
    return [(s, s + len(seq) - 1) for seq in side for s in _starts(seq, doc)]


def _positional(form: Form, doc: Document) -> bool:
    if form[0] == SEQ:
        return bool(_starts(form[1], doc))
    if form[0] == NEARK:
        return _near_keys(form, doc)
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


def _near_keys(form: Form, doc: Document) -> bool:
    """NEAR of single tokens: positions of the keys, no spans."""
    _op, distance, ordered, left_keys, right_keys = form
    positions = doc.positions
    right = [at for key in right_keys for at in positions(key)]
    if not right:
        return False
    for first in [at for key in left_keys for at in positions(key)]:
        for other in right:
            gap = other - first
            if 0 < gap <= distance or (not ordered and 0 < -gap <= distance):
                return True
    return False


def evaluate(form: Form, doc: Document) -> bool:
    if form.__class__ is str:
        return form in doc.keys
    op = form[0]
    # Loops, not all()/any() over a generator: no generator object per evaluated node.
    if op == ALL:
        keys = doc.keys
        if not keys.issuperset(form[1]) or not keys.isdisjoint(form[2]):
            return False
        for child in form[3]:  # noqa: SIM110
            if not evaluate(child, doc):
                return False
        return True
    if op == ANY:
        if not doc.keys.isdisjoint(form[1]):
            return True
        for child in form[2]:  # noqa: SIM110
            if evaluate(child, doc):
                return True
        return False
    if op == NOT:
        return not evaluate(form[1], doc)
    if op in _POSITIONAL:
        # Queries of different brands share phrases and NEARs (`"service client" NEAR/5f x`):
        # a document answers each positional check once, whichever query asks.
        done = doc.checked.get(form)
        if done is None:
            done = doc.checked[form] = _positional(form, doc)
        return done
    if op == WILD:
        return bool(_wild_keys(form[1], doc))
    return doc.has_raw(form[1][1])  # RAW
