"""The mentions lose their index on the date alone: every reader of mentions by date is one
brand's (the alerts' "mentions that caused it" now say the query's brand too), which the
(brand, date, sentiment) index serves, and each index costs every insert of a bulk load a
random page (an archive's dates span months).

The index is dropped by its name rather than by altering the field: SQLite would rebuild the
whole mention table for it.
"""

from django.db import migrations, models

NAME = "listening_mention_published_at_daa03809"


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0007_item_content_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="mention",
                    name="published_at",
                    field=models.DateTimeField(),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{NAME}"',
                    f'CREATE INDEX IF NOT EXISTS "{NAME}" ON listening_mention (published_at)',
                ),
            ],
        ),
    ]
