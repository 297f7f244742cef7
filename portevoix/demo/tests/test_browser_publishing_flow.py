"""End to end in a real browser: a post goes from the editor to the (demo) platform.

A community manager writes it (and sees the quality gate refuse an over-long text first), a
strategist approves it and sends it to the client, the client approves it through the e-mailed
link without an account, the publishing sweep runs in this process with the clock moved past
the post's time (time-machine), and the community manager sees it published with its link.
Runs Debian's headless Chromium against pytest-django's live server (`browser.py`). It lives in
`demo` because it crosses editorial and publishing: only the top layer may import both.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.models import Brand, Role
from portevoix.conftest import PASSWORD
from portevoix.connectors.tests.factories import make_account
from portevoix.demo.tests.browser import (
    CLIENT_EMAIL,
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

pytestmark = pytest.mark.browser

TOO_LONG = "Nouveau menu d'automne au Café Lumière ! " * 13  # 533 characters; the limit is 500
FIXED = "Nouveau menu d'automne au Café Lumière : courge rôtie et chai maison. À bientôt !"


def test_it_publishes_a_post_approved_by_the_team_and_the_client(
    browser: Any,
    live_server: Any,
    alice: Any,
    bob: Any,
    brand: Brand,
    member_with_role: Any,
    mailoutbox: list[Any],
    in_process_worker: list[int],
    request: pytest.FixtureRequest,
) -> None:
    # Set up through the actions: bob is the strategist, a community manager, a demo channel.
    manager = member_with_role(Role.COMMUNITY_MANAGER)
    for person in (alice, bob, manager):
        accounts_actions.set_profile(person, person, language="fr")
    account = make_account(brand)
    actions.update_settings(alice, brand, approval_mode=ApprovalMode.INTERNAL_THEN_CLIENT)
    tz = zoneinfo.ZoneInfo(brand.timezone)
    when = (dt.datetime.now(tz) + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    prefix = f"t{account.pk}"
    calendar_path = reverse("editorial:calendar", kwargs={"brand_id": brand.pk})
    create_path = reverse("editorial:post-create", kwargs={"brand_id": brand.pk})
    page_errors: list[str] = []

    cm = new_page(browser)
    cm.on("pageerror", lambda error: page_errors.append(str(error)))
    with screenshot_on_failure(cm, request.node.name + "-cm"):
        log_in(cm, live_server, manager.username, PASSWORD)
        assert_ok(cm, cm.goto(live_server.url + calendar_path))
        assert_ok(cm, cm.goto(live_server.url + create_path))
        cm.locator('[name="title"]').fill("Menu d'automne")
        cm.locator(f'[name="{prefix}-enabled"]').check()
        cm.locator(f'[name="{prefix}-text"]').fill(TOO_LONG)
        with cm.expect_navigation() as navigation:
            cm.locator('button[name="intent"][value="save"]').click()
        assert_ok(cm, navigation.value)
        findings = cm.get_by_role("list", name="Problèmes trouvés")
        assert "Trop long" in findings.inner_text() and "533 sur 500" in findings.inner_text()

        submit_for_approval(cm, prefix, FIXED, when)

    post = Post.objects.get(brand=brand)
    target = PostTarget.objects.get(post=post)
    assert post.status == PostStatus.PENDING_INTERNAL
    assert (target.text, target.scheduled_at) == (FIXED, when.astimezone(dt.UTC))

    approve_and_send_to_client(browser, live_server, request.node.name, bob.username, post)

    post.refresh_from_db()
    assert post.status == PostStatus.PENDING_CLIENT
    assert [m.to for m in mailoutbox] == [[CLIENT_EMAIL]]
    approve_as_client(browser, live_server, request.node.name, mailoutbox[0].body)

    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED

    # Not before its time: the sweep at the real now leaves it; past its time it publishes.
    publishing_actions.sweep()
    target.refresh_from_db()
    assert (target.status, in_process_worker) == (TargetStatus.SCHEDULED, [])
    with time_machine.travel(when + dt.timedelta(minutes=1), tick=False):
        publishing_actions.sweep()
    target.refresh_from_db()
    assert in_process_worker == [target.pk]
    assert target.status == TargetStatus.PUBLISHED
    assert target.platform_url.startswith("https://demo.porte-voix.invalid/")

    target_path = reverse("publishing:target", kwargs={"brand_id": brand.pk, "pk": target.pk})
    with screenshot_on_failure(cm, request.node.name + "-published"):
        assert_ok(cm, cm.goto(live_server.url + target_path))
        assert cm.locator("dd.status-published").inner_text().strip() == "Publié"
        platform_link = cm.get_by_role("link", name="la voir sur la plateforme")
        assert platform_link.get_attribute("href") == target.platform_url
    assert page_errors == [], f"JavaScript errors: {page_errors}"
