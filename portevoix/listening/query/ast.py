"""The syntax tree of a monitoring query (what `parse` returns and `Monitor.add` accepts).

Nodes are frozen dataclasses; `column` is the 1-based column where the node starts in the query
text, kept so that checks made after parsing can still say where the problem is.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELDS = ("raw", "lang", "author", "site", "source")


@dataclass(frozen=True, slots=True)
class Term:
    """One token. `text` is folded (or, for `raw`, the NFKC form as written), marker included.

    A plain term (`cafe`) also matches the hashtag `#cafe` and the handle `@cafe`; a marked one
    (`#cafe`) matches only its kind. `wildcard`: `text` holds `*`/`?` (never with `raw`).
    """

    text: str
    column: int
    raw: bool = False
    wildcard: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive tokens (a quoted phrase, or a word the tokeniser splits: `Saint-Laurent`)."""

    terms: tuple[Term, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Field:
    """A filter on a document field: `name` in lang, author, site, source; `value` normalised."""

    name: str
    value: str
    column: int


@dataclass(frozen=True, slots=True)
class Near:
    """`left NEAR/distance right` (`ordered`: NEAR/nf, left before right)."""

    left: Node
    right: Node
    distance: int
    ordered: bool
    column: int


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    column: int


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]
    column: int


Node = Term | Phrase | Field | Near | Not | And | Or
