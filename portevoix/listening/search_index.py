"""The archive's text index, beside the database (which stays the source of truth).

One row per mention (not per item): a search is always one brand's, so the index itself is cut
by brand and a phrase search counts inside the brand instead of reading every brand's matches
(measured at 1M mentions, 20 brands: 58 ms for every brand's matches of a phrase, 1.1 ms for
one brand's).

Each mention's item title and text are tokenised by `lib.textfold` (the query language's text
model) and stored as folded tokens, so the index and the matcher agree on accents, case and
hashtags:

- SQLite: an FTS5 table `listening_mention_fts` whose rowid is `brand id << 40 | mention id`,
  so one brand's rows are one rowid range, which FTS5 seeks to in every term's list. Two
  columns: `words`, every token without its marker (`#cafe` is stored as `cafe`, at its own
  position, so phrases keep their positions and a plain term also finds the hashtag, as the
  language says), and `tags`, the marked tokens themselves (`#cafe`, `@bob`; the tokenizer keeps
  `#@` inside tokens).
- PostgreSQL: a table `listening_mention_text` with one `tsvector` built here lexeme by lexeme
  (no text search configuration is involved): bare tokens at their positions, each marked token
  as its own lexeme at the same position, the brand as the lexeme `~<brand id>` (no token
  starts with `~`, so no word nor prefix can meet it), and each pair of adjacent bare tokens as
  one lexeme without positions, the two joined by a space (`service client`: no token holds a
  space). A GIN index serves `@@`. GIN keeps no positions, so a phrase (`<->`) is checked
  again in every candidate row; a two-word phrase is its pair lexeme instead, an exact index
  lookup, and a longer one needs every pair of the phrase before its positions are checked
  (measured at 1M mentions, `"service client"` in one brand: 5,088 rows rechecked over 4,752
  heap pages for 2,627 matches, before the pairs). A prefix query `servi:*` may meet a pair
  lexeme `service client`, but only in a row that holds `service` itself.
  Rows are written sorted by brand, so one brand's rows of a batch share heap pages.

Rows are written by `index_mentions` when mentions are stored (`archive.mentions_added`) and
removed by the trigger that forgets a deleted mention (`archive.install_triggers`).

`prefilter(node)` turns a parsed query into an index query that every match satisfies (a
superset: phrases become phrase queries, OR stays OR, negations and field filters are left to
the matcher). When the index query is provably the same test as the matcher (terms, prefix
wildcards, phrases, AND/OR/NOT of those), `exact` is set and the database counts by itself;
otherwise the candidates are checked one by one with the matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Any

from django.db import connection

from portevoix.lib.textfold import MARKERS, fold, fold_tokens, strip_marker
from portevoix.listening.query.ast import And, Field, Near, Node, Not, Or, Phrase, Term

FTS_TABLE = "listening_mention_fts"
PG_TABLE = "listening_mention_text"
# Tables made by migration 0005 (not Django models: an FTS5 table cannot be one).
CREATE_SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    # columnsize=0: no per-row sizes (they only serve ranking, which the archive does not do);
    # 2 µs less per row written.
    "words, tags, columnsize=0, tokenize = \"unicode61 remove_diacritics 0 tokenchars '#@'\")",
]
CREATE_POSTGRES = [
    # No foreign key: Django's flush (transactional tests) truncates its own tables only, and
    # PostgreSQL refuses to truncate a table another one references. Triggers keep the index
    # in step instead (archive.install_triggers).
    f"CREATE TABLE IF NOT EXISTS {PG_TABLE} (mention_id bigint PRIMARY KEY, words tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_words ON {PG_TABLE} USING gin (words)",
]
PG_GIN_INDEX = f"{PG_TABLE}_words"
# The brand sits in the upper bits of the FTS5 rowid: 2^40 mentions, 2^23 brands.
BRAND_SHIFT = 40
MENTION_MASK = (1 << BRAND_SHIFT) - 1
# PostgreSQL limits: positions go up to 16,383 and a lexeme holds at most 2,047 bytes. A longer
# document is stored without positions (phrase operators then act as AND: still a superset).
PG_MAX_POSITION = 16383
PG_MAX_LEXEME_BYTES = 2047
# Rows written per statement: FTS5 flushes its pending terms whenever a rowid is lower than the
# one before, so each batch is sorted and is one flush (unsorted, 20 brands cost three times
# as much).
BATCH = 20_000

_SAFE_TOKEN = re.compile(r"[a-z0-9]+")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fts_rowid(brand_id: int, mention_id: int) -> int:
    return (brand_id << BRAND_SHIFT) | mention_id


def brand_lexeme(brand_id: int) -> str:
    return f"~{brand_id}"


# --- the tokens of a mention ----------------------------------------------------------------


def item_tokens(title: str, text: str) -> list[str]:
    """The folded token stream of an item, as `query.Document` builds it (title first).

    `fold_tokens`: the same tokens as `tokenize(…).folded` (tested against the reference),
    without the raw ones nobody here reads: 2.6 µs a bench post instead of 7.2, which was
    most of what indexing a mention cost on SQLite."""
    whole = f"{title}\n{text}" if title else text
    return fold_tokens(whole)


def fts_columns(tokens: list[str]) -> tuple[str, str]:
    # A marker is only ever a token's first character: dropping every `#` and `@` strips them.
    joined = " ".join(tokens)
    if "#" not in joined and "@" not in joined:
        return joined, ""
    tags = " ".join([t for t in tokens if t[0] in MARKERS])
    return joined.replace("#", "").replace("@", ""), tags


def _pg_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


_POSITIONS = [str(i) for i in range(PG_MAX_POSITION + 1)]


def pair_lexeme(first: str, second: str) -> str | None:
    """The lexeme of two adjacent bare tokens, or None when PostgreSQL could not hold it (the
    index leaves such a pair out, and a phrase query then checks positions without it)."""
    pair = f"{first} {second}"
    return pair if len(pair.encode()) <= PG_MAX_LEXEME_BYTES else None


def tsvector_literal(tokens: list[str], brand_id: int) -> str:
    """The tsvector of a mention, written as PostgreSQL reads it. Tokens are runs of letters and
    digits (with a marker), so nothing needs escaping but what this checks once for the whole
    text (escaping lexeme by lexeme cost 25 µs a post, this 9)."""
    brand = f"'{brand_lexeme(brand_id)}'"
    joined = "".join(tokens)
    if (
        len(tokens) > PG_MAX_POSITION
        # ≤ 4 bytes a character, and a pair is two tokens and a space.
        or max(map(len, tokens), default=0) * 8 + 1 > PG_MAX_LEXEME_BYTES
        or "'" in joined
        or "\\" in joined
    ):
        return _tsvector_literal_slow(tokens, brand)
    positions: dict[str, list[str]] = {}
    bare = []
    for i, token in enumerate(tokens, 1):
        at = _POSITIONS[i]
        if token[0] in MARKERS:
            positions.setdefault(token[1:], []).append(at)
            bare.append(token[1:])
        else:
            bare.append(token)
        positions.setdefault(token, []).append(at)
    if not positions:
        return brand
    words = " ".join([f"'{lexeme}':{','.join(at)}" for lexeme, at in positions.items()])
    # The pairs: "' '".join puts the quotes between lexemes, the space inside each pair.
    pairs = "' '".join(dict.fromkeys(map(" ".join, pairwise(bare))))
    return f"{words} '{pairs}' {brand}" if pairs else f"{words} {brand}"


def _tsvector_literal_slow(tokens: list[str], brand: str) -> str:
    """Any text: lexemes escaped, a lexeme over 2,047 bytes left out, and past 16,383 tokens no
    positions at all (phrase operators then act as AND: still a superset; the pairs are kept)."""
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens, 1):
        if len(token.encode()) > PG_MAX_LEXEME_BYTES:
            continue
        positions.setdefault(strip_marker(token), []).append(i)
        if token[0] in MARKERS:
            positions.setdefault(token, []).append(i)
    bare = [strip_marker(token) for token in tokens]
    found = (pair_lexeme(a, b) for a, b in pairwise(bare))
    pairs = [_pg_lexeme(pair) for pair in dict.fromkeys(found) if pair is not None]
    if len(tokens) > PG_MAX_POSITION:
        return " ".join([*(_pg_lexeme(lexeme) for lexeme in positions), *pairs, brand])
    words = [f"{_pg_lexeme(lexeme)}:{','.join(map(str, at))}" for lexeme, at in positions.items()]
    return " ".join([*words, *pairs, brand])


# --- writing ------------------------------------------------------------------------------

# A mention to index: (mention id, brand id, item title, item text).
Row = tuple[int, int, str, str]


def index_mentions(rows: Iterable[Row]) -> int:
    """Index mentions that are not indexed yet (new ones, or after `clear`); returns how many."""
    done = 0
    with connection.cursor() as cursor:
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                done += _write(cursor, batch)
                batch = []
        if batch:
            done += _write(cursor, batch)
    return done


def _write(cursor: Any, batch: Sequence[Row]) -> int:
    if is_postgres():
        # COPY: a third of the time of INSERTs for the same rows. Sorted by brand (stable: by
        # mention within it), so that a brand's rows of the batch share heap pages, which is
        # what a search of that brand reads.
        with cursor.cursor.copy(f"COPY {PG_TABLE} (mention_id, words) FROM STDIN") as copy:
            for pk, brand_id, title, text in sorted(batch, key=itemgetter(1)):
                copy.write_row((pk, tsvector_literal(item_tokens(title, text), brand_id)))
        return len(batch)
    values = sorted(
        (fts_rowid(brand_id, pk), *fts_columns(item_tokens(title, text)))
        for pk, brand_id, title, text in batch
    )
    sql = f"INSERT INTO {FTS_TABLE} (rowid, words, tags) VALUES (%s, %s, %s)"  # noqa: S608
    cursor.executemany(sql, values)
    return len(batch)


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PG_TABLE if is_postgres() else FTS_TABLE}")  # noqa: S608 (constant names)


def refill(rows: Iterable[Row]) -> int:
    """Empty the index and index `rows` (every mention), in the caller's transaction.

    PostgreSQL: without its GIN index meanwhile, made again at the end, which builds it sorted
    in one pass instead of inserting a million rows' lexemes one list at a time."""
    if not is_postgres():
        clear()
        return index_mentions(rows)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {PG_GIN_INDEX}")
        # TRUNCATE, not DELETE: the old rows leave no dead space behind (a DELETE left a
        # table three times its size after a rebuild of 1M rows).
        cursor.execute(f"TRUNCATE {PG_TABLE}")
    done = index_mentions(rows)
    with connection.cursor() as cursor:
        cursor.execute(CREATE_POSTGRES[1])
    return done


