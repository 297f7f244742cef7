"""The archive's text index (search_index.py): FTS5 on SQLite, a tsvector table on PostgreSQL.

Existing items and mentions are indexed and counted here so that the index starts complete.
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
    "CREATE TABLE IF NOT EXISTS listening_item_text ("
    "item_id bigint PRIMARY KEY REFERENCES listening_item (id) ON DELETE CASCADE, "
    "words tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS listening_item_text_words ON listening_item_text "
    "USING gin (words)",
]
POSTGRES_REVERSE = ["DROP TABLE IF EXISTS listening_item_text"]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES if vendor == "postgresql" else SQLITE)
    # Fill from what is already stored (empty on a new install).
    Item = apps.get_model("listening", "Item")
    if Item.objects.using(schema_editor.connection.alias).exists():
        from portevoix.listening import search_index

        search_index.rebuild()


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRES_REVERSE if vendor == "postgresql" else SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("listening", "0003_archive_indexes")]

    operations = [migrations.RunPython(forward, backward)]
