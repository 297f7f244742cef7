"""`portevoix rebuild-search-index`: refill the archive's text index and rollup from the database."""

from typing import Any

from django.core.management.base import BaseCommand

from portevoix.listening import search_index


class Command(BaseCommand):
    help = "Rebuild the mention archive's text index and daily rollup from the database."

    def handle(self, *args: Any, **options: Any) -> None:
        items, days = search_index.rebuild()
        self.stdout.write(f"Indexed {items} items; {days} archive day rows.")