# --- reading: the index query of a parsed query -------------------------------------------

# The vendor-neutral form: ("term", token, prefix) / ("phrase", tokens) / ("and", parts) /
# ("or", parts) / ("andnot", positive, negatives). Tokens keep their marker: a marked token
# searches the marked tokens, a bare one the bare stream.
Ir = tuple[Any, ...]


@dataclass(frozen=True)
class Prefilter:
    ir: Ir
    exact: bool  # the index query is the matcher's test itself (counts need no check)

    def sql(self, brand_id: int, *, select: str = "ids") -> tuple[str, list[Any]]:
        """A query over one brand's index rows: the candidate mention ids, or their count."""
        if is_postgres():
            what = "mention_id" if select == "ids" else "COUNT(*)"
            query = f"{_pg_lexeme(brand_lexeme(brand_id))} & {_tsquery(self.ir)}"
            return f"SELECT {what} FROM {PG_TABLE} WHERE words @@ %s::tsquery", [query]  # noqa: S608 (constant names)
        what = f"rowid & {MENTION_MASK}" if select == "ids" else "COUNT(*)"
        low = fts_rowid(brand_id, 0)
        sql = (
            f"SELECT {what} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608 (constant names)
            "AND rowid BETWEEN %s AND %s"
        )
        return sql, [_fts(self.ir), low, low | MENTION_MASK]


