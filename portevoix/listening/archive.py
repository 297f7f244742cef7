# ruff: noqa: S608 — every statement here is built from the constant rollup definitions below.
"""The mention archive's rollups and text index, kept exact beside the mentions.

The mentions stay the source of truth; these tables let the dashboard widgets read tens or
thousands of rows instead of a brand's every mention (at 1M mentions, 20 brands, 90 days):

- `MentionHour` (brand, UTC hour; a count per sentiment): the per-day chart in the brand's time
  zone (≤ 24 rows a day; dashboards.volume_by_day).
- `ArchiveDay` (brand, UTC day, source kind; with the negative ones): the whole-archive chart and
  the sources widget.
- `AuthorMonth` (brand, UTC month, author): what bounds an author's count in a period, so that
  the top authors are found reading a few hundred rows, and `AuthorDay` (brand, author, UTC
  day): their exact counts (dashboards.top_authors).
- the text index (`search_index`), one row per mention.

Who keeps them exact:

- New mentions are counted by `mentions_added`, which the pipeline's bulk write
  (`store.store`) calls in the writer's transaction: one aggregated upsert per rollup and batch.
  Counted in SQL (INSERT … SELECT … GROUP BY over the new rows), not in Python: measured on
  SQLite at 100k mentions, the same batches cost 14 µs a mention in SQL and 20–25 µs counted in
  Python and upserted with executemany (binding each rollup row costs more than reading the
  new mentions back). An INSERT trigger
  would do it for any writer, but on SQLite any trigger on the mention table made each insert
  2.6 times slower at scale (200k inserts: 2.5 s → 6.6 s of CPU, with its indexes), which is most
  of the bulk-load budget; every insert goes through these two functions instead.
- A changed or deleted mention is moved or forgotten by database triggers (`install_triggers`),
  whoever changes it: the worker's classification, a sentiment correction, a cascade.
- `rebuild()` recomputes everything from the mentions (`portevoix rebuild-search-index`) and
  `check()` says what differs, without changing anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from portevoix.listening import search_index

MENTION = "listening_mention"
IN_CHUNK = 500


def _vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


# --- the rollups, as SQL over a mention row -----------------------------------------------------
# Each expression takes the row's prefix: "" in a SELECT over the table, "old." / "new." in a
# trigger. The same text serves the insert path, the triggers, the rebuild and the check, so the
# four cannot disagree.

EXPRESSIONS: dict[str, dict[str, str]] = {
    "sqlite": {
        # Integer division truncates towards zero: shifted by 10^7 hours (1,141 years) first,
        # it floors for every date after the year 829.
        "hour": "((CAST(strftime('%%s', {p}published_at) AS INTEGER) + 36000000000) / 3600 "
        "- 10000000)",
        "day": "date({p}published_at)",
        "month": "strftime('%%Y-%%m-01', {p}published_at)",
        "positive": "({p}sentiment = 'positive')",
        "neutral": "({p}sentiment = 'neutral')",
        "negative": "({p}sentiment = 'negative')",
        "unclassified": "({p}sentiment NOT IN ('positive', 'neutral', 'negative'))",
    },
    "postgresql": {
        "hour": "floor(extract(epoch FROM {p}published_at) / 3600)::integer",
        "day": "({p}published_at AT TIME ZONE 'UTC')::date",
        "month": "date_trunc('month', {p}published_at AT TIME ZONE 'UTC')::date",
        "positive": "({p}sentiment = 'positive')::integer",
        "neutral": "({p}sentiment = 'neutral')::integer",
        "negative": "({p}sentiment = 'negative')::integer",
        "unclassified": "({p}sentiment NOT IN ('positive', 'neutral', 'negative'))::integer",
    },
}


@dataclass(frozen=True)
class Rollup:
    table: str
    keys: tuple[tuple[str, str], ...]  # (column, expression)
    values: tuple[tuple[str, str], ...]  # (column, expression summed)

    def columns(self) -> str:
        return ", ".join(c for c, _ in (*self.keys, *self.values))

    def key_columns(self) -> str:
        return ", ".join(c for c, _ in self.keys)


def rollups(vendor: str | None = None) -> list[Rollup]:
    e = EXPRESSIONS[vendor or _vendor()]
    return [
        Rollup(
            "listening_mentionhour",
            (("brand_id", "{p}brand_id"), ("hour", e["hour"])),
            tuple(
                (label, e[label]) for label in ("positive", "neutral", "negative", "unclassified")
            ),
        ),
        Rollup(
            "listening_archiveday",
            (("brand_id", "{p}brand_id"), ("day", e["day"]), ("source_kind", "{p}source_kind")),
            (("count", "1"), ("negative", e["negative"])),
        ),
        Rollup(
            "listening_authormonth",
            (("brand_id", "{p}brand_id"), ("month", e["month"]), ("author", "{p}author")),
            (("count", "1"),),
        ),
        Rollup(
            "listening_authorday",
            (("brand_id", "{p}brand_id"), ("author", "{p}author"), ("day", e["day"])),
            (("count", "1"), ("negative", e["negative"])),
        ),
    ]


def _grouped(rollup: Rollup, where: str = "") -> str:
    keys = ", ".join(expr.format(p="") for _, expr in rollup.keys)
    sums = ", ".join(f"SUM({expr.format(p='')})" for _, expr in rollup.values)
    groups = ", ".join(str(i + 1) for i in range(len(rollup.keys)))
    return f"SELECT {keys}, {sums} FROM {MENTION} {where} GROUP BY {groups}"


def _add_on_conflict(rollup: Rollup) -> str:
    sets = ", ".join(f"{c} = {rollup.table}.{c} + excluded.{c}" for c, _ in rollup.values)
    return f"ON CONFLICT ({rollup.key_columns()}) DO UPDATE SET {sets}"


# --- writing: new mentions ----------------------------------------------------------------------


def mentions_added(rows: Sequence[search_index.Row]) -> None:
    """Index and count mentions just inserted: (mention id, brand id, item title, item text)."""
    search_index.index_mentions(rows)
    count_mentions([row[0] for row in rows])


def count_mentions(ids: Sequence[int]) -> None:
    """Add new mentions to every rollup (each id once: counting twice counts twice)."""
    if not ids:
        return
    ordered = sorted(ids)
    if ordered[-1] - ordered[0] + 1 == len(ordered):  # a bulk load's contiguous range
        selections = [("WHERE id BETWEEN %s AND %s", [ordered[0], ordered[-1]])]
    else:
        selections = [
            (f"WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)
            for chunk in (ordered[i : i + IN_CHUNK] for i in range(0, len(ordered), IN_CHUNK))
        ]
    with connection.cursor() as cursor:
        for rollup in rollups():
            for where, params in selections:
                cursor.execute(
                    f"INSERT INTO {rollup.table} ({rollup.columns()}) "
                    f"{_grouped(rollup, where)} {_add_on_conflict(rollup)}",
                    params,
                )


# --- rebuilding and checking --------------------------------------------------------------------


@dataclass
class Rebuilt:
    mentions_indexed: int
    rollup_rows: dict[str, int]


@transaction.atomic
def rebuild() -> Rebuilt:
    """Empty and refill the text index and every rollup from the mentions.

    Plain SQL, no model: migration 0005 runs it too, whatever the models become later."""
    return Rebuilt(rebuild_text_index(), rebuild_rollups())


def rebuild_text_index() -> int:
    """Empty and refill the text index from the mentions (migration 0006 runs it too)."""
    return search_index.refill(_all_rows())


def _all_rows() -> Iterable[search_index.Row]:
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.id, m.brand_id, i.title, i.text FROM {MENTION} m "
                "JOIN listening_item i ON i.id = m.item_id WHERE m.id > %s ORDER BY m.id LIMIT %s",
                [last, search_index.BATCH],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def rebuild_rollups() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for rollup in rollups():
            # Parameters (none) are passed so that `%%` reads as `%` on both databases.
            cursor.execute(f"DELETE FROM {rollup.table}", [])
            cursor.execute(
                f"INSERT INTO {rollup.table} ({rollup.columns()}) {_grouped(rollup)}",
                [],
            )
            cursor.execute(f"SELECT COUNT(*) FROM {rollup.table}", [])
            counts[rollup.table] = cursor.fetchone()[0]
    return counts


def check() -> dict[str, int]:
    """How many rows of each rollup (and mentions of the index) differ from the mentions."""
    found = {}
    with connection.cursor() as cursor:
        for rollup in rollups():
            stored = (
                f"SELECT {rollup.columns()} FROM {rollup.table} "
                f"WHERE {' OR '.join(f'{c} <> 0' for c, _ in rollup.values)}"
            )
            truth = _grouped(rollup)
            cursor.execute(f"SELECT COUNT(*) FROM ({stored} EXCEPT {truth}) a", [])
            wrong = cursor.fetchone()[0]
            cursor.execute(f"SELECT COUNT(*) FROM ({truth} EXCEPT {stored}) b", [])
            found[rollup.table] = wrong + cursor.fetchone()[0]
        found["text index"] = _index_differences(cursor)
    return found


def _index_differences(cursor: Any) -> int:
    shift = search_index.BRAND_SHIFT
    if search_index.is_postgres():
        table, key = search_index.PG_TABLE, "mention_id"
        expected = f"SELECT id FROM {MENTION}"
    else:
        table, key = search_index.FTS_TABLE, "rowid"
        expected = f"SELECT (brand_id << {shift}) | id FROM {MENTION}"
    cursor.execute(
        f"SELECT (SELECT COUNT(*) FROM ({expected} EXCEPT SELECT {key} FROM {table}) a) "
        f"+ (SELECT COUNT(*) FROM (SELECT {key} FROM {table} EXCEPT {expected}) b)"
    )
    return int(cursor.fetchone()[0])


# --- the triggers -------------------------------------------------------------------------------
# Not Django schema: installed by migration 0005 and again after every `migrate` (apps.py), since
# SQLite drops a table's triggers whenever a migration rebuilds that table.

WATCHED = ("published_at", "sentiment", "source_kind", "author")


def _decrement(rollup: Rollup, p: str) -> str:
    sets = ", ".join(f"{c} = {c} - {expr.format(p=p)}" for c, expr in rollup.values)
    where = " AND ".join(f"{c} = {expr.format(p=p)}" for c, expr in rollup.keys)
    return f"UPDATE {rollup.table} SET {sets} WHERE {where};"


def _increment(rollup: Rollup, p: str) -> str:
    values = ", ".join(expr.format(p=p) for _, expr in (*rollup.keys, *rollup.values))
    return (
        f"INSERT INTO {rollup.table} ({rollup.columns()}) VALUES ({values}) "
        f"{_add_on_conflict(rollup)};"
    )


def trigger_sql(vendor: str) -> list[str]:
    """Statements (re)creating the triggers that move a changed mention and forget a gone one."""
    # `%%` above is for the cursor's parameter style; schema statements run without parameters.
    every = rollups(vendor)
    if vendor == "postgresql":
        old = " ".join(_decrement(r, "OLD.") for r in every).replace("%%", "%")
        new = " ".join(_increment(r, "NEW.") for r in every).replace("%%", "%")
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)
        table = search_index.PG_TABLE
        return [
            f"DROP TRIGGER IF EXISTS listening_mention_forget ON {MENTION}",
            f"DROP TRIGGER IF EXISTS listening_mention_move ON {MENTION}",
            f"DROP TRIGGER IF EXISTS listening_mention_empty ON {MENTION}",
            "CREATE OR REPLACE FUNCTION listening_mention_forget() RETURNS trigger AS $$ BEGIN "
            f"{old} DELETE FROM {table} WHERE mention_id = OLD.id; RETURN NULL; END $$ "
            "LANGUAGE plpgsql",
            "CREATE OR REPLACE FUNCTION listening_mention_move() RETURNS trigger AS $$ BEGIN "
            f"{old} {new} RETURN NULL; END $$ LANGUAGE plpgsql",
            "CREATE OR REPLACE FUNCTION listening_mention_empty() RETURNS trigger AS $$ BEGIN "
            f"TRUNCATE {table}; RETURN NULL; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER listening_mention_forget AFTER DELETE ON {MENTION} "
            "FOR EACH ROW EXECUTE FUNCTION listening_mention_forget()",
            f"CREATE TRIGGER listening_mention_move AFTER UPDATE OF {', '.join(WATCHED)} "
            f"ON {MENTION} FOR EACH ROW WHEN ({changed}) "
            "EXECUTE FUNCTION listening_mention_move()",
            f"CREATE TRIGGER listening_mention_empty AFTER TRUNCATE ON {MENTION} "
            "FOR EACH STATEMENT EXECUTE FUNCTION listening_mention_empty()",
        ]
    old = " ".join(_decrement(r, "old.") for r in every).replace("%%", "%")
    new = " ".join(_increment(r, "new.") for r in every).replace("%%", "%")
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in WATCHED)
    rowid = f"(old.brand_id << {search_index.BRAND_SHIFT}) | old.id"
    return [
        "DROP TRIGGER IF EXISTS listening_mention_forget",
        "DROP TRIGGER IF EXISTS listening_mention_move",
        f"CREATE TRIGGER listening_mention_forget AFTER DELETE ON {MENTION} BEGIN {old} "
        f"DELETE FROM {search_index.FTS_TABLE} WHERE rowid = {rowid}; END",
        f"CREATE TRIGGER listening_mention_move AFTER UPDATE OF {', '.join(WATCHED)} "
        f"ON {MENTION} WHEN {changed} BEGIN {old} {new} END",
    ]


def install_triggers(connection_: Any) -> None:
    """Create the text index table if missing and (re)create the triggers, on `connection_`."""
    vendor = "postgresql" if connection_.vendor == "postgresql" else "sqlite"
    tables = search_index.CREATE_POSTGRES if vendor == "postgresql" else search_index.CREATE_SQLITE
    with connection_.cursor() as cursor:
        for statement in (*tables, *trigger_sql(vendor)):
            cursor.execute(statement)


def installed_triggers(connection_: Any) -> set[str]:
    with connection_.cursor() as cursor:
        if connection_.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [MENTION],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [MENTION],
            )
        return {row[0] for row in cursor.fetchall()}
