"""`portevoix rotate-token-keys`: re-encrypt every stored secret with the newest key.

Put the new key first in PORTEVOIX_TOKEN_KEYS (keep the old one after it), run this, then drop
the old key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portevoix.connectors import actions


class Command(BaseCommand):
    help = "Re-encrypt every connected account's secrets with the newest PORTEVOIX_TOKEN_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated, unreadable = actions.rotate_token_keys()
        self.stdout.write(f"rotated: {rotated}, unreadable: {unreadable}")
        if unreadable:
            raise CommandError(
                f"{unreadable} account(s) have secrets no configured key can read: the key that "
                "wrote them was removed; those accounts must be reconnected."
            )
