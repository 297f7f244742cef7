"""The archive's text index, beside the database (which stays the source of truth).

Each item's title and text are tokenised by `lib.textfold` (the query language's text model) and
stored as folded tokens, so the index and the matcher agree on accents, case and hashtags:

- SQLite: an FTS5 table `listening_item_fts` (rowid = item id) with two columns: `words`, every
  token without its marker (`#cafe` is stored as `cafe`, at its own position, so phrases keep
  their positions and a plain term also finds the hashtag, as the language says), and `tags`,
  the marked tokens themselves (`#cafe`, `@bob`; the tokenizer keeps `#@` inside tokens).
- PostgreSQL: a table `listening_item_text` with one `tsvector` built here lexeme by lexeme (no
  text search configuration is involved): bare tokens at their positions, and each marked token
  as its own lexeme at the same position. A GIN index serves `@@`.

`prefilter(node)` turns a parsed query into an index query that every match satisfies (a
superset: phrases become phrase queries, OR stays OR, negations and field filters are left to
the matcher). When the index query is provably the same test as the matcher (terms, prefix
wildcards, phrases, AND/OR/NOT of those), `exact` is set and the database counts by itself;
otherwise the candidates are checked one by one with the matcher.

`ArchiveDay` (mentions per brand, UTC day and source kind) is kept here too: the whole-archive
chart reads it instead of a million mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from portevoix.lib.textfold import MARKERS, fold, strip_marker, tokenize
from portevoix.listening.models import ArchiveDay, Item, Mention
from portevoix.listening.query.ast import And, Field, Near, Node, Not, Or, Phrase, Term

# Tables made by migration 0004 (not Django models: an FTS5 table cannot be one).
ROLLUP_SQL_SQLITE = (
    "INSERT INTO listening_archiveday (brand_id, day, source_kind, count) "
    "SELECT brand_id, date(published_at), source_kind, COUNT(*) FROM listening_mention "
    "GROUP BY 1, 2, 3"
)
ROLLUP_SQL_PG = (
    "INSERT INTO listening_archiveday (brand_id, day, source_kind, count) "
    "SELECT brand_id, (published_at AT TIME ZONE 'UTC')::date, source_kind, COUNT(*) "
    "FROM listening_mention GROUP BY 1, 2, 3"
)
# PostgreSQL limits: positions go up to 16,383 and a lexeme holds at most 2,047 bytes. A longer
# document is stored without positions (phrase operators then act as AND: still a superset).
PG_MAX_POSITION = 16383
PG_MAX_LEXEME_BYTES = 2047
BATCH = 2000

_SAFE_TOKEN = re.compile(r"[a-z0-9]+")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- the tokens of an item ---------------------------------------------------------------


def item_tokens(title: str, text: str) -> list[str]:
    """The folded token stream of an item, as `query.Document` builds it (title first)."""
    whole = f"{title}\n{text}" if title else text
    return tokenize(whole).folded


def fts_columns(tokens: list[str]) -> tuple[str, str]:
    words = " ".join(strip_marker(t) for t in tokens)
    tags = " ".join(t for t in tokens if t[0] in MARKERS)
    return words, tags


def _pg_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: list[str]) -> str:
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens, 1):
        if len(token.encode()) > PG_MAX_LEXEME_BYTES:
            continue
        positions.setdefault(strip_marker(token), []).append(i)
        if token[0] in MARKERS:
            positions.setdefault(token, []).append(i)
    if len(tokens) > PG_MAX_POSITION:
        return " ".join(_pg_lexeme(lexeme) for lexeme in positions)
    return " ".join(
        f"{_pg_lexeme(lexeme)}:{','.join(map(str, at))}" for lexeme, at in positions.items()
    )


# --- writing ------------------------------------------------------------------------------


def index_rows(rows: Iterable[tuple[int, str, str]]) -> int:
    """Index (item id, title, text) rows, replacing what was indexed for those items."""
    done = 0
    with connection.cursor() as cursor:
        batch: list[tuple[int, str, str]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                done += _write(cursor, batch)
                batch = []
        if batch:
            done += _write(cursor, batch)
    return done


def _write(cursor: Any, batch: Sequence[tuple[int, str, str]]) -> int:
    if is_postgres():
        values = [(pk, tsvector_literal(item_tokens(title, text))) for pk, title, text in batch]
        cursor.executemany(
            "INSERT INTO listening_item_text (item_id, words) VALUES (%s, %s::tsvector) "
            "ON CONFLICT (item_id) DO UPDATE SET words = EXCLUDED.words",
            values,
        )
    else:
        cursor.executemany(
            "DELETE FROM listening_item_fts WHERE rowid = %s",
            [(pk,) for pk, _, _ in batch],
        )
        cursor.executemany(
            "INSERT INTO listening_item_fts (rowid, words, tags) VALUES (%s, %s, %s)",
            [(pk, *fts_columns(item_tokens(title, text))) for pk, title, text in batch],
        )
    return len(batch)


def count_archive_day(brand_id: int, published: dt.datetime, source_kind: str) -> None:
    day = published.astimezone(dt.UTC).date()
    rows = ArchiveDay.objects.filter(brand_id=brand_id, day=day, source_kind=source_kind)
    if not rows.update(count=F("count") + 1):
        ArchiveDay.objects.create(brand_id=brand_id, day=day, source_kind=source_kind, count=1)


def item_stored(item: Item) -> None:
    """The ingest hook: index a new item and count its mentions into the archive rollup."""
    index_rows([(item.pk, item.title, item.text)])
    for brand_id, published, kind in Mention.objects.filter(item=item).values_list(
        "brand_id", "published_at", "source_kind"
    ):
        count_archive_day(brand_id, published, kind)


@transaction.atomic
def rebuild() -> tuple[int, int]:
    """Empty and refill the text index and the rollup from the database: (items, day rows)."""
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("DELETE FROM listening_item_text")
        else:
            cursor.execute("DELETE FROM listening_item_fts")
    rows = Item.objects.order_by("pk").values_list("pk", "title", "text").iterator(BATCH)
    items = index_rows(rows)
    return items, rebuild_archive_days()


def rebuild_archive_days() -> int:
    ArchiveDay.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(ROLLUP_SQL_PG if is_postgres() else ROLLUP_SQL_SQLITE)
    return ArchiveDay.objects.count()


# --- reading: the index query of a parsed query -------------------------------------------

# The vendor-neutral form: ("term", token, prefix) / ("phrase", tokens) / ("and", parts) /
# ("or", parts) / ("andnot", positive, negatives). Tokens keep their marker: a marked token
# searches the marked tokens, a bare one the bare stream.
Ir = tuple[Any, ...]


@dataclass(frozen=True)
class Prefilter:
    ir: Ir
    exact: bool  # the index query is the matcher's test itself (counts need no check)

    def sql(self) -> tuple[str, list[Any]]:
        """A subquery giving the ids of the candidate items."""
        if is_postgres():
            return (
                "SELECT item_id FROM listening_item_text WHERE words @@ %s::tsquery",
                [_tsquery(self.ir)],
            )
        sql = "SELECT rowid FROM listening_item_fts WHERE listening_item_fts MATCH %s"
        return sql, [_fts(self.ir)]


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
        return "(" + " <-> ".join(_pg_lexeme(t) for t in ir[1]) + ")"
    if kind == "andnot":
        return "(" + _tsquery(ir[1]) + "".join(f" & !({_tsquery(n)})" for n in ir[2]) + ")"
    joiner = " & " if kind == "and" else " | "
    return "(" + joiner.join(_tsquery(part) for part in ir[1]) + ")"
