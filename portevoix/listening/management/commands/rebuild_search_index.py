"""`portevoix rebuild-search-index`: refill the archive's text index and rollups from the mentions.

`--check` changes nothing: it says which rollup rows and index rows differ from the mentions
(and exits with status 1 if any does).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portevoix.listening import archive


class Command(BaseCommand):
    help = "Rebuild the mention archive's text index and rollups from the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the index and rollups with the mentions; change nothing.",
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if check:
            found = archive.check()
            for name, wrong in found.items():
                self.stdout.write(f"{name}: {wrong} row(s) differ from the mentions")
            if any(found.values()):
                raise CommandError("The archive's index or rollups differ: run without --check.")
            return
        archive.install_triggers(archive.connection)
        done = archive.rebuild()
        rows = ", ".join(f"{table} {n}" for table, n in done.rollup_rows.items())
        self.stdout.write(f"Indexed {done.mentions_indexed} mentions; rollup rows: {rows}.")
