"""The presearcher: what a document must contain for a query to have a chance, as set checks.

`clauses(node)` over-approximates a query by an OR of clauses. A clause is a conjunction the
document's key set checks in C: keys it must hold (`need`), keys it must not hold (`avoid`),
groups of which it must hold at least one key each (`any_of`, an OR of words kept whole instead
of multiplied out), and prefixes some key must start with (a wildcard). Every match satisfies a
clause; a clause marked `sure` is also sufficient (satisfying it is a match), so the exact
evaluator runs only for the other ones: phrases, NEAR, `raw:`, `?` wildcards, NOT of those.

Lucene Monitor indexes a query under one term and runs it on every document holding that term;
here the whole clause is checked before the query counts as a candidate, which is what brings
the candidates near the true matches (the benchmark's "≤ 2 candidates per match").

`share(key)` guesses how common a key is, to index each clause under its rarest key; the
Monitor replaces the guess by the rate it observes in the stream.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NamedTuple

from portevoix.lib.textfold import MARKERS, fold

from .ast import And, Field, Near, Node, Not, Or, Phrase, Term
from .document import FIELD_PREFIX, field_key

# An AND of ORs of phrases is multiplied out up to this many clauses, then its costliest parts
# are left to the exact check (fewer clauses, more candidates, never a missed match).
MAX_PRODUCT = 16


class Clause(NamedTuple):
    # A named tuple, not a frozen dataclass: a query builds dozens, and add must stay ≤ 100 µs.
    need: frozenset[str]
    avoid: frozenset[str]
    any_of: frozenset[frozenset[str]]
    prefixes: frozenset[str]
    sure: bool

    @property
    def empty(self) -> bool:
        return not (self.need or self.avoid or self.any_of or self.prefixes)


_NONE: frozenset[str] = frozenset()
# `Clause(...)` runs the named tuple's `__new__` in Python, `_replace` more: a query builds dozens
# of clauses, so they are made by the tuple constructor, in C.
_new = tuple.__new__


def _clause(
    need: frozenset[str] = _NONE,
    avoid: frozenset[str] = _NONE,
    any_of: frozenset[frozenset[str]] = frozenset(),
    prefixes: frozenset[str] = _NONE,
    sure: bool = True,
) -> Clause:
    return _new(Clause, (need, avoid, any_of, prefixes, sure))  # type: ignore[type-var]


def _both(a: Clause, b: Clause) -> Clause | None:
    """Both clauses at once; None when they contradict each other (`a -a`)."""
    need = a.need | b.need if a.need and b.need else a.need or b.need
    avoid = a.avoid | b.avoid if a.avoid and b.avoid else a.avoid or b.avoid
    if avoid and need and not need.isdisjoint(avoid):
        return None
    any_of = a.any_of | b.any_of if a.any_of and b.any_of else a.any_of or b.any_of
    if any_of:
        any_of = frozenset(g for g in any_of if need.isdisjoint(g))  # a needed key settles it
        if avoid and any(g <= avoid for g in any_of):
            return None
    prefixes = a.prefixes | b.prefixes if a.prefixes and b.prefixes else a.prefixes or b.prefixes
    return _new(Clause, (need, avoid, any_of, prefixes, a.sure and b.sure))  # type: ignore[type-var]


def _loosen(clause: Clause) -> Clause:
    if not clause.sure:
        return clause
    need, avoid, any_of, prefixes, _sure = clause
    return _new(Clause, (need, avoid, any_of, prefixes, False))  # type: ignore[type-var]


ANYTHING = _clause(sure=False)  # what cannot be checked by sets: the exact check decides
Clauses = list[Clause]


def _key(text: str) -> str:
    return sys.intern(text)


def wildcard_prefix(pattern: str) -> str:
    return pattern[: min(i for i in (pattern.find("*"), pattern.find("?")) if i >= 0)]


def _term(term: Term) -> Clause:
    if term.raw:  # a raw form folds to the token's folded form: that key is needed, not enough
        return _clause(need=frozenset([_key(fold(term.text))]), sure=False)
    if term.wildcard:
        prefix = wildcard_prefix(term.text)
        sure = term.text == prefix + "*"  # `lumi*` is a prefix test; `lumi?re` is not
        return _clause(prefixes=frozenset([_key(prefix)]), sure=sure)
    return _clause(need=frozenset([_key(term.text)]))


def clauses(node: Node) -> Clauses:
    """Clauses one of which every document matching `node` satisfies."""
    if isinstance(node, Term):
        return [_term(node)]
    if isinstance(node, Field):
        return [_clause(need=frozenset([_key(field_key(node.name, node.value))]))]
    if isinstance(node, Phrase):  # every token present, somewhere: positions are not sets
        need: list[str] = []
        prefixes: list[str] = []
        for term in node.terms:
            part = _term(term)
            need.extend(part.need)
            prefixes.extend(part.prefixes)
        return [_clause(need=frozenset(need), prefixes=frozenset(prefixes), sure=False)]
    if isinstance(node, Near):
        return _and([clauses(node.left), clauses(node.right)], exact=False)
    if isinstance(node, Not):
        return _negated(node.child)
    if isinstance(node, Or):
        return _or([clauses(child) for child in node.children])
    return _and([clauses(child) for child in node.children])


def _negated(node: Node) -> Clauses:
    """Clauses for NOT node: absences of words, fields and ORs/ANDs of those."""
    if isinstance(node, Term) and not node.raw and not node.wildcard:
        return [_clause(avoid=frozenset([_key(node.text)]))]
    if isinstance(node, Field):
        return [_clause(avoid=frozenset([_key(field_key(node.name, node.value))]))]
    if isinstance(node, Not):
        return clauses(node.child)
    if isinstance(node, Or):
        return _and([_negated(child) for child in node.children])
    if isinstance(node, And):
        return _or([_negated(child) for child in node.children])
    return [ANYTHING]  # not a phrase, a NEAR, a wildcard: no set check says it


def _or(options: list[Clauses]) -> Clauses:
    unique: dict[Clause, None] = {}
    for option in options:
        unique.update(dict.fromkeys(option))
    found = list(unique)
    for c in found:
        if not (c.need or c.avoid or c.any_of or c.prefixes):
            # One branch admits anything: the others add nothing.
            return [_clause(sure=all(c.sure for c in found if c.empty))]
    return found


def _group(option: Clauses) -> frozenset[str] | None:
    """An OR of single words, as one `any_of` group (None when it is something else)."""
    if len(option) < 2:
        return None
    keys: list[str] = []
    for c in option:
        if len(c.need) != 1 or c.avoid or c.any_of or c.prefixes:
            return None
        keys.extend(c.need)
    # `cafe` is held by every document holding `#cafe`: the marked one adds nothing.
    return frozenset(k for k in keys if k[:1] not in MARKERS or k[1:] not in keys)


def _and(parts: list[Clauses], exact: bool = True) -> Clauses:
    """Every part at once: single clauses merged, ORs of words as groups, the rest multiplied."""
    base: Clause | None = None
    multi: list[Clauses] = []
    for option in parts:
        if not option:
            return []  # a part no document satisfies
        group = _group(option)
        if len(option) == 1 or group is not None:
            if group is None:
                extra = option[0]
            elif len(group) == 1:  # `cafe OR #cafe`
                extra = _clause(need=group)
            else:
                extra = _clause(any_of=frozenset([group]))
            if group is not None and not all(c.sure for c in option):
                extra = _loosen(extra)
            base = extra if base is None else _both(base, extra)
            if base is None:
                return []
        else:
            multi.append(option)
    if base is None:
        base = _clause()
    found: Clauses = [base if exact else _loosen(base)]
    # Multiply out the cheapest ORs first; past MAX_PRODUCT the rest is left to the exact check.
    for option in sorted(multi, key=len):
        # Past the cap, multiply only to give unanchored clauses (`-a -b`) something to look up.
        anchoring = len(found) == 1 and not _anchored(found[0]) and all(map(_anchored, option))
        if len(found) * len(option) > MAX_PRODUCT and not anchoring:
            found = [_loosen(c) for c in found]
            continue
        found = [m for a in found for b in option if (m := _both(a, b)) is not None]
    return list(dict.fromkeys(found))


def _anchored(clause: Clause) -> bool:
    return bool(clause.need or clause.any_of or clause.prefixes)


# --- how common a key is --------------------------------------------------------------------

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
# How a prefix is named to a share function (beside the whole word of the same letters).
PREFIX_MARK = "\x01"
ShareFn = Callable[[str], float]


def guess_share(key: str) -> float:
    """A prior guess of the share of documents holding a key: long, marked words are rarer."""
    if key[:1] == PREFIX_MARK:
        return 3 * guess_share(key[1:])  # a prefix: wider than the word of the same letters
    if key[:1] == FIELD_PREFIX:
        return _FIELD_SHARE.get(key[1 : key.find(":")], 0.5)
    bare = key[1:] if key[:1] in MARKERS else key
    share = 0.5 if bare in _STOPWORDS else 0.01 * 0.7 ** max(0, len(bare) - 3)
    return share * 0.3 if bare is not key else share
