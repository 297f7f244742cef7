"""End to end against a running Mastodon-API server (mastodon-mock): signing in, limits,
media, the Idempotency-Key, lookup, mentions, listening, errors and delete."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest

from portevoix.connectors.base import Account, Credentials, Draft, PublishState
from portevoix.connectors.errors import AuthExpired, Rejected
from portevoix.connectors.mastodon import connector as module
from portevoix.connectors.mastodon.connector import MastodonConnector
from portevoix.connectors.mastodon.tests import helpers
from portevoix.connectors.mastodon.tests.conftest import new_user_token
from portevoix.lib.http import make_client

pytestmark = pytest.mark.e2e

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763"
    "f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


@pytest.fixture
def mastodon() -> MastodonConnector:
    return MastodonConnector(make_client(), {"media_poll_interval": 0.1})


def signed_in(mastodon: MastodonConnector, base: str, name: str) -> Account:
    credentials = Credentials(access_token=new_user_token(base, name), extra={"instance": base})
    return mastodon.account_from_token(credentials)


def test_it_signs_in_and_reads_the_instance_limits(
    mastodon: MastodonConnector, mastodon_server: str
) -> None:
    module._limits_cache.clear()
    account = signed_in(mastodon, mastodon_server, "alice")
    assert account.handle.startswith("@alice")
    assert account.external_id
    limits = mastodon.limits(account)
    assert limits.max_length == 500
    assert limits.media.max_count == 4
    assert mastodon.check_health(account).valid


def test_it_publishes_with_media_once_per_idempotency_key(
    mastodon: MastodonConnector, mastodon_server: str
) -> None:
    account = signed_in(mastodon, mastodon_server, "alice")
    image = helpers.image()
    image = type(image)(
        filename="pixel.png",
        content_type="image/png",
        size=len(TINY_PNG),
        alt_text="Un pixel rouge",
        data=lambda: TINY_PNG,
    )
    draft = Draft(text="Nouvelle carte d'automne #cafelumiere", media=(image,))
    first = mastodon.publish(account, draft, "target-e2e-1", PublishState())
    # A retry that lost its state entirely: the server answers with the first status.
    again = mastodon.publish(account, draft, "target-e2e-1", PublishState())
    assert again.platform_id == first.platform_id
    status = httpx.get(f"{mastodon_server}/api/v1/statuses/{first.platform_id}").json()
    assert status["media_attachments"][0]["description"] == "Un pixel rouge"
    page = mastodon.search(account, "#cafelumiere")
    assert first.platform_id in [item.platform_id for item in page.items]


def test_it_finds_a_status_whose_answer_was_lost(
    mastodon: MastodonConnector, mastodon_server: str
) -> None:
    account = signed_in(mastodon, mastodon_server, "alice")
    state = PublishState()
    published = mastodon.publish(account, Draft(text="Perdu puis retrouvé"), "t-2", state)
    lost = PublishState({"sent_at": state["sent_at"], "text": state["text"]})
    found = mastodon.lookup(account, "t-2", lost)
    assert found is not None
    assert found.platform_id == published.platform_id
    never = PublishState({"sent_at": state["sent_at"], "text": "jamais publié"})
    assert mastodon.lookup(account, "t-3", never) is None


def test_it_reads_mentions_and_replies(mastodon: MastodonConnector, mastodon_server: str) -> None:
    alice = signed_in(mastodon, mastodon_server, "alice")
    bob = signed_in(mastodon, mastodon_server, "bob")
    local_name = alice.handle.split("@")[1]  # same instance: @name
    post = mastodon.publish(bob, Draft(text=f"Bonjour @{local_name} !"), "t-4", PublishState())
    page = mastodon.fetch_mentions(alice)
    assert post.platform_id in [item.platform_id for item in page.items]
    assert mastodon.fetch_mentions(alice, cursor=page.cursor).items == ()
    answer = mastodon.reply(alice, post.platform_id, Draft(text=f"{bob.handle} merci !"))
    status = httpx.get(f"{mastodon_server}/api/v1/statuses/{answer.platform_id}").json()
    assert status["in_reply_to_id"] == post.platform_id


def test_it_maps_the_servers_refusals(mastodon: MastodonConnector, mastodon_server: str) -> None:
    account = signed_in(mastodon, mastodon_server, "alice")
    with pytest.raises(Rejected) as caught:
        mastodon.publish(account, Draft(text="x" * 501), "t-5", PublishState())
    assert caught.value.status == 422
    revoked = Account(
        kind="mastodon",
        base_url=mastodon_server,
        external_id=account.external_id,
        credentials=Credentials(access_token="revoked"),
    )
    with pytest.raises(AuthExpired):
        mastodon.publish(revoked, Draft(text="x"), "t-6", PublishState())
    assert not mastodon.check_health(revoked).valid


def test_it_deletes(mastodon: MastodonConnector, mastodon_server: str) -> None:
    account = signed_in(mastodon, mastodon_server, "alice")
    published = mastodon.publish(account, Draft(text="À effacer"), "t-7", PublishState())
    mastodon.delete(account, published.platform_id)
    assert (
        httpx.get(f"{mastodon_server}/api/v1/statuses/{published.platform_id}").status_code == 404
    )
    mastodon.delete(account, published.platform_id)  # already gone: no error


def test_it_connects_through_the_instances_oauth_code_flow(
    mastodon: MastodonConnector, mastodon_server: str
) -> None:
    """What the generic OAuth flow does with register_app and oauth_config (PKCE S256; the
    fake server accepts the challenge without checking it, Mastodon 4.3+ checks it)."""
    existing = signed_in(mastodon, mastodon_server, "carole")
    username = existing.handle.split("@")[1]
    redirect = "https://pv.example/connectors/oauth/callback"
    app = mastodon.register_app(mastodon_server, redirect)
    config = mastodon.oauth_config(mastodon_server)
    verifier = "v" * 64
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    page = httpx.get(
        config.authorize_url,
        params={
            "client_id": app["client_id"],
            "redirect_uri": redirect,
            "response_type": "code",
            "scope": " ".join(config.scopes),
            "state": "s1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    assert page.status_code == 200
    chosen = httpx.post(
        config.authorize_url,
        data={
            "username": username,
            "redirect_uri": redirect,
            "client_id": app["client_id"],
            "state": "s1",
        },
    )
    assert chosen.status_code == 302
    code = httpx.URL(chosen.headers["location"]).params["code"]
    token = httpx.post(
        config.token_url,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "code_verifier": verifier,
        },
    ).json()
    credentials = Credentials(
        access_token=token["access_token"], extra={"instance": mastodon_server}
    )
    account = mastodon.account_from_token(credentials)
    assert account.external_id == existing.external_id
    assert account.handle == existing.handle
