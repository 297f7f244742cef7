# ruff: noqa: S608 — table and column names here come from constants of the callers, never input.
"""Many rows in few statements: what the listening write path uses to store a batch at once.

One INSERT per row costs a statement's overhead (and on PostgreSQL a round trip, ≈ 100 µs); a
batch goes in as one COPY on PostgreSQL and one `executemany` on SQLite (in process: no round
trip, the statement is prepared once).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

# Parameters per statement where rows are spelled out (SQLite allows 32,766 since 3.32).
IN_CHUNK = 900


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def next_ids(cursor: Any, table: str, n: int) -> list[int]:
    """`n` ids no other writer can take, for rows inserted with their id (their mentions, index
    rows and rollups need it before the rows exist).

    PostgreSQL: drawn from the table's sequence. SQLite: above both the largest id and the
    AUTOINCREMENT high-water mark (a deleted row's id is never reused); the connection holds
    the database's write lock from the start of its transaction (transaction_mode IMMEDIATE in
    the settings, checked here), so nobody else can insert in between."""
    if n == 0:
        return []
    if is_postgres():
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, n],
        )
        return [row[0] for row in cursor.fetchall()]
    if not connection.in_atomic_block:
        raise RuntimeError("next_ids needs a transaction (the ids are reserved by its lock)")
    cursor.execute(
        f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {table}), 0), "
        "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
        [table],
    )
    first = int(cursor.fetchone()[0]) + 1
    return list(range(first, first + n))


def insert_rows(
    cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (values in the order of `columns`, already adapted for the database)."""
    if not rows:
        return
    names = ", ".join(columns)
    if is_postgres():
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def add_to_counters(
    cursor: Any,
    table: str,
    keys: Sequence[str],
    values: Sequence[str],
    rows: Sequence[Sequence[Any]],
    types: Sequence[str] = (),
) -> None:
    """Add each row's values to the counters of its key (creating the row at zero): one
    statement for the batch. Each key must appear once in `rows`. `types` (PostgreSQL types of
    keys then values) let PostgreSQL take the columns as arrays, in one statement."""
    if not rows:
        return
    columns = [*keys, *values]
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in values)
    conflict = f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    if is_postgres() and types:
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({arrays}) {conflict}",
            [list(column) for column in zip(*rows, strict=True)],
        )
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) {conflict}", rows
    )


def existing(cursor: Any, table: str, column: str, values: Sequence[str]) -> set[str]:
    """Which of `values` the column already holds (an indexed column: one seek each)."""
    found: set[str] = set()
    unique = sorted(set(values))
    if is_postgres():
        if unique:
            found.update(_existing_postgres(cursor, table, column, column, unique, "text"))
        return found
    for i in range(0, len(unique), IN_CHUNK):
        chunk = unique[i : i + IN_CHUNK]
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})",
            chunk,
        )
        found.update(row[0] for row in cursor.fetchall())
    return found


def existing_by_key(
    cursor: Any, table: str, column: str, key_column: str, wanted: dict[int, list[str]]
) -> set[str]:
    """Which of the values the column already holds, sought through the indexed `key_column`
    (`wanted`: the values by their key; several values may share a key, and a row counts only
    when its own value is one of them)."""
    found: set[str] = set()
    keys = sorted(wanted)
    if not keys:
        return found
    values = {value for group in wanted.values() for value in group}
    if is_postgres():
        rows = _existing_postgres(cursor, table, column, key_column, keys, "bigint")
        return {value for value in rows if value in values}
    for i in range(0, len(keys), IN_CHUNK):
        chunk = keys[i : i + IN_CHUNK]
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {key_column} IN "
            f"({', '.join(['%s'] * len(chunk))})",
            chunk,
        )
        found.update(row[0] for row in cursor.fetchall() if row[0] in values)
    return found


def _existing_postgres(
    cursor: Any, table: str, column: str, key_column: str, unique: Sequence[Any], key_type: str
) -> list[str]:
    """One statement for the batch, read through the column's index whatever the statistics.

    A table being loaded has no statistics yet (autovacuum analyzes it later, or never when it
    is off): PostgreSQL then guessed 50 rows per value and read the whole table for each chunk
    of 900 values (213 ms a chunk at 680k items, 245 µs a mention, growing with the table).
    Seeking each value in the index is the right plan at any size, so the batch's lookup is
    made with sequential scans off, for this statement only."""
    cursor.execute(
        "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
    )
    before = cursor.fetchone()[0]
    cursor.execute(
        f"SELECT {column} FROM {table} WHERE {key_column} = ANY(%s::{key_type}[])",
        [list(unique)],
    )
    rows = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])
    return rows
