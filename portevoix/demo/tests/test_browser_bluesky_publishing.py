"""End to end in a real browser, to a real Bluesky PDS on 127.0.0.1 (`make test-e2e`).

The owner connects the brand's Bluesky account on the connect page with an app password (made
on the PDS through its XRPC API, as a person makes one in the Bluesky app), a community manager
writes a post for it and sees the quality gate refuse an over-long text first, a strategist
approves it and sends it to the client, the client approves it through the e-mailed link, the
publishing sweep runs in this process past the post's time, and the community manager sees it
published with its link. The PDS is then asked for the record: exactly one post, with the text.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
import zoneinfo
from typing import Any

import httpx
import pytest
import time_machine
from django.urls import reverse

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.models import Brand, Role
from portevoix.conftest import PASSWORD
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.demo.bluesky import LocalNetwork, NotAvailable
from portevoix.demo.tests.browser import (
    approve_and_send_to_client,
    approve_as_client,
    assert_ok,
    log_in,
    new_page,
    screenshot_on_failure,
    submit_for_approval,
)
from portevoix.editorial import actions
from portevoix.editorial.models import ApprovalMode, Post, PostStatus, PostTarget, TargetStatus
from portevoix.publishing import actions as publishing_actions

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
PDS = os.environ.get("PORTEVOIX_E2E_PDS", "http://localhost:2583")
APPVIEW = os.environ.get("PORTEVOIX_E2E_APPVIEW", "http://localhost:2584")
FULL = os.environ.get("PORTEVOIX_E2E_FULL") == "1"
TOO_LONG = "Nouveau menu d'automne au Café Lumière ! " * 8  # 328 graphemes; Bluesky takes 300
FIXED = "Nouveau menu d'automne au Café Lumière : courge rôtie et chai maison. #automne"


@pytest.fixture
def person_on_pds(settings: Any) -> dict[str, str]:
    """A new account on the local PDS and an app password for Porte-voix."""
    # Links to posts name the local AppView, not bsky.app (which knows nothing of ".test").
    settings.PORTEVOIX_CONNECTORS = {
        **settings.PORTEVOIX_CONNECTORS,
        "bluesky": {"app_url": APPVIEW},
    }
    handle = f"cafe{uuid.uuid4().hex[:6]}.test"
    try:
        network = LocalNetwork(PDS)
        network.check()
    except NotAvailable as exc:
        pytest.fail(f"{exc}: start it with atproto-local.sh start-pds (make test-e2e does)")
    session = network.person(handle)
    return {
        "handle": handle,
        "did": session["did"],
        "app_password": network.app_password(session, "Porte-voix"),
    }


def posts_on_pds(did: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{PDS}/xrpc/com.atproto.repo.listRecords",
        params={"repo": did, "collection": "app.bsky.feed.post", "limit": 100},
    )
    answer.raise_for_status()
    records: list[dict[str, Any]] = answer.json()["records"]
    return records


def test_it_publishes_to_bluesky_a_post_approved_by_the_team_and_the_client(
    browser: Any,
    live_server: Any,
    alice: Any,
    bob: Any,
    brand: Brand,
    member_with_role: Any,
    mailoutbox: list[Any],
    in_process_worker: list[int],
    person_on_pds: dict[str, str],
    request: pytest.FixtureRequest,
) -> None:
    manager = member_with_role(Role.COMMUNITY_MANAGER)
    for person in (alice, bob, manager):
        accounts_actions.set_profile(person, person, language="fr")
    actions.update_settings(alice, brand, approval_mode=ApprovalMode.INTERNAL_THEN_CLIENT)
    handle = person_on_pds["handle"]
    page_errors: list[str] = []

    owner = new_page(browser)
    owner.on("pageerror", lambda error: page_errors.append(str(error)))
    list_path = reverse("connectors:list", kwargs={"brand_id": brand.pk})
    with screenshot_on_failure(owner, request.node.name + "-connect"):
        log_in(owner, live_server, alice.username, PASSWORD)
        assert_ok(owner, owner.goto(live_server.url + list_path))
        with owner.expect_navigation() as navigation:
            owner.locator("ul.platforms").get_by_role("link", name="Bluesky", exact=True).click()
        assert_ok(owner, navigation.value)
        owner.locator('[name="handle"]').fill("@" + handle)
        owner.locator('[name="app_password"]').fill(person_on_pds["app_password"])
        owner.locator('[name="pds_url"]').fill(PDS)
        owner.locator('[name="label"]').fill("Café Lumière sur Bluesky")
        with owner.expect_navigation() as navigation:
            owner.get_by_role("button", name="Connecter", exact=True).click()
        assert_ok(owner, navigation.value)
        assert owner.url.endswith(list_path)
        assert "Café Lumière sur Bluesky est connecté" in owner.locator("body").inner_text()
        row = owner.locator("table.connections tbody tr")
        assert row.count() == 1
        assert "Bluesky" in row.inner_text() and handle in row.inner_text()

    account = ConnectedAccount.objects.get(brand=brand, kind="bluesky")
    assert (account.external_id, account.status) == (person_on_pds["did"], AccountStatus.ACTIVE)
    assert account.credentials.refresh_token  # the app password itself is not kept
    assert person_on_pds["app_password"] not in str(account.secrets)

    tz = zoneinfo.ZoneInfo(brand.timezone)
    when = (dt.datetime.now(tz) + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    prefix = f"t{account.pk}"
    cm = new_page(browser)
    cm.on("pageerror", lambda error: page_errors.append(str(error)))
    create_path = reverse("editorial:post-create", kwargs={"brand_id": brand.pk})
    with screenshot_on_failure(cm, request.node.name + "-cm"):
        log_in(cm, live_server, manager.username, PASSWORD)
        assert_ok(cm, cm.goto(live_server.url + create_path))
        cm.locator('[name="title"]').fill("Menu d'automne sur Bluesky")
        cm.locator(f'[name="{prefix}-enabled"]').check()
        cm.locator(f'[name="{prefix}-text"]').fill(TOO_LONG)
        with cm.expect_navigation() as navigation:
            cm.locator('button[name="intent"][value="save"]').click()
        assert_ok(cm, navigation.value)
        findings = cm.get_by_role("list", name="Problèmes trouvés").inner_text()
        assert "Trop long pour Bluesky" in findings and "328 sur 300" in findings, findings

        submit_for_approval(cm, prefix, FIXED, when)

    post = Post.objects.get(brand=brand)
    target = PostTarget.objects.get(post=post)
    assert post.status == PostStatus.PENDING_INTERNAL
    assert (target.text, target.scheduled_at) == (FIXED, when.astimezone(dt.UTC))

    approve_and_send_to_client(browser, live_server, request.node.name, bob.username, post)

    post.refresh_from_db()
    assert post.status == PostStatus.PENDING_CLIENT
    approve_as_client(browser, live_server, request.node.name, mailoutbox[-1].body)

    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED
    assert posts_on_pds(person_on_pds["did"]) == []

    # Not before its time; past it, the sweep hands it to the (in-process) worker, which
    # publishes on the PDS. Only this process's clock moves: the PDS keeps the real time.
    publishing_actions.sweep()
    assert in_process_worker == []
    with time_machine.travel(when + dt.timedelta(minutes=1), tick=False):
        publishing_actions.sweep()
    target.refresh_from_db()
    assert in_process_worker == [target.pk]
    assert target.status == TargetStatus.PUBLISHED, target.last_error
    rkey = target.platform_id.rsplit("/", 1)[1]
    assert target.platform_id == f"at://{person_on_pds['did']}/app.bsky.feed.post/{rkey}"
    assert target.platform_url == f"{APPVIEW}/profile/{handle}/post/{rkey}"

    target_path = reverse("publishing:target", kwargs={"brand_id": brand.pk, "pk": target.pk})
    with screenshot_on_failure(cm, request.node.name + "-published"):
        assert_ok(cm, cm.goto(live_server.url + target_path))
        assert cm.locator("dd.status-published").inner_text().strip() == "Publié"
        platform_link = cm.get_by_role("link", name="la voir sur la plateforme")
        assert platform_link.get_attribute("href") == target.platform_url
    assert page_errors == [], f"JavaScript errors: {page_errors}"

    # On the platform: the record, its hashtag as a facet, and nothing posted twice.
    record = httpx.get(
        f"{PDS}/xrpc/com.atproto.repo.getRecord",
        params={"repo": person_on_pds["did"], "collection": "app.bsky.feed.post", "rkey": rkey},
    ).json()
    assert record["uri"] == target.platform_id
    assert record["value"]["text"] == FIXED
    assert record["value"]["facets"][0]["features"][0]["tag"] == "automne"
    assert [r["value"]["text"] for r in posts_on_pds(person_on_pds["did"])] == [FIXED]
    # A second sweep (a duplicate task, a restarted worker) posts nothing more.
    with time_machine.travel(when + dt.timedelta(minutes=2), tick=False):
        publishing_actions.sweep()
    assert len(posts_on_pds(person_on_pds["did"])) == 1

    if FULL:  # the AppView has it too (it indexes the PDS's firehose asynchronously)
        seen: list[Any] = []
        deadline = time.monotonic() + 30
        while not seen and time.monotonic() < deadline:
            seen = httpx.get(
                f"{APPVIEW}/xrpc/app.bsky.feed.getPosts", params={"uris": target.platform_id}
            ).json()["posts"]
            time.sleep(0 if seen else 0.5)
        assert [p["record"]["text"] for p in seen] == [FIXED]
