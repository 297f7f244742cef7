"""The client's signed link: shows every variant escaped, records the decision as "client via
link", and says so when the post changed since the link was sent or the link is forged."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from portevoix.editorial import actions, links
from portevoix.editorial.models import ApprovalMode, PostStatus, TargetStatus
from portevoix.editorial.tests.factories import make_post, set_mode


def pending_client_post(
    alice: Any, bob: Any, brand: Any, text: str = "Bonjour <b>client</b>"
) -> Any:
    set_mode(brand, ApprovalMode.INTERNAL_THEN_CLIENT)
    post = make_post(brand, alice, text=text)
    actions.submit_for_approval(alice, post)
    return actions.approve(bob, post, stage="internal")


def test_it_lets_the_client_approve_without_an_account(
    alice: Any, bob: Any, brand: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    post = pending_client_post(alice, bob, brand)
    with django_capture_on_commit_callbacks(execute=True):
        url = actions.send_to_client(bob, post, email="client@example.org")
    assert mail.outbox[-1].to == ["client@example.org"] and url in mail.outbox[-1].body
    path = url.removeprefix("http://127.0.0.1:8000")
    page = client.get(path).content.decode()
    assert "Bonjour &lt;b&gt;client&lt;/b&gt;" in page
    response = client.post(path, {"decision": "approve", "version": post.version, "comment": "OK"})
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert post.targets.get().status == TargetStatus.SCHEDULED
    step = post.approval_steps.last()
    assert (step.via_link, step.actor, step.comment) == (True, None, "OK")


def test_it_says_the_post_changed_for_a_link_to_an_older_version(
    alice: Any, bob: Any, brand: Any, client: Any
) -> None:
    post = pending_client_post(alice, bob, brand)
    token = links.approval_token(post)
    target = post.targets.get()
    actions.save_post(
        alice,
        brand,
        post,
        text="Nouveau",
        targets=[
            actions.TargetInput(
                account=target.account, text="Nouveau", scheduled_at=target.scheduled_at
            )
        ],
    )
    path = reverse("editorial-public:client-approval", args=[token])
    page = client.get(path).content.decode()
    assert "changed since" in page or "a changé" in page
    client.post(path, {"decision": "approve", "version": post.version})
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_it_refuses_a_forged_link(client: Any, alice: Any, bob: Any, brand: Any) -> None:
    post = pending_client_post(alice, bob, brand)
    token = links.approval_token(post)
    response = client.get(reverse("editorial-public:client-approval", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert "Bonjour" not in response.content.decode()
