"""The text index on PostgreSQL gains a lexeme per pair of adjacent words (search_index.py), so
a phrase search is an index lookup: every row is rebuilt from the mentions. SQLite's FTS5 index
keeps positions itself and is left as it is.

The items' two de-duplication indexes become named Meta indexes: with `db_index=True` Django
also gave each a second index on PostgreSQL (varchar_pattern_ops, for LIKE), which no query
uses and every insert paid for. The plain indexes are renamed, not rebuilt (SQLite cannot rename
an index: there the same index is made again under its new name, a few seconds at 1M items).
"""

from django.db import migrations, models

# (old name Django gave the db_index, new name, column)
INDEXES = [
    ("listening_item_canonical_url_fb90494b", "item_canonical_url", "canonical_url"),
    ("listening_item_content_hash_1fe7530f", "item_content_hash", "content_hash"),
]


def rename_indexes(apps, schema_editor):
    _move(schema_editor, forward=True)


def rename_indexes_back(apps, schema_editor):
    _move(schema_editor, forward=False)


def _move(schema_editor, *, forward):
    for old, new, column in INDEXES:
        source, target = (old, new) if forward else (new, old)
        if schema_editor.connection.vendor == "postgresql":
            if forward:
                schema_editor.execute(f'DROP INDEX IF EXISTS "{old}_like"')
            else:
                schema_editor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{old}_like" ON listening_item '
                    f"({column} varchar_pattern_ops)"
                )
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{source}" RENAME TO "{target}"')
        else:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{source}"')
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{target}" ON listening_item ({column})'
            )


def rebuild_text_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # FTS5 keeps positions: nothing to add
    # Plain SQL and the index's own code, as migration 0005 fills it (archive.rebuild).
    from portevoix.listening import archive

    archive.rebuild_text_index()


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0005_archive_rollups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="item",
                    name="canonical_url",
                    field=models.CharField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name="item",
                    name="content_hash",
                    field=models.CharField(max_length=64),
                ),
                migrations.AddIndex(
                    model_name="item",
                    index=models.Index(fields=["canonical_url"], name="item_canonical_url"),
                ),
                migrations.AddIndex(
                    model_name="item",
                    index=models.Index(fields=["content_hash"], name="item_content_hash"),
                ),
            ],
            database_operations=[migrations.RunPython(rename_indexes, rename_indexes_back)],
        ),
        # The old rows are rebuilt whichever way the migration runs (the reverse keeps the
        # pairs: the search reads what it knows and ignores the rest).
        migrations.RunPython(rebuild_text_index, migrations.RunPython.noop),
    ]