def _safe(token: str) -> bool:
    return bool(_SAFE_TOKEN.fullmatch(strip_marker(token)))


def _term(term: Term) -> tuple[Ir, bool]:
    if term.wildcard:
        cut = min(i for i in (term.text.find("*"), term.text.find("?")) if i >= 0)
        prefix = term.text[:cut]
        exact = term.text == prefix + "*" and _safe(prefix)
        return ("term", prefix, True), exact
    if term.raw:
        return ("term", fold(term.text), False), False
    return ("term", term.text, False), _safe(term.text)


def _phrase(node: Phrase) -> tuple[Ir, bool]:
    if len(node.terms) == 1:
        return _term(node.terms[0])
    if any(t.raw or t.wildcard for t in node.terms):
        parts = [_term(t)[0] for t in node.terms]
        return ("and", parts), False
    tokens = [t.text for t in node.terms]
    phrase: Ir = ("phrase", [strip_marker(t) for t in tokens])
    marked = [("term", t, False) for t in tokens if t[0] in MARKERS]
    if marked:
        return ("and", [phrase, *marked]), False
    return phrase, all(_safe(t) for t in tokens)


def compile_prefilter(node: Node) -> tuple[Ir, bool] | None:
    """The index query every match of `node` satisfies, and whether it is exact (None: none)."""
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Phrase):
        return _phrase(node)
    if isinstance(node, Field | Not):
        return None
    if isinstance(node, Near):
        sides = [s for s in (compile_prefilter(node.left), compile_prefilter(node.right)) if s]
        if not sides:
            return None
        return (sides[0][0] if len(sides) == 1 else ("and", [s[0] for s in sides])), False
    if isinstance(node, Or):
        found = [compile_prefilter(child) for child in node.children]
        if any(f is None for f in found):
            return None
        parts = [f for f in found if f is not None]
        return ("or", [p[0] for p in parts]), all(p[1] for p in parts)
    return _and(node)


