"""Every connector Porte-voix knows: an explicit dict, imported lazily.

To add a platform, add one line here (kind → "dotted.path.Class") with its sub-package; nothing
registers itself by being imported. `ConnectedAccount.kind` takes its choices from this dict
through a callable, so a new connector needs no migration.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

from django.conf import settings

from portevoix.connectors.base import Connector

CONNECTORS: dict[str, str] = {
    "bluesky": "portevoix.connectors.bluesky.connector.BlueskyConnector",
    "fake": "portevoix.connectors.fake.connector.FakeConnector",
    "mastodon": "portevoix.connectors.mastodon.connector.MastodonConnector",
    "wordpress": "portevoix.connectors.wordpress.connector.WordPressConnector",
    "telegram": "portevoix.connectors.telegram.connector.TelegramConnector",
    "discord": "portevoix.connectors.discord.connector.DiscordConnector",
    "webhook": "portevoix.connectors.webhook.connector.WebhookConnector",
    "facebook_page": "portevoix.connectors.facebook.connector.FacebookPageConnector",
    "instagram": "portevoix.connectors.instagram.connector.InstagramConnector",
    "linkedin": "portevoix.connectors.linkedin.connector.LinkedInConnector",
    "threads": "portevoix.connectors.threads.connector.ThreadsConnector",
    "x": "portevoix.connectors.x.connector.XConnector",
}


@cache
def connector_class(kind: str) -> type[Connector]:
    try:
        path = CONNECTORS[kind]
    except KeyError:
        raise LookupError(f"no connector for {kind!r}") from None
    module, _dot, name = path.rpartition(".")
    cls: type[Connector] = getattr(import_module(module), name)
    return cls


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind, connector_class(kind).label) for kind in CONNECTORS]


def connector_settings(kind: str) -> dict[str, Any]:
    """Deployment-wide settings of one connector (client ids, secrets, base URLs), from
    `settings.PORTEVOIX_CONNECTORS[kind]`, themselves read from the environment."""
    all_settings: dict[str, dict[str, Any]] = getattr(settings, "PORTEVOIX_CONNECTORS", {})
    return dict(all_settings.get(kind, {}))
