"""The archive's text index (search_index.py): FTS5 on SQLite, a tsvector table on PostgreSQL.

Replaced by migration 0005 (one row per mention, cut by brand), which fills it from the database.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS listening_item_fts USING fts5("
    "words, tags, tokenize = \"unicode61 remove_diacritics 0 tokenchars '#@'\")",
    # A deleted item leaves the index with it (the database stays the source of truth).
    "CREATE TRIGGER IF NOT EXISTS listening_item_fts_delete AFTER DELETE ON listening_item "
    "BEGIN DELETE FROM listening_item_fts WHERE rowid = old.id; END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS listening_item_fts_delete",
    "DROP TABLE IF EXISTS listening_item_fts",
]
POSTGRES = [
    # No foreign key: Django's flush (transactional tests) truncates its own tables only, and
    # PostgreSQL refuses to truncate a table another one references. Triggers keep the index
    # in step instead: a deleted item takes its row along, a truncated table its whole index.
    "CREATE TABLE IF NOT EXISTS listening_item_text ("
    "item_id bigint PRIMARY KEY, words tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS listening_item_text_words ON listening_item_text "
    "USING gin (words)",
    "CREATE OR REPLACE FUNCTION listening_item_text_forget() RETURNS trigger AS $$ "
    "BEGIN DELETE FROM listening_item_text WHERE item_id = OLD.id; RETURN OLD; END $$ "
    "LANGUAGE plpgsql",
    "CREATE TRIGGER listening_item_text_forget AFTER DELETE ON listening_item "
    "FOR EACH ROW EXECUTE FUNCTION listening_item_text_forget()",
    "CREATE OR REPLACE FUNCTION listening_item_text_empty() RETURNS trigger AS $$ "
    "BEGIN TRUNCATE listening_item_text; RETURN NULL; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER listening_item_text_empty AFTER TRUNCATE ON listening_item "
    "FOR EACH STATEMENT EXECUTE FUNCTION listening_item_text_empty()",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS listening_item_text_empty ON listening_item",
    "DROP TRIGGER IF EXISTS listening_item_text_forget ON listening_item",
    "DROP FUNCTION IF EXISTS listening_item_text_empty()",
    "DROP FUNCTION IF EXISTS listening_item_text_forget()",
    "DROP TABLE IF EXISTS listening_item_text",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES if vendor == "postgresql" else SQLITE)
    # Not filled here: 0005 replaces this index by one row per mention and fills that one.


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES_REVERSE if vendor == "postgresql" else SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("listening", "0003_archive_indexes")]

    operations = [migrations.RunPython(forward, backward)]