def _and(node: And) -> tuple[Ir, bool] | None:
    positives: list[tuple[Ir, bool] | None] = []
    negatives: list[tuple[Ir, bool] | None] = []
    for child in node.children:
        if isinstance(child, Not):
            negatives.append(compile_prefilter(child.child))
        else:
            positives.append(compile_prefilter(child))
    usable = [p for p in positives if p is not None]
    if not usable:
        return None
    ir: Ir = usable[0][0] if len(usable) == 1 else ("and", [p[0] for p in usable])
    exact = len(usable) == len(positives) and all(p[1] for p in usable)
    if exact and all(n is not None and n[1] for n in negatives):
        if negatives:
            ir = ("andnot", ir, [n[0] for n in negatives if n is not None])
        return ir, True
    # A negation that is not exact could exclude true matches: the matcher applies it.
    return ir, False


def prefilter(node: Node) -> Prefilter | None:
    compiled = compile_prefilter(node)
    return Prefilter(*compiled) if compiled else None


def _fts_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts(ir: Ir) -> str:
    kind = ir[0]
    if kind == "term":
        column = "tags" if ir[1][:1] in MARKERS else "words"
        return f"{column} : {_fts_string(ir[1])}{' *' if ir[2] else ''}"
    if kind == "phrase":
        return f"words : {_fts_string(' '.join(ir[1]))}"
    if kind == "andnot":
        return "(" + _fts(ir[1]) + ")" + "".join(f" NOT ({_fts(n)})" for n in ir[2])
    joiner = " AND " if kind == "and" else " OR "
    return joiner.join(f"({_fts(part)})" for part in ir[1])


def _tsquery(ir: Ir) -> str:
    kind = ir[0]
    if kind == "term":
        return _pg_lexeme(ir[1]) + (":*" if ir[2] else "")
    if kind == "phrase":
        return _pg_phrase(ir[1])
    if kind == "andnot":
        return "(" + _tsquery(ir[1]) + "".join(f" & !({_tsquery(n)})" for n in ir[2]) + ")"
    joiner = " & " if kind == "and" else " | "
    return "(" + joiner.join(_tsquery(part) for part in ir[1]) + ")"


def _pg_phrase(tokens: Sequence[str]) -> str:
    """A phrase as the index finds it: every pair of adjacent words is one lexeme (no recheck
    of the row is needed for them), and only a phrase of three words or more, or one with a
    pair too long to be a lexeme, needs the positions checked besides."""
    pairs = [pair_lexeme(a, b) for a, b in pairwise(tokens)]
    parts = [_pg_lexeme(pair) for pair in dict.fromkeys(pairs) if pair is not None]
    if len(tokens) > 2 or None in pairs:
        parts.append("(" + " <-> ".join(_pg_lexeme(t) for t in tokens) + ")")
    return "(" + " & ".join(parts) + ")"
