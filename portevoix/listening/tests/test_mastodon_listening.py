"""End to end against a running Mastodon-API server (mastodon-mock): a platform-search source
and an owned account's mentions bring posts into the archive, matched and enriched."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from portevoix.connectors import actions as connector_actions
from portevoix.connectors.base import Credentials
from portevoix.connectors.mastodon.tests.conftest import (  # noqa: F401 (a fixture)
    mastodon_server,
    new_user_token,
)
from portevoix.listening import actions, enrichment
from portevoix.listening.models import Mention, Source, SourceKind, SourceStatus
from portevoix.listening.sources import poll_source
from portevoix.listening.tests.factories import make_query

pytestmark = pytest.mark.e2e


def toot(base: str, token: str, text: str) -> None:
    response = httpx.post(
        f"{base}/api/v1/statuses",
        json={"status": text},
        headers={"Authorization": f"Bearer {token}"},
    )
    response.raise_for_status()


def test_it_listens_to_a_hashtag_and_to_the_brands_mentions(
    brand: Any,
    alice: Any,
    mastodon_server: str,  # noqa: F811
) -> None:
    connector = connector_actions.connector_for("mastodon")
    ours = new_user_token(mastodon_server, "cafelumiere")
    account = connector.account_from_token(
        Credentials(access_token=ours, extra={"instance": mastodon_server})
    )
    connected = connector_actions.connect_account(alice, brand, account)
    fan = new_user_token(mastodon_server, "fan")
    toot(mastodon_server, fan, "Meilleur latte en ville au Café Lumière #cafelumiere")
    local = "@" + account.handle.lstrip("@").split("@")[0]
    toot(mastodon_server, fan, f"Service horrible ce matin {local} #cafelumiere")
    toot(mastodon_server, fan, "Rien à voir avec la marque")
    make_query(brand, "#cafelumiere OR lumiere OR cafelumiere")
    search = actions.save_source(
        alice,
        brand,
        kind=SourceKind.PLATFORM_SEARCH,
        name="Mastodon #cafelumiere",
        account=connected,
        search_terms="#cafelumiere",
        poll_interval=300,
    )
    mentions = actions.save_source(
        alice,
        brand,
        kind=SourceKind.OWNED_MENTIONS,
        name="Mentions",
        account=connected,
        poll_interval=300,
    )
    stats = poll_source(search.pk)
    assert stats is not None and stats.stored == 2 and stats.mentions == 2
    owned = poll_source(mentions.pk)
    assert owned is not None and owned.duplicates >= 1  # the same post, found twice, kept once
    assert Source.objects.get(pk=search.pk).status == SourceStatus.OK
    enrichment.enrich_pending()
    sentiments = set(Mention.objects.filter(brand=brand).values_list("sentiment", flat=True))
    assert sentiments == {"positive", "negative"}
    assert set(Mention.objects.values_list("source_kind", flat=True)) == {"mastodon"}
